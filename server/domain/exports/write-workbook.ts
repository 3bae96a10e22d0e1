/**
 * Streams tables into one .xlsx with exceljs's streaming WorkbookWriter (see
 * ../shared notes 03-exceljs: useStyles true for the bold header and date formats, no shared
 * strings so memory stays flat with unique text; views passed at addWorksheet; columns set before
 * the first row; each row committed as soon as it is added).
 */
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { defaultWidth, iterateRows, normaliseCell, type ColumnKind, type TableData } from "./sheet-types.ts";
import { isFormulaLike } from "./safe-text.ts";
import { patchExcelJs } from "./exceljs-patches.ts";

export interface WriteWorkbookOptions {
  creator?: string;
  created?: Date;
  /** Yield to the event loop and honour back-pressure every this many rows (default 256). */
  drainEvery?: number;
  /** Wait while more than this many bytes of sheet XML wait to be zipped (default 8 MiB). */
  maxPendingBytes?: number;
}

const NUM_FMT: Partial<Record<ColumnKind, string>> = {
  date: "yyyy-mm-dd",
  datetime: "yyyy-mm-dd hh:mm:ss",
};

/** Text cells that a spreadsheet could take for a formula: string cell + quotePrefix (shown as typed, never evaluated). */
const QUOTED_TEXT_STYLE = Object.freeze({ quotePrefix: true }) as unknown as Partial<ExcelJS.Style>;

const DATETIME_STYLE = Object.freeze({ numFmt: NUM_FMT.datetime }) as Partial<ExcelJS.Style>;

export const MAX_SHEET_NAME = 31;

export async function writeWorkbook(
  stream: Writable,
  tables: Iterable<TableData> | AsyncIterable<TableData>,
  options: WriteWorkbookOptions = {},
): Promise<void> {
  patchExcelJs();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  workbook.creator = options.creator ?? "LA Data Capability Audit";
  workbook.created = options.created ?? new Date();
  const drainEvery = options.drainEvery ?? 256;
  const maxPendingBytes = options.maxPendingBytes ?? 8 * 1024 * 1024;

  const seen = new Set<string>();
  const tableIterable = (Symbol.asyncIterator in tables ? tables : toAsync(tables)) as AsyncIterable<TableData>;
  for await (const table of tableIterable) {
    if (table.name.length > MAX_SHEET_NAME || /[\\/?*[\]:]/.test(table.name)) {
      throw new Error(`sheet name "${table.name}" is not a valid Excel sheet name`);
    }
    if (seen.has(table.name.toLowerCase())) throw new Error(`sheet name "${table.name}" is used twice`);
    seen.add(table.name.toLowerCase());

    const columns = table.columns;
    const kinds = columns.map((c) => c.kind);
    const worksheet = workbook.addWorksheet(table.name, {
      views: [{ state: "frozen", xSplit: 0, ySplit: 1, topLeftCell: "A2", activeCell: "A2" }],
    });
    // Before the first row: the <cols> element is written when the sheet starts.
    worksheet.columns = columns.map((c) => ({
      header: c.header,
      key: c.key,
      width: defaultWidth(c),
      style: NUM_FMT[c.kind] ? { numFmt: NUM_FMT[c.kind] } : undefined,
    })) as ExcelJS.Column[];
    const header = worksheet.getRow(1);
    header.font = { bold: true };
    columns.forEach((c, i) => {
      if (isFormulaLike(c.header)) header.getCell(i + 1).style = { font: { bold: true }, ...QUOTED_TEXT_STYLE };
    });
    if (columns.length > 0) {
      worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
    }
    header.commit();

    let count = 0;
    const values: unknown[] = new Array(columns.length);
    for await (const source of iterateRows(table.rows)) {
      let quoted: number[] | undefined;
      let dated: number[] | undefined; // a Date in a column that is not a date column (e.g. About)
      for (let i = 0; i < columns.length; i++) {
        const v = normaliseCell(source[i], kinds[i]);
        if (typeof v === "string") {
          if (isFormulaLike(v)) (quoted ??= []).push(i);
          values[i] = xlsxText(v);
        } else {
          values[i] = v === null ? undefined : v; // undefined: no cell at all
          if (v instanceof Date && !NUM_FMT[kinds[i]]) (dated ??= []).push(i);
        }
      }
      const row = worksheet.addRow(values);
      if (quoted) for (const i of quoted) row.getCell(i + 1).style = QUOTED_TEXT_STYLE;
      if (dated) for (const i of dated) row.getCell(i + 1).style = DATETIME_STYLE;
      row.commit();
      if (++count % drainEvery === 0) {
        // exceljs pushes sheet XML into the zip without back-pressure, so without this the
        // uncompressed XML piles up in memory whenever zlib or the reader is slower than we are.
        await new Promise<void>((resolve) => setImmediate(resolve));
        while (pendingBytes(worksheet) > maxPendingBytes) await sleep(2);
        if (stream.writableNeedDrain) await once(stream, "drain");
      }
    }
    worksheet.commit();
  }
  await workbook.commit();
}

interface SheetStreamInternals {
  stream?: {
    buffers?: { length?: number }[];
    pipes?: { _writableState?: { length?: number }; writableLength?: number }[];
  };
}

/**
 * Bytes of sheet XML written by exceljs but not yet taken by the zip (exceljs 4.4.0 internals: the
 * worksheet's StreamBuf and the entry stream it pipes into; 0 if they are not there). This is where
 * a slow zlib or a slow reader (the zip is piped with back-pressure into the destination) shows.
 */
function pendingBytes(worksheet: unknown): number {
  const sb = (worksheet as SheetStreamInternals).stream;
  if (!sb) return 0;
  let n = 0;
  for (const b of sb.buffers ?? []) n += typeof b.length === "number" ? b.length : 0;
  for (const p of sb.pipes ?? []) n += p._writableState?.length ?? p.writableLength ?? 0;
  return n;
}

const EDGE_WHITESPACE = /^\s|\s$/;

/**
 * Text as stored in the sheet. Line breaks become LF (Excel's in-cell line break; a bare CR would be
 * turned into LF by any XML reader anyway). Text with leading or trailing whitespace is written as an
 * inline string with xml:space="preserve" (exceljs does that for rich text), because LibreOffice
 * trims the plain <v> form. exceljs itself drops characters XML 1.0 cannot carry (U+0000-U+0008 etc.).
 */
export const MAX_CELL_TEXT = 32_767; // Excel's limit per cell
export const TRUNCATION_NOTE = " [truncated: Excel holds 32,767 characters per cell; the CSV bundle has the full text]";

function xlsxText(text: string): string | { richText: { text: string }[] } {
  let t = text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
  if (t.length > MAX_CELL_TEXT) t = t.slice(0, MAX_CELL_TEXT - TRUNCATION_NOTE.length) + TRUNCATION_NOTE;
  return EDGE_WHITESPACE.test(t) ? { richText: [{ text: t }] } : t;
}

async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}
