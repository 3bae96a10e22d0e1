/**
 * Pure builders of the export tables: plain inputs in, TableData out (columns + lazily
 * mapped rows). Row inputs are (async) iterables so callers can feed database cursors; each
 * TableData.rows can be consumed once.
 */
import type { Codebook, CodebookVariable, Indicator } from "../definitions/types.ts";
import { formatDateForText, type CellValue, type ColumnKind, type ColumnSpec, type RowSource, type TableData } from "./sheet-types.ts";

export type MaybeAsync<T> = Iterable<T> | AsyncIterable<T>;
export type EncodeMode = "codes" | "labels";
/** encodeResponse from server/domain/definitions/codebook.ts: values keyed by variable name (or in codebook order). */
export type EncodeResponse = (
  codebook: Codebook,
  data: Record<string, unknown>,
  mode: EncodeMode,
  options?: { notAsked?: (path: CodebookVariable["path"]) => boolean },
) => Record<string, unknown> | readonly unknown[];

/** Sheet names and order, fixed by the agreed export layout. */
export const SHEETS = {
  about: { name: "About", fileName: "about.csv" },
  responses: { name: "Responses", fileName: "responses.csv" },
  responseLabels: { name: "Responses (labels)", fileName: "responses_labels.csv" },
  codebook: { name: "Codebook", fileName: "codebook.csv" },
  scores: { name: "Scores", fileName: "scores.csv" },
  scoresWide: { name: "Scores (wide)", fileName: "scores_wide.csv" },
  indicators: { name: "Indicators", fileName: "indicators.csv" },
  las: { name: "LAs", fileName: "las.csv" },
  caseStudies: { name: "Case studies", fileName: "case_studies.csv" },
} as const;
export const SHEET_ORDER = Object.values(SHEETS).map((s) => s.name);

export function col(key: string, kind: ColumnKind, width?: number): ColumnSpec {
  return { key, header: key, kind, width };
}

export async function* mapRows<T>(items: MaybeAsync<T>, fn: (item: T) => CellValue[]): AsyncGenerator<CellValue[]> {
  if (Symbol.asyncIterator in items) {
    for await (const item of items as AsyncIterable<T>) yield fn(item);
  } else {
    for (const item of items as Iterable<T>) yield fn(item);
  }
}

// ---------------------------------------------------------------- personal data

/**
 * Codebook variables that hold contact details of people (names, e-mail addresses, phone numbers)
 * asked in the questionnaire: left out unless includePersonal. The codebook has no "personal" flag,
 * so this goes by question name (free-text variables only): in the published definition that is
 * cs_contact_name/role/email/phone (v1-v3 also resp_name, resp_job_title and resp_email).
 */
export function isPersonalVariable(v: CodebookVariable): boolean {
  return v.measure === "string" && isPersonalQuestionName(v.questionName);
}

/** True when a free-text question's name says it asks for a person's contact details. */
export function isPersonalQuestionName(questionName: string): boolean {
  return /(^|_)(name|names|email|e_mail|emails|phone|telephone|tel|mobile|contact|contacts|job_title)(_|$)/.test(questionName.toLowerCase());
}

export function exportedVariables(codebook: Codebook, includePersonal: boolean): CodebookVariable[] {
  return includePersonal ? codebook.variables : codebook.variables.filter((v) => !isPersonalVariable(v));
}

// ---------------------------------------------------------------- About

export interface AboutInput {
  surveyId: string;
  surveyTitle?: string;
  version: number;
  hash: string;
  exportedAt: Date;
  status: "submitted" | "all";
  includePersonal: boolean;
  countsByStatus: Record<string, number>;
  responsesExported: number;
  scoringRulesVersion?: number | null;
  filters?: Record<string, string>;
}

