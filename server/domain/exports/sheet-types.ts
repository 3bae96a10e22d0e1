/** Plain table shapes shared by the sheet builders and the two writers (xlsx, CSV bundle). */

export type CellValue = string | number | boolean | Date | null | undefined;

/**
 * How a column is stored:
 * - text: strings (a JS number in a text column is still written as a number)
 * - number / integer: JS numbers; numeric strings are converted, anything else is kept as text
 * - date: calendar date (Date at UTC midnight or "YYYY-MM-DD"), shown yyyy-mm-dd
 * - datetime: instant (Date or ISO string), shown yyyy-mm-dd hh:mm:ss in UTC
 * - boolean: true/false
 */
export type ColumnKind = "text" | "number" | "integer" | "date" | "datetime" | "boolean";

export interface ColumnSpec {
  key: string; // machine name, also the CSV header
  header: string; // shown in the sheet's header row (usually the same as key)
  kind: ColumnKind;
  width?: number; // characters; default derived from the header and kind
}

export type RowSource = Iterable<CellValue[]> | AsyncIterable<CellValue[]>;

/** What a column holds, for the codebook and the SPSS / Stata / R files (tables other than Responses). */
export interface ColumnDoc {
  label: string;
  values?: { code: number; label: string }[];
  missing?: import("../definitions/types.ts").MissingCode[];
  measure?: "nominal" | "ordinal" | "scale";
  /** where a figure comes from (and its year) */
  source?: string;
}

/** One sheet / one CSV file: columns and rows in column order. `rows` is consumed once. */
export interface TableData {
  name: string; // sheet name (<= 31 chars)
  fileName: string; // CSV file name in the bundle, e.g. "responses.csv"
  columns: ColumnSpec[];
  rows: RowSource;
  /** column key -> description, where the table documents its own columns */
  columnDocs?: ReadonlyMap<string, ColumnDoc>;
}

export async function* iterateRows(rows: RowSource): AsyncGenerator<CellValue[]> {
  if (Symbol.asyncIterator in rows) {
    for await (const row of rows as AsyncIterable<CellValue[]>) yield row;
  } else {
    for (const row of rows as Iterable<CellValue[]>) yield row;
  }
}

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Brings a value into the storage type of its column (see ColumnKind); null/undefined/"" -> null. */
export function normaliseCell(value: CellValue, kind: ColumnKind): string | number | boolean | Date | null {
  if (value === null || value === undefined || value === "") return null;
  switch (kind) {
    case "number":
    case "integer":
      if (typeof value === "string" && NUMERIC.test(value.trim())) {
        const n = Number(value.trim());
        if (Number.isFinite(n)) return n;
      }
      if (typeof value === "boolean") return value ? 1 : 0;
      return value;
    case "date":
    case "datetime": {
      let d: Date;
      if (typeof value === "string") {
        const m = DATE_ONLY.exec(value);
        // a date-time without a zone (SurveyJS datetime-local) is read as UTC, never as server local time
        d = m ? new Date(Date.UTC(+m[1], +m[2] - 1, +m[3])) : new Date(NO_ZONE.test(value) ? `${value}Z` : value);
        if (Number.isNaN(d.getTime())) return value;
      } else if (value instanceof Date) d = value;
      else return value;
      // to the whole second, so the workbook, the CSVs, SPSS, Stata and R hold the same instant
      return kind === "datetime" && d.getUTCMilliseconds() !== 0 ? new Date(d.getTime() - d.getUTCMilliseconds()) : d;
    }
    default:
      return value;
  }
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/** Text form used in CSV: dates as YYYY-MM-DD, date-times as "YYYY-MM-DD HH:MM:SS" (UTC). */
export function formatDateForText(d: Date, kind: ColumnKind): string {
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  if (kind === "date") return date;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

export function defaultWidth(column: ColumnSpec): number {
  const base = column.width ?? { text: 18, number: 10, integer: 8, date: 12, datetime: 20, boolean: 8 }[column.kind];
  return Math.min(60, Math.max(base, column.header.length + 3));
}
