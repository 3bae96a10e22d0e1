/**
 * The CSV bundle: a zip of one CSV file per export table (same tables and columns as the workbook),
 * plus SPSS syntax, a Stata do-file and an R script that read the CSVs for analysis and apply the
 * codebook's labels and missing values, and a README. The CSVs carry the answers unchanged (the
 * formula guard is the workbook's job). Streams: each table's rows are pulled only when the zip
 * reaches that file.
 */
import { once } from "node:events";
import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { ZipArchive } from "archiver";
import { stringify } from "csv-stringify/sync";
import type { Codebook } from "../definitions/types.ts";
import { SHEETS } from "./build-sheets.ts";
import { exportFileName, exportFileNamePattern, type ExportNaming } from "./export-file-name.ts";
import { rScript } from "./r-script.ts";
import { formatDateForText, iterateRows, normaliseCell, type CellValue, type ColumnKind, type ColumnSpec, type TableData } from "./sheet-types.ts";
import { spssSyntax } from "./spss-syntax.ts";
import { stataDoFile } from "./stata-syntax.ts";
import { datasetOf, type StatDataset } from "./statistics-syntax.ts";

export interface CsvBundleOptions {
  codebook: Codebook;
  /** Which responses the export holds: with includePersonal, part of the workbook's file name the README gives. */
  status: ExportNaming["status"];
  includePersonal: boolean;
  generatedAt?: Date;
  /** Rows per CSV chunk handed to the zip (default 200). */
  batchSize?: number;
}

export const SPSS_FILE = "responses.sps";
export const STATA_FILE = "responses.do";
export const R_FILE = "responses.R";

/** Tables the syntax files read, label and save (responses first), with their column labels. */
export const STATISTICS_TABLES: { fileName: string; title: string }[] = [
  { fileName: SHEETS.responses.fileName, title: "Responses (numeric codes)" },
  { fileName: SHEETS.scoresWide.fileName, title: "Scores, one row per LA" },
  { fileName: SHEETS.scores.fileName, title: "Scores, one row per LA and indicator or capability dimension" },
];

/**
 * One CSV field: numbers as plain numbers, booleans 1/0, dates yyyy-mm-dd, date-times
 * yyyy-mm-dd hh:mm:ss (UTC), text exactly as answered except that line breaks become spaces.
 */
export function csvField(value: CellValue, kind: ColumnKind): string {
  const v = normaliseCell(value, kind);
  if (v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "boolean") return v ? "1" : "0";
  if (v instanceof Date) return formatDateForText(v, kind === "date" ? "date" : "datetime");
  // Line breaks inside text become spaces: SPSS (GET DATA /TYPE=TXT) and PSPP end a case at every
  // line break, even inside quotes. The workbook keeps them.
  return /[\r\n]/.test(v) ? v.replace(/\r\n|[\r\n]/g, " ") : v;
}

/** Bytes of the longest value of each text column, measured while the CSV is written (sizes SPSS strings). */
type Widths = Map<string, number>;