export function buildAboutTable(input: AboutInput): TableData {
  const rows: CellValue[][] = [
    ["survey_id", input.surveyId],
    ["survey_title", input.surveyTitle ?? null],
    ["definition_version", input.version],
    ["definition_hash", input.hash],
    ["exported_at_utc", formatDateForText(input.exportedAt, "datetime")],
    ["filter_status", input.status === "submitted" ? "submitted responses only" : "all responses (not started, in progress, submitted)"],
    ...Object.entries(input.filters ?? {}).map(([k, v]): CellValue[] => [`filter_${k}`, v]),
    ["personal_data", input.includePersonal ? "included (names, e-mail addresses, contact details)" : "left out"],
    ...Object.entries(input.countsByStatus)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]): CellValue[] => [`count_${status}`, n]),
    ["responses_exported", input.responsesExported],
    ["scoring_rules_version", input.scoringRulesVersion ?? null],
    ["codes", "Responses holds numeric codes; Responses (labels) holds the same cells with value labels. Codebook lists every variable with its codes and labels."],
    ["checkbox_questions", "One 0/1 column per choice (1 = selected, 0 = not selected, empty = question not answered)."],
    ["matrix_questions", "One column per row; matrix dropdowns one column per row and column. 'Other' text has its own column."],
    ["empty_cells", "Empty = asked but not answered (or, for text and dates, not asked)."],
    ["missing_codes", "Codes that are not valid answers are declared missing in the SPSS, Stata and R files: 99 = Don't know; 98 = None and 97 = Other where they are not on an ordered scale; -1 = Not asked (the questionnaire's routing hid the question for this LA). The Codebook's missing column lists them for every variable."],
    ["times", "Dates and times are in UTC."],
    ["text_starting_with_symbols", "In this workbook, text that starts with = + - @ tab or carriage return is stored as text and never evaluated as a formula. The CSV bundle holds answers unchanged for statistics packages: open this workbook, not the CSV files, in a spreadsheet."],
    ["sheets", SHEET_ORDER.join(", ")],
  ];
  return { ...SHEETS.about, columns: [col("item", "text", 24), col("value", "text", 60)], rows };
}

// ---------------------------------------------------------------- Responses

export interface ContributorRecord {
  name?: string | null;
  email?: string | null;
  role?: string | null;
}

export interface ResponseRecord {
  laCode: string;
  gssCode: string;
  laName: string;
  region: string;
  laType: string;
  status: string;
  /** The definition version the LA answered (null when not started). */
  definitionVersion?: number | null;
  /** True when the answers were carried over from an earlier version to the exported one. */
  migrated?: boolean | null;
  submittedAt: Date | string | null;
  lastSavedAt: Date | string | null;
  nContributors: number | null;
  data: Record<string, unknown>;
  /** Whether the questionnaire's routing hid a variable's question from this respondent (routing.ts routedOut). */
  notAsked?: (path: CodebookVariable["path"]) => boolean;
  /** Personal: only exported with includePersonal. */
  contributors?: ContributorRecord[];
}

export const RESPONSE_FIXED_COLUMNS: ColumnSpec[] = [
  col("la_code", "text", 8),
  col("gss_code", "text", 12),
  col("la_name", "text", 28),
  col("region", "text", 22),
  col("la_type", "text", 18),
  col("status", "text", 12),
  col("definition_version", "integer"),
  col("migrated", "boolean"),
  col("submitted_at", "datetime"),
  col("last_saved_at", "datetime"),
  col("n_contributors", "integer"),
];
export const RESPONSE_PERSONAL_COLUMNS: ColumnSpec[] = [col("contributor_names", "text", 30), col("contributor_emails", "text", 30)];

/** Storage kind of a variable's column: codes are integers, labels are text. */
export function variableKind(v: CodebookVariable, mode: EncodeMode): ColumnKind {
  if (v.values.length > 0) return mode === "codes" ? "integer" : "text";
  switch (v.measure) {
    case "scale":
      return "number";
    case "date":
      return "date";
    case "nominal":
    case "ordinal":
      return mode === "codes" ? "integer" : "text";
    default:
      return "text";
  }
}

