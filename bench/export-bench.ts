/**
 * Export benchmark: 10,000 synthetic responses x the published codebook (>= 300
 * variables) written as .xlsx
 *   - "bare":     a bare exceljs streaming write of the cells (WorkbookWriter, useStyles, no shared
 *                 strings, header row, addRow().commit()) - the baseline;
 *   - "writer":   the same cells through server/domain/exports/write-workbook.ts (types, date
 *                 formats, injection guard, frozen header, filter, back-pressure);
 *   - "pipeline": response data -> encodeResponse -> buildResponsesTable -> writeWorkbook (what the
 *                 route does per response, minus the database);
 * plus the full 8-sheet workbook for the 153 LAs. Each measurement runs in its own child process
 * (so peak RSS is that run's alone: process.resourceUsage().maxRSS); modes alternate; medians.
 *
 *   npx tsx bench/export-bench.ts [--runs 3] [--rows 10000] [--las-only]
 *
 * Output goes to the null device, so disk speed does not count. `run()` returns rows for bench/run-all.ts.
 */
import { spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { devNull } from "node:os";
import path from "node:path";
import { finished } from "node:stream/promises";
import { fileURLToPath, pathToFileURL } from "node:url";
import ExcelJS from "exceljs";
import { decodeResponse, encodeResponse } from "../server/domain/definitions/codebook.ts";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import type { Codebook } from "../server/domain/definitions/types.ts";
import { buildResponsesTable, responseColumns, type LaRecord, type ResponseRecord, type ScoreRecord } from "../server/domain/exports/build-sheets.ts";
import { exportTables } from "../server/domain/exports/export-tables.ts";
import type { CellValue } from "../server/domain/exports/sheet-types.ts";
import { writeWorkbook } from "../server/domain/exports/write-workbook.ts";

const thisFile = fileURLToPath(import.meta.url);

export interface BenchRow {
  name: string;
  median_ms: number; // wall clock inside the child, after start-up and data set-up
  median_cpu_ms: number; // user + system CPU of the child over the same span
  runs: number;
  n: number;
  peak_rss_mb: number; // max over runs of the child's peak RSS
  ratio_vs_baseline: number | null; // wall-clock median / bare median, same run
  cpu_ratio_vs_baseline: number | null;
  note: string;
}

type Mode = "bare" | "writer" | "pipeline" | "las153";

// ------------------------------------------------------------------ synthetic data (deterministic)

const REGIONS = ["London", "South East", "North West", "West Midlands", "Yorkshire and The Humber"];

function codebook(): Codebook {
  return loadDefinitions().current().codebook;
}

/** Coded row for response i: every variable answered (the codes encodeResponse produces). */
function codedRow(cb: Codebook, i: number): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {};
  cb.variables.forEach((v, j) => {
    const k = (i * 31 + j * 7) >>> 0;
    if (v.path.kind === "choice_flag") row[v.name] = (k % 3 === 0 ? 1 : 0);
    else if (v.values.length) row[v.name] = v.values[k % v.values.length].code;
    else if (v.measure === "scale") row[v.name] = (k % 1000) / 10;
    else if (v.measure === "date") row[v.name] = `2025-0${1 + (k % 9)}-1${k % 10}`;
    else row[v.name] = k % 97 === 0 ? `=HYPERLINK("x${i}")` : `Free text answer ${i}-${j}: our data team uses several systems (${k.toString(36)})`;
  });
  return row;
}

function fixedCells(i: number): CellValue[] {
  return [
    String(100 + (i % 900)).padStart(3, "0"),
    `E0${String(6000000 + i).padStart(7, "0")}`,
    `Local authority ${i}`,
    REGIONS[i % REGIONS.length],
    "Unitary authority",
    "submitted",
    new Date(Date.UTC(2025, 2, 1 + (i % 28), 9, i % 60)),
    new Date(Date.UTC(2025, 2, 1 + (i % 28), 8, i % 60)),
    1 + (i % 4),
  ];
}

function* cellRows(cb: Codebook, rows: number): Generator<CellValue[]> {
  for (let i = 0; i < rows; i++) {
    const coded = codedRow(cb, i);
    yield [...fixedCells(i), ...cb.variables.map((v) => coded[v.name])];
  }
}

function* responses(cb: Codebook, rows: number): Generator<ResponseRecord> {
  for (let i = 0; i < rows; i++) {
    const f = fixedCells(i);
    yield {
      laCode: f[0] as string,
      gssCode: f[1] as string,
      laName: f[2] as string,
      region: f[3] as string,
      laType: f[4] as string,
      status: "submitted",
      submittedAt: f[6] as Date,
      lastSavedAt: f[7] as Date,
      nContributors: f[8] as number,
      data: decodeResponse(cb, codedRow(cb, i)),
    };
  }
}

// ------------------------------------------------------------------ child process: one measurement

interface Measurement {
  ms: number;
  cpuMs: number;
  rssMb: number;
  cells: number;
}