async function* csvChunks(table: TableData, batchSize: number, widths: Widths): AsyncGenerator<string> {
  const kinds = table.columns.map((c) => c.kind);
  yield stringify([table.columns.map((c) => c.header)]);
  let batch: string[][] = [];
  for await (const row of iterateRows(table.rows)) {
    const fields = kinds.map((k, i) => csvField(row[i], k));
    fields.forEach((f, i) => {
      if (kinds[i] !== "text" || f === "") return;
      const key = table.columns[i].key;
      const bytes = Buffer.byteLength(f, "utf8");
      if (bytes > (widths.get(key) ?? 0)) widths.set(key, bytes);
    });
    batch.push(fields);
    if (batch.length >= batchSize) {
      yield stringify(batch);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch);
}

export function bundleReadme(options: CsvBundleOptions, fileNames: string[]): string {
  const cb = options.codebook;
  const generatedAt = options.generatedAt ?? new Date();
  const naming: ExportNaming = { surveyId: cb.surveyId, version: cb.version, status: options.status, includePersonal: options.includePersonal };
  return [
    "LA Data Capability Audit - research export (CSV bundle)",
    "",
    `Survey ${cb.surveyId}, definition version ${cb.version}, hash ${cb.hash}.`,
    `Generated ${generatedAt.toISOString().slice(0, 19)}Z.`,
    "",
    "Files:",
    ...fileNames.map((f) => `  ${f}`),
    "",
    "To look at the data in a spreadsheet, open the Excel workbook of the same export, not these CSV files.",
    `The console downloads it as ${exportFileNamePattern(naming, "xlsx")}, where YYYY-MM-DD is the day`,
    `of the download: downloaded on the day of this bundle, it is ${exportFileName(naming, "xlsx", generatedAt)}.`,
    "The CSV files are for statistics packages: they hold answers exactly as given, so a spreadsheet",
    "could treat text that starts with = + - or @ as a formula. The workbook stores such text safely.",
    "",
    "In one step:",
    `  SPSS or PSPP: CD to this folder, then run ${SPSS_FILE}. It saves responses.sav (labels, missing values, levels).`,
    `  Stata: cd to this folder, then do ${STATA_FILE}. It saves responses.dta.`,
    `  R: setwd() to this folder, then responses <- source("${R_FILE}")$value (needs the haven package).`,
    "",
    "The CSV files hold the same tables as the sheets of the Excel workbook (about.csv = About,",
    "responses.csv = Responses with numeric codes, responses_labels.csv = Responses (labels), ...).",
    "UTF-8, comma-separated, double-quoted where needed, first line = variable names.",
    "Dates are yyyy-mm-dd; date-times yyyy-mm-dd hh:mm:ss in UTC. true/false are 1/0.",
    "Missing values: empty = asked but not answered; -1 = not asked (the questionnaire's routing hid the",
    "question for this LA); 99 = Don't know; 98 = None and 97 = Other where they are not on an ordered",
    "scale. The syntax files declare these codes missing; codebook.csv lists them in its missing column.",
    "Line breaks inside answers are replaced by spaces (SPSS cannot read them); the workbook keeps them.",
    "Checkbox questions have one 0/1 column per choice; matrices one column per row (and per cell).",
    "scores_wide.csv has one row per LA (each indicator's score and band, each capability level); scores.csv the",
    "same scores one row per LA and indicator or dimension, with the explanation. The syntax files read both too.",
    "codebook.csv lists every variable with its question text, value codes, labels and missing codes.",
    options.includePersonal
      ? "Personal data (names, e-mail addresses, contact details) IS included: handle under your data-protection agreement."
      : "Personal data (names, e-mail addresses, contact details) is left out.",
    "",
  ].join("\r\n");
}

/** The syntax files' description of each statistics table, from the columns and widths just written. */
function statisticsDatasets(options: CsvBundleOptions, written: Map<string, { columns: ColumnSpec[]; widths: Widths; docs?: TableData["columnDocs"] }>): StatDataset[] {
  return STATISTICS_TABLES.filter((t) => written.has(t.fileName)).map((t) => {
    const { columns, widths, docs } = written.get(t.fileName)!;
    const stem = t.fileName.replace(/\.csv$/, "");
    return datasetOf(stem, t.title, columns, { codebook: t.fileName === SHEETS.responses.fileName ? options.codebook : undefined, widths, docs });
  });
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
  const written = new Map<string, { columns: ColumnSpec[]; widths: Widths; docs?: TableData["columnDocs"] }>();
  try {
    // (not Readable.from: it reads ahead, which would build later tables too early)
    for await (const table of tables as AsyncIterable<TableData>) {
      if (names.includes(table.fileName)) throw new Error(`file name "${table.fileName}" is used twice`);
      names.push(table.fileName);
      const widths: Widths = new Map();
      written.set(table.fileName, { columns: table.columns, widths, docs: table.columnDocs });
      const source = Readable.from(csvChunks(table, batchSize, widths));
      source.on("error", (err) => fail(err));
      archive.append(source, { name: table.fileName, date: generatedAt });
      // Take the next table only when this file is in the zip: sources open one at a time, and a
      // table built from earlier ones (Indicators summarises Scores) sees them complete.
      await Promise.race([once(archive, "entry"), failed]);
    }
    const cb = options.codebook;
    const syntaxInput = { surveyId: cb.surveyId, version: cb.version, hash: cb.hash, generatedAt, datasets: statisticsDatasets(options, written) };
    if (syntaxInput.datasets[0]?.stem === "responses") {
      archive.append(spssSyntax(syntaxInput), { name: SPSS_FILE, date: generatedAt });
      archive.append(stataDoFile(syntaxInput), { name: STATA_FILE, date: generatedAt });
      archive.append(rScript(syntaxInput), { name: R_FILE, date: generatedAt });
      names.push(SPSS_FILE, STATA_FILE, R_FILE);
    }
    names.push("README.txt");
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
