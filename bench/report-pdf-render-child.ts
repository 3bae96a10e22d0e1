/**
 * The renderer alone, in a process of its own, so its memory is measured without the bench's demo
 * data: reads report JSON files one at a time from a folder and renders COUNT PDFs, either in this
 * thread one after another (`--in-thread`, how a single thread renders) or through the service's
 * worker pool (server/services/report-pdf-pool.ts, one worker per core), keeping each worker busy.
 * Prints one JSON line: wall and CPU time (every thread of the process), peak resident memory.
 *
 *   node --import tsx bench/report-pdf-render-child.ts DIR COUNT [--in-thread]
 */
import fs from "node:fs";
import path from "node:path";
import type { FeedbackReportDto } from "../server/contracts/reports.ts";
import { renderReportPdf } from "../server/services/report-pdf-service.ts";
import { renderReportPdfOffThread, reportPdfWorkers } from "../server/services/report-pdf-pool.ts";

const [dir, countArg, mode] = process.argv.slice(2);
const count = Number(countArg);
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
const inThread = mode === "--in-thread";
const render = inThread ? renderReportPdf : renderReportPdfOffThread;
const read = (i: number) => JSON.parse(fs.readFileSync(path.join(dir, files[i % files.length]), "utf8")) as FeedbackReportDto;

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let bytes = 0;
let next = 0;
const lanes = inThread ? 1 : reportPdfWorkers();
await Promise.all(
  Array.from({ length: lanes }, async () => {
    while (next < count) {
      const report = read(next++);
      bytes += (await render(report)).length;
    }
  }),
);
const cpu = process.cpuUsage(cpu0);
process.stdout.write(
  `${JSON.stringify({ wallMs: Math.round(performance.now() - t0), cpuMs: Math.round((cpu.user + cpu.system) / 1000), peakMb: Math.round(process.resourceUsage().maxRSS / 1024), kbPerPdf: Math.round(bytes / count / 1024), lanes })}\n`,
);
process.exit(0);
