/**
 * The whole export as an ordered list of tables (the sheet order of issue 4), shared by the
 * workbook writer and the CSV bundle. Sources are factories because the response set is read
 * twice (codes, then labels) and every TableData.rows is consumed once.
 */
import type { Codebook, Indicator } from "../definitions/types.ts";
import {
  buildAboutTable,
  buildCaseStudiesTable,
  buildCodebookTable,
  buildIndicatorsTable,
  buildLasTable,
  buildResponsesTable,
  buildScoresTable,
  type AboutInput,
  type CaseStudyRecord,
  type EncodeResponse,
  type IndicatorSummary,
  type LaRecord,
  type MaybeAsync,
  type ResponseRecord,
  type ScoreRecord,
} from "./build-sheets.ts";
import { buildScoresWideTable, type ScoreLayout, type WideScoreRecord } from "./scores-tables.ts";
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

/** Tables in sheet order; each is built only when the writer reaches it (so cursors open one at a time). */
export function* exportTables(s: ExportSources): Generator<TableData> {
  yield buildAboutTable(s.about);
  for (const mode of ["codes", "labels"] as const) {
    yield buildResponsesTable({ codebook: s.codebook, responses: lazy(s.responses), mode, includePersonal: s.includePersonal, encode: s.encode });
  }
  yield buildCodebookTable(s.codebook, s.includePersonal);
  yield buildScoresTable(lazy(s.scores));
  yield buildScoresWideTable(s.scoreLayout ?? { indicators: [], dimensions: [], levels: [], bands: [] }, lazy(s.scoresWide ?? (() => [])));
  yield buildIndicatorsTable(s.indicators, typeof s.indicatorSummaries === "function" ? s.indicatorSummaries() : s.indicatorSummaries);
  yield buildLasTable(lazy(s.las), s.contextColumns, s.includePersonal);
  yield buildCaseStudiesTable(lazy(s.caseStudies), s.includePersonal);
  if (s.caseStudyFieldwork) yield* lazyCaseStudyFieldworkTables(s.caseStudyFieldwork);
}