export interface ResponsesTableInput {
  codebook: Codebook;
  responses: MaybeAsync<ResponseRecord>;
  mode: EncodeMode;
  includePersonal: boolean;
  encode: EncodeResponse;
}

export function responseColumns(codebook: Codebook, mode: EncodeMode, includePersonal: boolean): ColumnSpec[] {
  const vars = exportedVariables(codebook, includePersonal);
  return [
    ...RESPONSE_FIXED_COLUMNS,
    ...vars.map((v) => ({ key: v.name, header: v.name, kind: variableKind(v, mode), width: Math.max(10, Math.min(v.name.length + 3, 34)) })),
    ...(includePersonal ? RESPONSE_PERSONAL_COLUMNS : []),
  ];
}

function joinPresent(values: (string | null | undefined)[]): string | null {
  const present = values.filter((v): v is string => typeof v === "string" && v.trim() !== "");
  return present.length ? present.join("; ") : null;
}

function toCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean" || value instanceof Date) return value;
  return JSON.stringify(value);
}

export function buildResponsesTable(input: ResponsesTableInput): TableData {
  const { codebook, mode, includePersonal, encode } = input;
  const columns = responseColumns(codebook, mode, includePersonal);
  const vars = exportedVariables(codebook, includePersonal);
  const indexByName = new Map(codebook.variables.map((v, i) => [v.name, i]));
  const rows = mapRows(input.responses, (r) => {
    const encoded = encode(codebook, r.data ?? {}, mode, r.notAsked ? { notAsked: r.notAsked } : {});
    const values: CellValue[] = Array.isArray(encoded)
      ? vars.map((v) => toCell(encoded[indexByName.get(v.name)!]))
      : vars.map((v) => toCell((encoded as Record<string, unknown>)[v.name]));
    const row: CellValue[] = [
      r.laCode, r.gssCode, r.laName, r.region, r.laType, r.status, r.definitionVersion ?? null, r.migrated ?? null,
      r.submittedAt, r.lastSavedAt, r.nContributors, ...values,
    ];
    if (includePersonal) {
      const contributors = r.contributors ?? [];
      row.push(joinPresent(contributors.map((c) => c.name)), joinPresent(contributors.map((c) => c.email)));
    }
    return row;
  });
  return { ...(mode === "codes" ? SHEETS.responses : SHEETS.responseLabels), columns, rows };
}

// ---------------------------------------------------------------- Scores

interface ScoreCommon {
  /** response status of the LA */
  status?: string;
  /** the rule steps in words, as on the console's explanation page */
  explanation?: string | null;
}

export type ScoreRecord = ScoreCommon &
  (
  | {
      kind: "indicator";
      laCode: string;
      laName: string;
      id: string; // indicator id
      name: string;
      outcomeArea: string;
      score: number | null;
      band: string;
      bandLabel: string;
    }
  | {
      kind: "capability";
      laCode: string;
      laName: string;
      id: string; // capability dimension id
      name: string;
      score: number | null;
      level: number | null;
      levelName: string | null;
    }
  );

export const SCORE_COLUMNS: ColumnSpec[] = [
  col("la_code", "text", 8),
  col("la_name", "text", 28),
  col("kind", "text", 12),
  col("id", "text", 28),
  col("name", "text", 40),
  col("outcome_area", "text", 16),
  col("score", "integer", 8),
  col("band", "text", 24),
  col("band_label", "text", 28),
  col("level", "integer", 8),
  col("level_name", "text", 16),
  col("status", "text", 12),
  col("explanation", "text", 60),
];

/** What each column of the long Scores table holds (codebook and syntax labels). */
export const SCORE_COLUMN_LABELS: Record<string, string> = {
  la_code: "Local authority code (DfE)",
  la_name: "Local authority",
  kind: "indicator (feasibility of an outcome indicator) or capability (a data-maturity dimension)",
  id: "Indicator id or capability dimension id",
  name: "Indicator or capability dimension name",
  outcome_area: "Outcome area of the indicator",
  score: "Score 0-100; empty = not enough information",
  band: "Feasibility band id (indicators)",
  band_label: "Feasibility band (indicators)",
  level: "Capability level 1-5 (capability dimensions); empty = not enough information",
  level_name: "Capability level name (capability dimensions)",
  status: "Response status of the LA",
  explanation: "How the score was reached: the scoring rule steps in words",
};

