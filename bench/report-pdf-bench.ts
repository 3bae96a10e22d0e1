/**
 * Feedback-report PDFs: build every report of the demo fieldwork (disclosure control, re-scoring for
 * "what would move it up") and render 153 tagged PDFs one after another in this process, timing both
 * and sampling peak resident memory. The demo fieldwork has about 100 submitted LAs, so reports are
 * reused in turn to make 153 PDFs (each is rendered afresh).
 *
 *   npx tsx bench/report-pdf-bench.ts
 */
import { pathToFileURL } from "node:url";
import { buildReport } from "../server/domain/reports/build-report.ts";
import { renderReportPdf } from "../server/services/report-pdf-service.ts";
import { demoWorld } from "../test/support/demo-reports.ts";

export interface BenchRow {
  measure: string;
  value: number;
  note: string;
}

export async function run(): Promise<BenchRow[]> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const world = demoWorld();
  const t0 = performance.now();
  const reports = world.submitted.map((s) => buildReport(world.inputFor(s.la.laCode)));
  const buildMs = performance.now() - t0;
  const t1 = performance.now();
  const cpu0 = process.cpuUsage();
  let bytes = 0;
  const each: number[] = [];
  for (let i = 0; i < 153; i++) {
    const t = performance.now();
    bytes += (await renderReportPdf(reports[i % reports.length])).length;
    each.push(performance.now() - t);
  }
  const pdfMs = performance.now() - t1;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const sorted = [...each].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return [
    { measure: `build ${reports.length} reports (ms)`, value: Math.round(buildMs), note: "aggregates, disclosure control, re-scoring per indicator" },
    { measure: "render 153 tagged PDFs (ms)", value: Math.round(pdfMs), note: `${Math.round(bytes / 153 / 1024)} KB per PDF on average, one process, one after another` },
    { measure: "median time per PDF (ms)", value: Math.round(median), note: `wall clock; first PDF ${Math.round(each[0])} ms (parses the fonts), slowest ${Math.round(sorted.at(-1)!)} ms` },
    { measure: "CPU time per PDF (ms)", value: Math.round((cpu.user + cpu.system) / 1000 / 153), note: "user + system of this process over the 153 renders: what a loaded machine does not inflate" },
    { measure: "peak resident memory (MB)", value: Math.round(peak / 1024 / 1024), note: "whole process, sampled every 20 ms" },
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const r of await run()) console.log(`${r.measure}: ${r.value} (${r.note})`);
}
