/**
 * Feedback-report PDFs: build every report of the demo fieldwork (disclosure control, re-scoring for
 * "what would move it up"), write them to a temporary folder, then render 153 tagged PDFs in a
 * separate process (bench/report-pdf-render-child.ts) so the renderer's peak memory is measured
 * without this process's demo data. The demo fieldwork has about 100 submitted LAs, so reports are
 * reused in turn to make 153 PDFs (each is rendered afresh). Two runs of the same child, one after
 * the other: the baseline renders in one thread one after another; the second through the service's
 * worker pool, one worker per core. The ratio is second / baseline.
 *
 *   npx tsx bench/report-pdf-bench.ts
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildReport } from "../server/domain/reports/build-report.ts";
import { demoWorld } from "../test/support/demo-reports.ts";

export interface BenchRow {
  measure: string;
  value: number;
  note: string;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface ChildResult {
  wallMs: number;
  cpuMs: number;
  peakMb: number;
  kbPerPdf: number;
  lanes: number;
}

function renderInChild(dir: string, inThread: boolean): ChildResult {
  const args = ["--import", "tsx", path.join(ROOT, "bench/report-pdf-render-child.ts"), dir, "153", ...(inThread ? ["--in-thread"] : [])];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1024 * 1024 });
  return JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
}

export async function run(): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-bench-"));
  try {
    const t0 = performance.now();
    const world = demoWorld();
    const built = world.submitted.map((s) => buildReport(world.inputFor(s.la.laCode)));
    const buildMs = performance.now() - t0;
    built.forEach((r, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(4, "0")}.json`), JSON.stringify(r)));
    const baseline = renderInChild(dir, true);
    const pooled = renderInChild(dir, false);
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}× the baseline`;
    return [
      { measure: `build ${built.length} reports (ms)`, value: Math.round(buildMs), note: "in this process: aggregates, disclosure control, re-scoring per indicator" },
      { measure: "baseline: 153 PDFs in one thread, wall (ms)", value: baseline.wallMs, note: `separate process, one after another; ${baseline.kbPerPdf} KB per PDF` },
      { measure: "baseline: CPU per PDF (ms)", value: Math.round(baseline.cpuMs / 153), note: "user + system of the rendering process / 153" },
      { measure: "baseline: peak resident memory (MB)", value: baseline.peakMb, note: "the rendering process only" },
      { measure: `worker pool: 153 PDFs, wall (ms)`, value: pooled.wallMs, note: `${pooled.lanes} workers (one per core); ${ratio(pooled.wallMs, baseline.wallMs)}` },
      { measure: "worker pool: CPU per PDF (ms)", value: Math.round(pooled.cpuMs / 153), note: `every thread of the rendering process / 153; ${ratio(pooled.cpuMs, baseline.cpuMs)}` },
      { measure: "worker pool: peak resident memory (MB)", value: pooled.peakMb, note: `the rendering process only: main thread and ${pooled.lanes} workers; ${ratio(pooled.peakMb, baseline.peakMb)}` },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(`${r.measure}: ${r.value} (${r.note})`);
}