/** LA x indicator score and band, then LA x capability dimension score and level (long format). */
export function buildScoresTable(scores: MaybeAsync<ScoreRecord>): TableData {
  const rows = mapRows(scores, (s): CellValue[] =>
    s.kind === "indicator"
      ? [s.laCode, s.laName, s.kind, s.id, s.name, s.outcomeArea, s.score, s.band, s.bandLabel, null, null, s.status ?? null, s.explanation ?? null]
      : [s.laCode, s.laName, s.kind, s.id, s.name, null, s.score, null, null, s.level, s.levelName, s.status ?? null, s.explanation ?? null],
  );
  const columnDocs = new Map(SCORE_COLUMNS.map((c) => [c.key, { label: SCORE_COLUMN_LABELS[c.key] ?? c.key, ...(c.key === "level" ? { measure: "ordinal" as const } : {}) }]));
  return { ...SHEETS.scores, columns: SCORE_COLUMNS, rows, columnDocs };
}

// ---------------------------------------------------------------- Indicators

export interface IndicatorSummary {
  nLas: number; // LAs whose responses are included
  nScored: number; // of those, with a score (not "not enough information")
  meanScore: number | null;
  medianScore: number | null;
  byBand: Partial<Record<string, number>>; // BandId -> count of LAs
}

export const BAND_IDS = ["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"] as const;

export const INDICATOR_COLUMNS: ColumnSpec[] = [
  col("indicator_id", "text", 26),
  col("name", "text", 40),
  col("outcome_area", "text", 16),
  col("population", "text", 18),
  col("polarity", "text", 12),
  col("numerator", "text", 40),
  col("denominator", "text", 40),
  col("collected_nationally", "boolean", 10),
  col("national_return", "text", 14),
  col("required_data_items", "text", 30),
  col("optional_data_items", "text", 30),
  col("source", "text", 40),
  col("n_las", "integer"),
  col("n_scored", "integer"),
  col("mean_score", "number"),
  col("median_score", "number"),
  ...BAND_IDS.map((b) => col(`n_${b}`, "integer")),
];

export function buildIndicatorsTable(indicators: Iterable<Indicator>, summaries: ReadonlyMap<string, IndicatorSummary>): TableData {
  function* rows(): Generator<CellValue[]> {
    for (const ind of indicators) {
      const s = summaries.get(ind.id);
      yield [
        ind.id,
        ind.name,
        ind.outcomeArea,
        ind.population,
        ind.polarity,
        ind.numerator,
        ind.denominator,
        ind.collectedNationally,
        ind.nationalReturn.join(", "),
        ind.dataItems.filter((d) => d.required).map((d) => d.id).join(", ") || null,
        ind.dataItems.filter((d) => !d.required).map((d) => d.id).join(", ") || null,
        ind.source,
        s?.nLas ?? 0,
        s?.nScored ?? 0,
        s?.meanScore ?? null,
        s?.medianScore ?? null,
        ...BAND_IDS.map((b) => s?.byBand[b] ?? 0),
      ];
    }
  }
  return { ...SHEETS.indicators, columns: INDICATOR_COLUMNS, rows: rows() };
}

// ---------------------------------------------------------------- LAs

export interface LaRecord {
  laCode: string;
  gssCode: string;
  name: string;
  region: string;
  laType: string;
  ofsted?: {
    inspectionDate?: Date | string | null;
    overallEffectiveness?: string | null;
    leaders?: string | null;
    helpAndProtection?: string | null;
    childrenInCare?: string | null;
    careLeavers?: string | null;
  } | null;
  contextYear?: number | null;
  /** Context figures keyed by the column names passed to buildLasTable. */
  context?: Record<string, number | null | undefined> | null;
  responseStatus: string; // "not_started" when there is no response
  submittedAt?: Date | string | null;
  /** Personal: fieldwork contacts, only exported with includePersonal. */
  contacts?: { name?: string | null; email?: string | null; phone?: string | null; role?: string | null }[];
}

