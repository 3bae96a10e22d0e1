/**
 * Case-study fieldwork in the research export: findings beside the survey's frozen predictions, the
 * validation tables (overall and per group), consultation themes, and a table documenting every
 * column of those three (the responses codebook covers questionnaire variables only).
 */
import {
  BAND_LABELS,
  CLASSES,
  CLASS_LABELS,
  FINDING_REASONS,
  FINDING_RESULTS,
  observedClass,
  predictedClass,
  type Agreement,
  type FindingResult,
  type PredictedBand,
  type ValidationSummary,
} from "../case-study-fieldwork/validation.ts";
import type { CellValue, ColumnKind, ColumnSpec, TableData } from "./sheet-types.ts";

export interface FindingExportRow {
  laCode: string;
  laName: string;
  wave: number | null;
  indicatorId: string;
  indicatorName: string;
  result: string;
  reason: string | null;
  predictedBand: string;
  predictedScore: number | null;
  rulesVersion: number | null;
  capabilityBand: string | null;
  ofstedTrajectory: string | null;
  notes: string;
  definitionChange: string | null;
  proposalStatus: string | null;
  recordedAt: string;
}

export interface ConsultationThemeExportRow {
  laCode: string;
  laName: string;
  heldOn: string;
  format: string;
  group: string;
  participants: number;
  theme: string;
  outcomeArea: string | null;
  indicatorIds: string[];
}

export interface CaseStudyFieldworkExport {
  findings: FindingExportRow[];
  validation: ValidationSummary;
  consultationThemes: ConsultationThemeExportRow[];
}

interface DocumentedColumn extends ColumnSpec {
  description: string;
}
const col = (key: string, kind: ColumnKind, description: string, width?: number): DocumentedColumn => ({ key, header: key, kind, width, description });

const CLASS_CODES = "ready = Ready now / produced; develop = feasible with development / produced with differences or by hand; notNow = not feasible now / not produced";

export const FINDING_COLUMNS: DocumentedColumn[] = [
  col("la_code", "text", "DfE LA code", 8),
  col("la_name", "text", "LA name", 24),
  col("wave", "integer", "Case-study wave of the latest saved selection that picked the LA"),
  col("indicator_id", "text", "Indicator id in the catalogue", 28),
  col("indicator_name", "text", "Indicator name", 40),
  col("result", "text", `What the LA's analysts produced: ${FINDING_RESULTS.join(", ")}`, 24),
  col("reason", "text", `Main reason when not produced as specified: ${FINDING_REASONS.join(", ")}`, 20),
  col("predicted_band", "text", `The survey's band when the finding was first recorded (frozen): ${Object.keys(BAND_LABELS).join(", ")}`, 24),
  col("predicted_score", "number", "The survey's score 0-100 when the finding was first recorded (empty = not enough information)"),
  col("rules_version", "integer", "Scoring rules version of the frozen prediction"),
  col("predicted_class", "text", `Class of the prediction (${CLASS_CODES}); empty for not enough information`),
  col("observed_class", "text", `Class of the result (${CLASS_CODES})`),
  col("agrees", "integer", "1 when predicted and observed classes match, 0 when not, empty for not enough information"),
  col("capability_band", "text", "The LA's capability band when the finding was first recorded"),
  col("ofsted_trajectory", "text", "The LA's Ofsted ILACS trajectory 2018-2025 when the finding was first recorded"),
  col("notes", "text", "Analyst's notes", 40),
  col("definition_change", "text", "Change to the indicator's definition this LA's data suggests", 40),
  col("proposal_status", "text", "Researchers' decision on the suggested change: proposed, accepted, rejected"),
  col("recorded_at", "datetime", "When the finding was first recorded (UTC)"),
];

export const VALIDATION_COLUMNS: DocumentedColumn[] = [
  col("grouping", "text", "overall, indicator, la, wave, capability_band or ofsted_trajectory"),
  col("group_key", "text", "Code of the group (empty for overall)"),
  col("n", "integer", "Findings with a prediction (not 'not enough information')"),
  col("n_not_enough_information", "integer", "Findings where the survey had not enough information (not in agreement or kappa)"),
  col("agreement", "number", "Share of findings whose predicted and observed classes match (empty under 10 findings)"),
  col("kappa", "number", "Cohen's kappa over the three classes (empty under 10 findings or when undefined)"),
  col("note", "text", "Why agreement or kappa are empty", 40),
  ...CLASSES.flatMap((p) =>
    CLASSES.map((o) => col(`n_${p}_${o}`, "integer", `Findings predicted ${CLASS_LABELS[p].split(" / ")[0]}, observed ${CLASS_LABELS[o].split(" / ")[1]}`)),
  ),
];

