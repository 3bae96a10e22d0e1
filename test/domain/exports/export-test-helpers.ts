import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { exportTables, type ExportSources } from "../../../server/domain/exports/export-tables.ts";
import { formatDateForText, iterateRows, normaliseCell, type CellValue, type TableData } from "../../../server/domain/exports/sheet-types.ts";
import { writeWorkbook } from "../../../server/domain/exports/write-workbook.ts";

export async function collect(write: (stream: PassThrough) => Promise<void>): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  ended.catch(() => undefined); // a failed write rejects below instead
  await write(stream);
  await ended;
  return Buffer.concat(chunks);
}

export function workbookBuffer(sources: ExportSources): Promise<Buffer> {
  return collect((s) => writeWorkbook(s, exportTables(sources)));
}

export async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buffer as unknown as ArrayBuffer);
  return wb;
}

export interface MaterialisedTable {
  name: string;
  fileName: string;
  headers: string[];
  kinds: string[];
  rows: ReturnType<typeof normaliseCell>[][];
}

/** The tables as the writers should store them (after normalisation), for comparisons. */
export async function materialise(sources: ExportSources): Promise<MaterialisedTable[]> {
  const out: MaterialisedTable[] = [];
  for (const t of exportTables(sources) as Iterable<TableData>) {
    const rows: ReturnType<typeof normaliseCell>[][] = [];
    for await (const r of iterateRows(t.rows)) rows.push(t.columns.map((c, i) => normaliseCell(r[i] as CellValue, c.kind)));
    out.push({ name: t.name, fileName: t.fileName, headers: t.columns.map((c) => c.header), kinds: t.columns.map((c) => c.kind), rows });
  }
  return out;
}

/** A cell read back by exceljs as a plain value (rich text -> its text). */
export function plain(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "object" && "richText" in value) return value.richText.map((t) => t.text).join("");
  return value;
}

/** Text the way it is stored in the sheet: line breaks as LF. */
export function sheetText(v: unknown): unknown {
  return typeof v === "string" ? v.replace(/\r\n?/g, "\n") : v;
}

/** The text a spreadsheet shows for a stored value in a plain CSV export (dates formatted, booleans TRUE/FALSE). */
export function shownText(v: unknown, kind: string): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return formatDateForText(v, kind === "date" ? "date" : "datetime");
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(sheetText(v));
}
