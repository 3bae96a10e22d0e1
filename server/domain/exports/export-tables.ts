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
import type { TableData } from "./sheet-types.ts";

export interface ExportSources {
  about: AboutInput;
  codebook: Codebook;
  encode: EncodeResponse;
  includePersonal: boolean;
  /** Called once per responses sheet (codes, labels): return a fresh iterable each time. */
  responses: () => MaybeAsync<ResponseRecord>;
  scores: () => MaybeAsync<ScoreRecord>;
  indicators: Iterable<Indicator>;
  indicatorSummaries: ReadonlyMap<string, IndicatorSummary>;
  las: () => MaybeAsync<LaRecord>;
  contextColumns: readonly string[];
  caseStudies: () => MaybeAsync<CaseStudyRecord>;
}

/** Tables in sheet order; each is built only when the writer reaches it (so cursors open one at a time). */
export function* exportTables(s: ExportSources): Generator<TableData> {
  yield buildAboutTable(s.about);
  for (const mode of ["codes", "labels"] as const) {
    yield buildResponsesTable({ codebook: s.codebook, responses: s.responses(), mode, includePersonal: s.includePersonal, encode: s.encode });
  }
  yield buildCodebookTable(s.codebook, s.includePersonal);
  yield buildScoresTable(s.scores());
  yield buildIndicatorsTable(s.indicators, s.indicatorSummaries);
  yield buildLasTable(s.las(), s.contextColumns, s.includePersonal);
  yield buildCaseStudiesTable(s.caseStudies(), s.includePersonal);
}