export const LA_FIXED_COLUMNS: ColumnSpec[] = [
  col("la_code", "text", 8),
  col("gss_code", "text", 12),
  col("la_name", "text", 28),
  col("region", "text", 22),
  col("la_type", "text", 18),
  col("response_status", "text", 14),
  col("submitted_at", "datetime"),
  col("ofsted_inspection_date", "date"),
  col("ofsted_overall_effectiveness", "text", 16),
  col("ofsted_leaders", "text", 16),
  col("ofsted_help_and_protection", "text", 16),
  col("ofsted_children_in_care", "text", 16),
  col("ofsted_care_leavers", "text", 16),
  col("context_year", "integer"),
];
export const LA_PERSONAL_COLUMNS: ColumnSpec[] = [
  col("contact_names", "text", 30),
  col("contact_emails", "text", 30),
  col("contact_phones", "text", 20),
  col("contact_roles", "text", 24),
];

export function buildLasTable(las: MaybeAsync<LaRecord>, contextColumns: readonly string[], includePersonal: boolean): TableData {
  const columns = [
    ...LA_FIXED_COLUMNS,
    ...contextColumns.map((c) => col(c, "number", 12)),
    ...(includePersonal ? LA_PERSONAL_COLUMNS : []),
  ];
  const rows = mapRows(las, (la) => {
    const o = la.ofsted ?? {};
    const row: CellValue[] = [
      la.laCode, la.gssCode, la.name, la.region, la.laType, la.responseStatus, la.submittedAt ?? null,
      o.inspectionDate ?? null, o.overallEffectiveness ?? null, o.leaders ?? null, o.helpAndProtection ?? null,
      o.childrenInCare ?? null, o.careLeavers ?? null, la.contextYear ?? null,
      ...contextColumns.map((c) => la.context?.[c] ?? null),
    ];
    if (includePersonal) {
      const cs = la.contacts ?? [];
      row.push(joinPresent(cs.map((c) => c.name)), joinPresent(cs.map((c) => c.email)), joinPresent(cs.map((c) => c.phone)), joinPresent(cs.map((c) => c.role)));
    }
    return row;
  });
  return { ...SHEETS.las, columns, rows };
}

// ---------------------------------------------------------------- Case studies

export interface CaseStudyRecord {
  selectionId: string;
  selectionName: string;
  createdAt: Date | string | null;
  laCode: string;
  laName: string;
  role: string; // e.g. "selected" | "reserve"
  stratum?: string | null;
  rationale?: string | null;
  /** Personal (who saved the selection): only exported with includePersonal. */
  createdBy?: string | null;
}

export const CASE_STUDY_COLUMNS: ColumnSpec[] = [
  col("selection_id", "text", 14),
  col("selection_name", "text", 28),
  col("created_at", "datetime"),
  col("la_code", "text", 8),
  col("la_name", "text", 28),
  col("role", "text", 12),
  col("stratum", "text", 24),
  col("rationale", "text", 50),
];

export function buildCaseStudiesTable(rows: MaybeAsync<CaseStudyRecord>, includePersonal: boolean): TableData {
  const columns = includePersonal ? [...CASE_STUDY_COLUMNS, col("created_by", "text", 24)] : CASE_STUDY_COLUMNS;
  return {
    ...SHEETS.caseStudies,
    columns,
    rows: mapRows(rows, (c) => {
      const row: CellValue[] = [c.selectionId, c.selectionName, c.createdAt, c.laCode, c.laName, c.role, c.stratum ?? null, c.rationale ?? null];
      if (includePersonal) row.push(c.createdBy ?? null);
      return row;
    }),
  };
}

export type { RowSource };
