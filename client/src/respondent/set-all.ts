/**
 * "Set all to …" for one column of a data-item matrix: the same answer for every item (row) where
 * that question applies, still stored per item, so each cell can be changed afterwards and the
 * change log records every row. Rows where the column does not apply (its cell is hidden by the
 * row's own answers) are left alone, as the server's submit validation ignores them.
 *
 * The matrix value is replaced in one assignment, so survey-core raises one onValueChanged and the
 * normal autosave sends one change key per row.
 */
import type { Question } from "survey-core";

type AnyMatrix = any;
type AnyRow = any;

export interface SetAllRow {
  row: string;
  text: string;
  /** the cell's answer before (undefined when empty) */
  previous: unknown;
}

export interface SetAllPlan {
  matrix: string;
  column: string;
  value: unknown;
  /** empty cells that would be filled */
  fill: SetAllRow[];
  /** cells with a different answer that would be replaced */
  overwrite: SetAllRow[];
  /** cells already holding this answer */
  same: number;
  /** rows where this question does not apply */
  notApplicable: number;
}

export interface ColumnChoice {
  value: unknown;
  text: string;
}

export interface SetAllColumn {
  name: string;
  title: string;
  choices: ColumnChoice[];
}

function isEmptyValue(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

/** The columns a "Set all to" control is offered for: single-choice cells (dropdown or radio group). */
export function setAllColumns(matrix: AnyMatrix): SetAllColumn[] {
  const out: SetAllColumn[] = [];
  for (const c of (matrix.visibleColumns ?? matrix.columns ?? []) as any[]) {
    const type = c.cellType === "default" ? matrix.cellType : c.cellType;
    if (type !== "dropdown" && type !== "radiogroup") continue;
    const choices = (c.templateQuestion?.choices ?? c.choices ?? []) as any[];
    if (choices.length === 0) continue;
    out.push({ name: c.name, title: String(c.locTitle?.renderedHtml ?? c.title ?? c.name), choices: choices.map((i) => ({ value: i.value, text: String(i.text ?? i.value) })) });
  }
  return out;
}

function cellOf(row: AnyRow, column: string): Question | null {
  return (row.getQuestionByColumnName?.(column) as Question | undefined) ?? null;
}

/** What "Set all" of `column` to `value` would do, row by row. */
export function planSetAll(matrix: AnyMatrix, column: string, value: unknown): SetAllPlan {
  const plan: SetAllPlan = { matrix: matrix.getValueName(), column, value, fill: [], overwrite: [], same: 0, notApplicable: 0 };
  for (const row of (matrix.visibleRows ?? []) as AnyRow[]) {
    const cell = cellOf(row, column);
    if (!cell || !cell.isVisible || cell.isReadOnly) {
      plan.notApplicable++;
      continue;
    }
    const entry: SetAllRow = { row: String(row.rowName), text: String(row.text ?? row.rowName), previous: isEmptyValue(cell.value) ? undefined : cell.value };
    if (entry.previous === undefined) plan.fill.push(entry);
    else if (JSON.stringify(entry.previous) === JSON.stringify(value)) plan.same++;
    else plan.overwrite.push(entry);
  }
  return plan;
}

/** The matrix value with `rows` set to `value` in `column` (`value` undefined clears the cell). */
function withCells(matrix: AnyMatrix, column: string, rows: { row: string; value: unknown }[]): Record<string, unknown> {
  const current = (matrix.value ?? {}) as Record<string, Record<string, unknown>>;
  const next: Record<string, Record<string, unknown>> = structuredClone(current);
  for (const { row, value } of rows) {
    const cells = { ...(next[row] ?? {}) };
    if (value === undefined) delete cells[column];
    else cells[column] = value;
    if (Object.keys(cells).length > 0) next[row] = cells;
    else delete next[row];
  }
  return next;
}

/**
 * Apply a plan: fill the empty cells, and replace the others only when `replace`. Returns the rows
 * changed with their earlier answers (what an undo puts back).
 */
export function applySetAll(matrix: AnyMatrix, plan: SetAllPlan, replace: boolean): SetAllRow[] {
  const rows = replace ? [...plan.fill, ...plan.overwrite] : plan.fill;
  if (rows.length === 0) return [];
  matrix.value = withCells(matrix, plan.column, rows.map((r) => ({ row: r.row, value: plan.value })));
  return rows;
}

/**
 * Put back the answers a "Set all" replaced. A cell changed again since then (no longer holding the
 * value that was set) keeps its newer answer. Returns how many cells were put back.
 */
export function undoSetAll(matrix: AnyMatrix, column: string, value: unknown, changed: SetAllRow[]): number {
  const current = (matrix.value ?? {}) as Record<string, Record<string, unknown>>;
  const back = changed.filter((r) => JSON.stringify(current[r.row]?.[column]) === JSON.stringify(value));
  if (back.length === 0) return 0;
  matrix.value = withCells(matrix, column, back.map((r) => ({ row: r.row, value: r.previous })));
  return back.length;
}