async function child(mode: Mode, rows: number): Promise<Measurement> {
  const defn = loadDefinitions().current();
  const cb = defn.codebook;
  const columns = responseColumns(cb, "codes", false).concat(); // same columns for every mode
  // synthetic LA data for the 153-LA workbook is prepared before the clock starts
  const las153 = mode === "las153" ? [...responses(cb, 153)] : [];
  const out = createWriteStream(devNull);
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let cells = 0;
  if (mode === "bare") {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = wb.addWorksheet("Responses");
    ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: 12 }));
    for (const row of cellRows(cb, rows)) {
      ws.addRow(row.map((v) => (v === null ? undefined : v))).commit();
      cells += row.length;
    }
    ws.commit();
    await wb.commit();
  } else if (mode === "writer") {
    const table = { name: "Responses", fileName: "responses.csv", columns, rows: cellRows(cb, rows) };
    cells = rows * columns.length;
    await writeWorkbook(out, [table]);
  } else if (mode === "pipeline") {
    const table = buildResponsesTable({ codebook: cb, responses: responses(cb, rows), mode: "codes", includePersonal: false, encode: encodeResponse });
    cells = rows * table.columns.length;
    await writeWorkbook(out, [table]);
  } else {
    const resp = las153;
    const las: LaRecord[] = resp.map((r) => ({ laCode: r.laCode, gssCode: r.gssCode, name: r.laName, region: r.region, laType: r.laType, responseStatus: r.status, submittedAt: r.submittedAt, contextYear: 2025, context: { cin_rate: 300.5, cla_rate: 70.1 } }));
    const scores: ScoreRecord[] = resp.flatMap((r) =>
      defn.catalogue.indicators.map((ind, k): ScoreRecord => ({ kind: "indicator", laCode: r.laCode, laName: r.laName, id: ind.id, name: ind.name, outcomeArea: ind.outcomeArea, score: (k * 13) % 101, band: "ready_now", bandLabel: "Ready now" })),
    );
    const tables = exportTables({
      about: { surveyId: defn.surveyId, version: defn.version, hash: defn.hash, exportedAt: new Date(), status: "all", includePersonal: false, countsByStatus: { submitted: 153 }, responsesExported: 153 },
      codebook: cb,
      encode: encodeResponse,
      includePersonal: false,
      responses: () => resp,
      scores: () => scores,
      indicators: defn.catalogue.indicators,
      indicatorSummaries: new Map(),
      las: () => las,
      contextColumns: ["cin_rate", "cla_rate"],
      caseStudies: () => [],
    });
    cells = 153 * (columns.length * 2) + scores.length * 11;
    await writeWorkbook(out, tables);
  }
  await finished(out);
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, rssMb: process.resourceUsage().maxRSS / 1024, cells };
}

function runChild(mode: Mode, rows: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", thisFile, "--child", mode, "--rows", String(rows)], { stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.on("error", reject);
    p.on("exit", (code) => {
      if (code !== 0) return reject(new Error(`child ${mode} exited with ${code}`));
      const line = stdout.trim().split("\n").pop()!;
      resolve(JSON.parse(line));
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

export async function run(opts: { runs?: number; rows?: number; lasOnly?: boolean } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 3;
  const rows = opts.rows ?? 10_000;
  const modes: Mode[] = opts.lasOnly ? [] : ["bare", "writer", "pipeline"];
  const results = new Map<Mode, Measurement[]>(modes.map((m) => [m, []]));
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? modes : [...modes].reverse(); // alternate so drift hits all modes alike
    for (const m of order) results.get(m)!.push(await runChild(m, rows));
  }
  const las: Measurement[] = [];
  for (let r = 0; r < runs; r++) las.push(await runChild("las153", 153));
  // memory stays flat with more rows: one run at 3x the rows
  const big = opts.lasOnly ? [] : [await runChild("writer", rows * 3)];

  const cols = responseColumns(codebook(), "codes", false).length;
  const bare = results.get("bare")!;
  const row = (name: string, xs: Measurement[], n: number, baseline: Measurement[] | null, note: string): BenchRow => {
    const med = median(xs.map((x) => x.ms));
    const cpu = median(xs.map((x) => x.cpuMs));
    return {
      name,
      median_ms: Math.round(med),
      median_cpu_ms: Math.round(cpu),
      runs: xs.length,
      n,
      peak_rss_mb: Math.round(Math.max(...xs.map((x) => x.rssMb))),
      ratio_vs_baseline: baseline ? Math.round((med / median(baseline.map((x) => x.ms))) * 100) / 100 : null,
      cpu_ratio_vs_baseline: baseline ? Math.round((cpu / median(baseline.map((x) => x.cpuMs))) * 100) / 100 : null,
      note,
    };
  };
  const lasRow = row(`full 8-sheet workbook, 153 LAs`, las, 153, null, "goal well under 1 s (time inside the process, after start-up)");
  if (opts.lasOnly) return [lasRow];
  return [
    row(`bare exceljs streaming write, ${rows} rows x ${cols} columns`, results.get("bare")!, rows, null, "baseline: WorkbookWriter useStyles, no shared strings, addRow().commit()"),
    row(`writeWorkbook, same cells`, results.get("writer")!, rows, bare, "goal <= 1.5x bare, <= 400 MB"),
    row(`responses -> encodeResponse -> writeWorkbook`, results.get("pipeline")!, rows, bare, "includes decoding synthetic answers and encoding them"),
    row(`writeWorkbook, ${rows * 3} rows (memory check)`, big, rows * 3, null, "peak RSS should match the 10,000-row run"),
    lasRow,
  ];
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  if (arg("--child")) {
    const result = await child(arg("--child") as Mode, Number(arg("--rows") ?? 10_000));
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } else {
    const rows = await run({
      runs: arg("--runs") ? Number(arg("--runs")) : undefined,
      rows: arg("--rows") ? Number(arg("--rows")) : undefined,
      lasOnly: process.argv.includes("--las-only"),
    });
    console.table(rows);
  }
}
