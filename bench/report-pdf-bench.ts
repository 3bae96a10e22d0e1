/**
 * Feedback-report PDFs: build every report of the demo fieldwork (disclosure control, re-scoring for
 * "what would move it up"), write them to a temporary folder, then render 153 tagged PDFs in a
 * separate process (bench/report-pdf-render-child.mjs) so the renderer's peak memory is measured
 * without this process's demo data. The demo fieldwork has about 100 submitted LAs, so reports are
 * reused in turn to make 153 PDFs (each is rendered afresh).
 *
 * The service in production runs the compiled server (`npm run build`, `node dist/server/main.js`),
 * so the server is compiled here first (tsc -p tsconfig.server.json into a temporary folder, with its
 * fonts) and measured as plain JavaScript. Three runs of the child, one after the other:
 *   - baseline: the compiled renderer in one thread, one PDF after another;
 *   - service: the compiled server's worker pool (report-pdf-pool), as a release renders them;
 *   - from source: the same pool run through tsx, as `npm start` and `npm run demo` run it.
 * Ratios are against the baseline.
 *
 *   npx tsx bench/report-pdf-bench.ts [--root CHECKOUT]   (CHECKOUT: measure another checkout's server, e.g. main)
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
  workersStarted?: number;
  outOfMemory?: number;
  renderedHere?: number;
}

/** Compiles CHECKOUT's server as `npm run build:server` does, into OUT, with the fonts it reads. */
function compileServer(checkout: string, out: string): string {
  execFileSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(checkout, "tsconfig.server.json"), "--outDir", out], { cwd: checkout, stdio: "inherit" });
  fs.cpSync(path.join(checkout, "server/assets"), path.join(out, "server/assets"), { recursive: true });
  fs.writeFileSync(path.join(out, "package.json"), JSON.stringify({ type: "module" }));
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(out, "node_modules"));
  return path.join(out, "server");
}

function renderInChild(serverDir: string, reportsDir: string, opts: { inThread?: boolean; tsx?: boolean }): ChildResult {
  const args = [...(opts.tsx ? ["--import", "tsx"] : []), path.join(ROOT, "bench/report-pdf-render-child.mjs"), serverDir, reportsDir, "153", ...(opts.inThread ? ["--in-thread"] : [])];
  const out = execFileSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 1024 * 1024 });
  return JSON.parse(out.trim().split("\n").at(-1)!) as ChildResult;
}

function poolNote(r: ChildResult): string {
  const fallbacks = r.renderedHere === undefined ? "" : `; ${r.workersStarted} worker(s) started, ${r.outOfMemory} ran out of memory, ${r.renderedHere} PDFs rendered in the main thread`;
  return `${r.lanes} in flight${fallbacks}`;
}

export async function run(checkout = ROOT): Promise<BenchRow[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-bench-"));
  const reportsDir = path.join(dir, "reports");
  fs.mkdirSync(reportsDir);
  try {
    const t0 = performance.now();
    const world = demoWorld();
    const built = world.submitted.map((s) => buildReport(world.inputFor(s.la.laCode)));
    const buildMs = performance.now() - t0;
    built.forEach((r, i) => fs.writeFileSync(path.join(reportsDir, `${String(i).padStart(4, "0")}.json`), JSON.stringify(r)));
    const t1 = performance.now();
    const compiled = compileServer(checkout, path.join(dir, "dist"));
    const compileMs = performance.now() - t1;
    const baseline = renderInChild(compiled, reportsDir, { inThread: true });
    const service = renderInChild(compiled, reportsDir, {});
    const source = renderInChild(path.join(checkout, "server"), reportsDir, { tsx: true });
    const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}× the baseline`;
    const rows = (label: string, r: ChildResult, note: string): BenchRow[] => [
      { measure: `${label}: 153 PDFs, wall (ms)`, value: r.wallMs, note: `${note}; ${r.kbPerPdf} KB per PDF; ${ratio(r.wallMs, baseline.wallMs)}` },
      { measure: `${label}: CPU per PDF (ms)`, value: Math.round(r.cpuMs / 153), note: `every thread of the rendering process / 153; ${ratio(r.cpuMs, baseline.cpuMs)}` },
      { measure: `${label}: peak resident memory (MB)`, value: r.peakMb, note: `the rendering process only; ${ratio(r.peakMb, baseline.peakMb)}` },
    ];
    return [
      { measure: `build ${built.length} reports (ms)`, value: Math.round(buildMs), note: "in this process: aggregates, disclosure control, re-scoring per indicator" },
      { measure: "compile the server (ms)", value: Math.round(compileMs), note: `tsc -p tsconfig.server.json of ${checkout}` },
      ...rows("baseline, compiled, one thread", baseline, "separate process, one PDF after another"),
      ...rows("service: compiled, worker pool", service, poolNote(service)),
      ...rows("from source (tsx), worker pool", source, poolNote(source)),
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf("--root");
  for (const r of await run(i > 0 ? path.resolve(process.argv[i + 1]) : ROOT)) console.log(`${r.measure}: ${r.value} (${r.note})`);
}
