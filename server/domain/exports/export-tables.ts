/**
 * The whole export as an ordered list of tables (the agreed sheet order), shared by the
 * workbook writer and the CSV bundle. Sources are factories because the response set is read
 * twice (codes, then labels) and every TableData.rows is consumed once.
 */
import type { Codebook, Indicator } from "../definitions/types.ts";
import {
  buildAboutTable,
  buildCaseStudiesTable,
  buildIndicatorsTable,
  buildLasTable,
  buildResponsesTable,
  buildScoresTable,
  CASE_STUDY_COLUMNS,
  INDICATOR_COLUMNS,
  LA_FIXED_COLUMNS,
  LA_PERSONAL_COLUMNS,
  RESPONSE_FIXED_COLUMNS,
  RESPONSE_PERSONAL_COLUMNS,
  SCORE_COLUMN_LABELS,
  SCORE_COLUMNS,
  SHEETS,
  type AboutInput,
  type CaseStudyRecord,
  type EncodeResponse,
  type IndicatorSummary,
  type LaRecord,
  type MaybeAsync,
  type ResponseRecord,
  type ScoreRecord,
} from "./build-sheets.ts";
import { buildCodebookTable, type DocumentedTable } from "./codebook-table.ts";
import { ABOUT_COLUMN_DOCS, CASE_STUDY_COLUMN_DOCS, INDICATOR_COLUMN_DOCS, LA_COLUMN_DOCS, RESPONSE_FIXED_COLUMN_DOCS } from "./column-docs.ts";
import { buildScoresWideTable, wideScoreColumns, type ScoreLayout, type WideScoreRecord } from "./scores-tables.ts";
import type { TableData } from "./sheet-types.ts";
import { lazyCaseStudyFieldworkTables, type CaseStudyFieldworkExport } from "./case-study-fieldwork-sheets.ts";

/** A factory of rows: an (async) iterable, or a promise of an array. Called when its sheet is reached. */
export type RowFactory<T> = () => MaybeAsync<T> | Promise<Iterable<T>>;

async function* lazy<T>(factory: RowFactory<T>): AsyncGenerator<T> {
  const source = await factory();
  if (Symbol.asyncIterator in source) yield* source as AsyncIterable<T>;
  else yield* source as Iterable<T>;
}

export interface ExportSources {
  about: AboutInput;
  codebook: Codebook;
  encode: EncodeResponse;
  includePersonal: boolean;
  /** Called once per responses sheet (codes, labels): return a fresh iterable each time. */
  responses: RowFactory<ResponseRecord>;
  scores: RowFactory<ScoreRecord>;
  /** One row per LA (read after the Scores sheet is written, so it can reuse its scores); none when absent. */
  scoresWide?: RowFactory<WideScoreRecord>;
  /** Indicators, capability dimensions, levels and bands: the columns of the wide Scores table. */
  scoreLayout?: ScoreLayout;
  indicators: Iterable<Indicator>;
  /** A function is called after the Scores sheet is written (so it can summarise the scores just computed). */
  indicatorSummaries: ReadonlyMap<string, IndicatorSummary> | (() => ReadonlyMap<string, IndicatorSummary>);
  las: RowFactory<LaRecord>;
  contextColumns: readonly string[];
  caseStudies: RowFactory<CaseStudyRecord>;
  /** Findings, validation and consultation themes of case-study fieldwork (left out when absent). */
  caseStudyFieldwork?: () => Promise<CaseStudyFieldworkExport>;
}

const NO_SCORES: ScoreLayout = { indicators: [], dimensions: [], levels: [], bands: [] };

/** Every column of the tables other than the questionnaire variables, for the codebook. */
export function documentedTables(s: Pick<ExportSources, "includePersonal" | "scoreLayout" | "contextColumns">): { before: DocumentedTable[]; after: DocumentedTable[] } {
  const wide = wideScoreColumns(s.scoreLayout ?? NO_SCORES);
  return {
    before: [
      {
        fileName: `${SHEETS.responses.fileName}, ${SHEETS.responseLabels.fileName}`,
        columns: [...RESPONSE_FIXED_COLUMNS, ...(s.includePersonal ? RESPONSE_PERSONAL_COLUMNS : [])],
        docs: RESPONSE_FIXED_COLUMN_DOCS,
      },
    ],
    after: [
      { fileName: SHEETS.scores.fileName, columns: SCORE_COLUMNS, docs: Object.fromEntries(Object.entries(SCORE_COLUMN_LABELS).map(([k, label]) => [k, { label }])) },
      { fileName: SHEETS.scoresWide.fileName, columns: wide.map((c) => c.spec), docs: new Map(wide.map((c) => [c.spec.key, c.doc])) },
      { fileName: SHEETS.indicators.fileName, columns: INDICATOR_COLUMNS, docs: INDICATOR_COLUMN_DOCS },
      {
        fileName: SHEETS.las.fileName,
        columns: [...LA_FIXED_COLUMNS, ...s.contextColumns.map((key) => ({ key, header: key, kind: "number" as const })), ...(s.includePersonal ? LA_PERSONAL_COLUMNS : [])],
        docs: LA_COLUMN_DOCS,
      },
      {
        fileName: SHEETS.caseStudies.fileName,
        columns: [...CASE_STUDY_COLUMNS, ...(s.includePersonal ? [{ key: "created_by", header: "created_by", kind: "text" as const }] : [])],
        docs: CASE_STUDY_COLUMN_DOCS,
      },
      { fileName: SHEETS.about.fileName, columns: [{ key: "item", header: "item", kind: "text" }, { key: "value", header: "value", kind: "text" }], docs: ABOUT_COLUMN_DOCS },
    ],
  };
}

/** Tables in sheet order; each is built only when the writer reaches it (so cursors open one at a time). */
export function* exportTables(s: ExportSources): Generator<TableData> {
  yield buildAboutTable(s.about);
  for (const mode of ["codes", "labels"] as const) {
    yield buildResponsesTable({ codebook: s.codebook, responses: lazy(s.responses), mode, includePersonal: s.includePersonal, encode: s.encode });
  }
  const documented = documentedTables(s);
  yield buildCodebookTable(s.codebook, s.includePersonal, documented.before, documented.after);
  yield buildScoresTable(lazy(s.scores));
  yield buildScoresWideTable(s.scoreLayout ?? NO_SCORES, lazy(s.scoresWide ?? (() => [])));
  yield buildIndicatorsTable(s.indicators, typeof s.indicatorSummaries === "function" ? s.indicatorSummaries() : s.indicatorSummaries);
  yield buildLasTable(lazy(s.las), s.contextColumns, s.includePersonal);
  yield buildCaseStudiesTable(lazy(s.caseStudies), s.includePersonal);
  if (s.caseStudyFieldwork) yield* lazyCaseStudyFieldworkTables(s.caseStudyFieldwork);
}
