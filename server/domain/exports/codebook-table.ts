/**
 * The Codebook sheet (codebook.csv): one row per value code of every questionnaire variable (from
 * the definition's codebook), and one row per column of every other table (fixed Responses columns,
 * Scores long and wide, Indicators, LAs with the source of each context figure, Case studies,
 * About), so that every exported column is explained. Missing codes are marked in `missing`.
 */
import type { Codebook, MissingReason } from "../definitions/types.ts";
import { col, exportedVariables, SHEETS } from "./build-sheets.ts";
import type { CellValue, ColumnDoc, ColumnSpec, TableData } from "./sheet-types.ts";

export const CODEBOOK_COLUMNS: ColumnSpec[] = [
  col("table", "text", 18),
  col("variable", "text", 28),
  col("question_text", "text", 60),
  col("section", "text", 24),
  col("question", "text", 24),
  col("type", "text", 14),
  col("measure", "text", 10),
  col("value_code", "integer", 10),
  col("value", "text", 16),
  col("value_label", "text", 30),
  col("missing", "text", 24),
  col("indicator_ids", "text", 30),
  col("data_item_id", "text", 20),
  col("source", "text", 40),
];

/** How the `missing` column describes each kind of missing code. */
export const MISSING_DESCRIPTIONS: Record<MissingReason, string> = {
  dont_know: "Missing: don't know",
  none: "Missing: none (not on the scale)",
  other: "Missing: other (not on the scale)",
  not_asked: "Missing: not asked (routed out by the questionnaire)",
  no_information: "Missing: not enough information to score",
};

/** The columns of one other table and what they hold. */
export interface DocumentedTable {
  fileName: string;
  columns: readonly ColumnSpec[];
  docs: ReadonlyMap<string, ColumnDoc> | Readonly<Record<string, ColumnDoc>>;
}

function docOf(t: DocumentedTable, key: string): ColumnDoc | undefined {
  return t.docs instanceof Map ? t.docs.get(key) : (t.docs as Record<string, ColumnDoc>)[key];
}

function* tableRows(t: DocumentedTable): Generator<CellValue[]> {
  for (const c of t.columns) {
    // (test/domain/exports/codebook-coverage.test.ts checks that every column of a real export has a description)
    const doc = docOf(t, c.key) ?? { label: c.key };
    const measure = doc.measure ?? (c.kind === "text" ? "string" : c.kind === "date" || c.kind === "datetime" ? c.kind : "scale");
    const base = [t.fileName, c.key, doc.label, null, null, c.kind, measure];
    const tail = [null, null, doc.source ?? null];
    const missing = new Map((doc.missing ?? []).map((m) => [m.code, m]));
    if (!doc.values?.length) yield [...base, null, null, null, null, ...tail];
    for (const v of doc.values ?? []) {
      const m = missing.get(v.code);
      yield [...base, v.code, null, v.label, m ? MISSING_DESCRIPTIONS[m.reason] : null, ...tail];
    }
  }
}

/**
 * `before`: tables documented ahead of the questionnaire variables (the fixed Responses columns);
 * `after`: the other tables.
 */
export function buildCodebookTable(codebook: Codebook, includePersonal: boolean, before: DocumentedTable[] = [], after: DocumentedTable[] = []): TableData {
  const vars = exportedVariables(codebook, includePersonal);
  const responsesFiles = `${SHEETS.responses.fileName}, ${SHEETS.responseLabels.fileName}`;
  function* rows(): Generator<CellValue[]> {
    for (const t of before) yield* tableRows(t);
    for (const v of vars) {
      const base = [responsesFiles, v.name, v.label, v.section, v.questionName, v.questionType, v.measure];
      const tail = [v.indicatorIds.join(", ") || null, v.dataItemId ?? null, null];
      const missing = new Map((v.missing ?? []).map((m) => [m.code, m]));
      const extra = (v.missing ?? []).filter((m) => !v.values.some((x) => x.code === m.code));
      if (v.values.length === 0 && extra.length === 0) yield [...base, null, null, null, null, ...tail];
      for (const value of v.values) {
        const m = missing.get(value.code);
        yield [...base, value.code, String(value.value), value.label, m ? MISSING_DESCRIPTIONS[m.reason] : null, ...tail];
      }
      for (const m of extra) yield [...base, m.code, null, m.label, MISSING_DESCRIPTIONS[m.reason], ...tail];
    }
    for (const t of after) yield* tableRows(t);
  }
  return { ...SHEETS.codebook, columns: CODEBOOK_COLUMNS, rows: rows() };
}
