/**
 * The renderer alone, in a process of its own, so its memory is measured without the bench's demo
 * data: reads report JSON files one at a time from a folder and renders COUNT PDFs with the server
 * code in SERVER_DIR — the compiled server (dist/server, plain Node, what `npm run start:prod` and
 * the Docker image run) or the source (server/, run with `node --import tsx`, what `npm start` runs).
 * `--in-thread` renders in this thread one after another; otherwise through the service's worker
 * pool (server/services/report-pdf-pool), keeping each of its workers busy. Plain JavaScript so that
 * measuring the compiled server loads no TypeScript tooling into the process.
 * Prints one JSON line: wall and CPU time (every thread of the process), peak resident memory.
 *
 *   node [--import tsx] bench/report-pdf-render-child.mjs SERVER_DIR REPORTS_DIR COUNT [--in-thread]
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [serverDir, dir, countArg, mode] = process.argv.slice(2);
const ext = fs.existsSync(path.join(serverDir, "services/report-pdf-pool.js")) ? ".js" : ".ts";
const load = (name) => import(pathToFileURL(path.join(serverDir, `services/${name}${ext}`)).href);
const { renderReportPdf } = await load("report-pdf-service");
const pool = await load("report-pdf-pool");
const count = Number(countArg);
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const inThread = mode === "--in-thread";
const render = inThread ? renderReportPdf : pool.renderReportPdfOffThread;
const read = (i) => JSON.parse(fs.readFileSync(path.join(dir, files[i % files.length]), "utf8"));

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let bytes = 0;
let next = 0;
const lanes = inThread ? 1 : pool.reportPdfWorkers();
await Promise.all(
  Array.from({ length: lanes }, async () => {
    while (next < count) {
      const report = read(next++);
      const pdf = await render(report);
      bytes += pdf.length;
    }
  }),
);
const cpu = process.cpuUsage(cpu0);
const stats = pool.reportPdfPoolStats ?? {};
process.stdout.write(
  `${JSON.stringify({ wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakMb: Math.round(process.resourceUsage().maxRSS / 1024), kbPerPdf: Math.round(bytes / count / 1024), lanes, ...stats })}\n`,
);
process.exit(0);
