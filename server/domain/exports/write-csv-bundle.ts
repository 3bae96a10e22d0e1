/**
 * The CSV bundle of issue 4: a zip of one CSV file per export table (same tables and columns as the
 * workbook), plus SPSS syntax and a Stata do-file that read responses.csv and apply the codebook's
 * labels, and a README. Streams: each table's rows are pulled only when the zip reaches that file.
 */
import { once } from "node:events";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ZipArchive } from "archiver";
import { stringify } from "csv-stringify/sync";
import type { Codebook } from "../definitions/types.ts";
import { responseColumns, SHEETS } from "./build-sheets.ts";
import { neutraliseCsvText } from "./safe-text.ts";
import { formatDateForText, iterateRows, normaliseCell, type CellValue, type ColumnKind, type TableData } from "./sheet-types.ts";
import { spssSyntax, stataDoFile } from "./statistics-syntax.ts";

export interface CsvBundleOptions {
  codebook: Codebook;
  includePersonal: boolean;
  generatedAt?: Date;
  /** Rows per CSV chunk handed to the zip (default 200). */
  batchSize?: number;
}

export const SPSS_FILE = "responses.sps";
export const STATA_FILE = "responses.do";

/**
 * One CSV field: numbers as plain numbers, booleans 1/0, dates yyyy-mm-dd, date-times
 * yyyy-mm-dd hh:mm:ss (UTC), text on one line and guarded against formula injection (the guard
 * looks at the original text, so a leading CR still gets the apostrophe).
 */
export function csvField(value: CellValue, kind: ColumnKind): string {
  const v = normaliseCell(value, kind);
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (v instanceof Date) return formatDateForText(v, kind === "date" ? "date" : "datetime");
  // Line breaks inside text become spaces: SPSS (GET DATA /TYPE=TXT) and PSPP end a case at every
  // line break, even inside quotes. The workbook keeps them.
  const guarded = neutraliseCsvText(v);
  return /[\r\n]/.test(guarded) ? guarded.replace(/\r\n|[\r\n]/g, " ") : guarded;
}

async function* csvChunks(table: TableData, batchSize: number): AsyncGenerator<string> {
  const kinds = table.columns.map((c) => c.kind);
  yield stringify([table.columns.map((c) => neutraliseCsvText(c.header))]);
  let batch: string[][] = [];
  for await (const row of iterateRows(table.rows)) {
    batch.push(kinds.map((k, i) => csvField(row[i], k)));
    if (batch.length >= batchSize) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch);
}

export function bundleReadme(options: CsvBundleOptions, fileNames: string[]): string {
  const cb = options.codebook;
  return [
    "LA Data Capability Audit - research export (CSV bundle)",
    "",
    `Survey ${cb.surveyId}, definition version ${cb.version}, hash ${cb.hash}.`,
    `Generated ${(options.generatedAt ?? new Date()).toISOString()}.`,
    "",
    "Files:",
    ...fileNames.map((f) => `  ${f}`),
    "",
    "The CSV files hold the same tables as the sheets of the Excel workbook (about.csv = About,",
    "responses.csv = Responses with numeric codes, responses_labels.csv = Responses (labels), ...).",
    "UTF-8, comma-separated, double-quoted where needed, first line = variable names.",
    "Empty = not answered. Dates are yyyy-mm-dd; date-times yyyy-mm-dd hh:mm:ss in UTC. true/false are 1/0.",
    "Line breaks inside answers are replaced by spaces (SPSS cannot read them); the workbook keeps them.",
    "Checkbox questions have one 0/1 column per choice; matrices one column per row (and per cell).",
    "codebook.csv lists every variable with its question text, value codes and labels.",
    "",
    `${SPSS_FILE}: SPSS syntax that reads responses.csv and applies variable labels, value labels and levels.`,
    `${STATA_FILE}: Stata do-file that reads responses.csv and applies variable and value labels.`,
    "In R: read.csv('responses.csv', encoding = 'UTF-8') and codebook.csv for labels.",
    "",
    "Formula-injection guard: text that begins with = + - @ tab or carriage return is written with a",
    "leading apostrophe (') so that spreadsheets show it as text and never evaluate it.",
    options.includePersonal
      ? "Personal data (names, e-mail addresses, contact details) IS included: handle under your data-protection agreement."
      : "Personal data (names, e-mail addresses, contact details) is left out.",
    "",
  ].join("\r\n");
}

/**
 * Writes the zip to `stream` and resolves when it has been fully written. `tables` come in sheet order
 * (exportTables(...)); the SPSS and Stata files describe SHEETS.responses.fileName.
 */
export async function writeCsvBundle(
  stream: Writable,
  tables: Iterable<TableData> | AsyncIterable<TableData>,
  options: CsvBundleOptions,
): Promise<void> {
  const generatedAt = options.generatedAt ?? new Date();
  const batchSize = options.batchSize ?? 200;
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const done = pipeline(archive, stream);
  // archiver does not forward errors of appended sources (e.g. a database cursor failing): catch them here.
  let fail!: (err: Error) => void;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const names: string[] = [];
  try {
    // (not Readable.from: it reads ahead, which would build later tables too early)
    for await (const table of tables as AsyncIterable<TableData>) {
      if (names.includes(table.fileName)) throw new Error(`file name "${table.fileName}" is used twice`);
      names.push(table.fileName);
      const source = Readable.from(csvChunks(table, batchSize));
      source.on("error", (err) => fail(err));
      archive.append(source, { name: table.fileName, date: generatedAt });
      // Take the next table only when this file is in the zip: sources open one at a time, and a
      // table built from earlier ones (Indicators summarises Scores) sees them complete.
      await Promise.race([once(archive, "entry"), failed]);
    }
    const syntaxInput = {
      codebook: options.codebook,
      columns: responseColumns(options.codebook, "codes", options.includePersonal),
      csvFile: SHEETS.responses.fileName,
      generatedAt,
    };
    archive.append(spssSyntax(syntaxInput), { name: SPSS_FILE, date: generatedAt });
    archive.append(stataDoFile(syntaxInput), { name: STATA_FILE, date: generatedAt });
    names.push(SPSS_FILE, STATA_FILE, "README.txt");
    archive.append(bundleReadme({ ...options, generatedAt }, names), { name: "README.txt", date: generatedAt });
    const finalized = archive.finalize();
    finalized.catch(() => undefined); // its failure surfaces through `done`
    await Promise.race([finalized, failed]);
    await Promise.race([done, failed]);
  } catch (err) {
    archive.abort();
    stream.destroy(err as Error);
    await done.catch(() => undefined);
    throw err;
  }
}