export const CONSULTATION_COLUMNS: DocumentedColumn[] = [
  col("la_code", "text", "DfE LA code", 8),
  col("la_name", "text", "LA name", 24),
  col("held_on", "date", "Date of the consultation session"),
  col("format", "text", "How the session was run", 20),
  col("group", "text", "Who took part, as a group (never individuals)", 24),
  col("participants", "integer", "Number of participants"),
  col("theme", "text", "A theme raised in the session", 50),
  col("outcome_area", "text", "Outcome area the theme was coded to"),
  col("indicator_ids", "text", "Indicators the theme was coded to, separated by spaces", 28),
];

const TABLES = {
  findings: { name: "Case-study findings", fileName: "case_study_findings.csv", columns: FINDING_COLUMNS },
  validation: { name: "Case-study validation", fileName: "case_study_validation.csv", columns: VALIDATION_COLUMNS },
  themes: { name: "Consultation themes", fileName: "case_study_consultation_themes.csv", columns: CONSULTATION_COLUMNS },
} as const;

function findingRow(f: FindingExportRow): CellValue[] {
  const p = predictedClass(f.predictedBand as PredictedBand);
  const o = observedClass(f.result as FindingResult);
  return [
    f.laCode,
    f.laName,
    f.wave,
    f.indicatorId,
    f.indicatorName,
    f.result,
    f.reason,
    f.predictedBand,
    f.predictedScore,
    f.rulesVersion,
    p,
    o,
    p === null ? null : p === o ? 1 : 0,
    f.capabilityBand,
    f.ofstedTrajectory,
    f.notes,
    f.definitionChange,
    f.proposalStatus,
    f.recordedAt,
  ];
}

function agreementRow(grouping: string, key: string | null, a: Agreement): CellValue[] {
  const cell = (p: string, o: string) => a.confusion.find((c) => c.predicted === p && c.observed === o)?.count ?? 0;
  const counts = CLASSES.flatMap((p) => CLASSES.map((o) => cell(p, o)));
  return [grouping, key, a.n, a.nNotEnoughInformation, a.agreement, a.kappa, a.note, ...counts];
}

function validationRows(v: ValidationSummary): CellValue[][] {
  const groups: [string, typeof v.byLa][] = [
    ["indicator", v.byIndicator],
    ["la", v.byLa],
    ["wave", v.byWave],
    ["capability_band", v.byCapabilityBand],
    ["ofsted_trajectory", v.byOfstedTrajectory],
  ];
  return [agreementRow("overall", null, v), ...groups.flatMap(([name, list]) => list.map((g) => agreementRow(name, g.key, g)))];
}

const COLUMN_DOCS_TABLE = {
  name: "Case-study columns",
  fileName: "case_study_columns.csv",
  columns: [col("table", "text", "", 34), col("column", "text", "", 26), col("kind", "text", "", 10), col("description", "text", "", 80)],
};

/** The four tables' names, files and columns, in sheet order (the last documents the other three). */
const SHAPES = [TABLES.findings, TABLES.validation, TABLES.themes, COLUMN_DOCS_TABLE];

/** Sheet names of these tables, in order (after the export's own sheets). */
export const CASE_STUDY_FIELDWORK_SHEETS = SHAPES.map((t) => t.name);

function rowsOf(data: CaseStudyFieldworkExport): CellValue[][][] {
  const themes = data.consultationThemes.map((t): CellValue[] => [t.laCode, t.laName, t.heldOn, t.format, t.group, t.participants, t.theme, t.outcomeArea, t.indicatorIds.join(" ")]);
  const docs = [TABLES.findings, TABLES.validation, TABLES.themes].flatMap((t) => t.columns.map((c): CellValue[] => [t.fileName, c.key, c.kind, c.description]));
  return [data.findings.map(findingRow), validationRows(data.validation), themes, docs];
}

/** The case-study tables in sheet order, then the documentation of their columns. */
export function caseStudyFieldworkTables(data: CaseStudyFieldworkExport): TableData[] {
  const rows = rowsOf(data);
  return SHAPES.map((shape, i) => ({ ...shape, columns: [...shape.columns], rows: rows[i] }));
}

/** The same tables with rows read only when a writer reaches them (the data is loaded once, on first use). */
export function lazyCaseStudyFieldworkTables(load: () => Promise<CaseStudyFieldworkExport>): TableData[] {
  let loaded: Promise<CellValue[][][]> | null = null;
  return SHAPES.map((shape, i) => ({
    ...shape,
    columns: [...shape.columns],
    rows: (async function* () {
      yield* (await (loaded ??= load().then(rowsOf)))[i];
    })(),
  }));
}
