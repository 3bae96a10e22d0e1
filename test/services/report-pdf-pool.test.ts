/** Report PDFs render in worker threads: the main thread keeps answering while several are rendered. */
import { describe, expect, it } from "vitest";
import { buildReport } from "../../server/domain/reports/build-report.ts";
import { WORKER_HEAP_MB, renderReportPdfOffThread, reportPdfPoolStats, setReportPdfWorkerHeapForTests } from "../../server/services/report-pdf-pool.ts";
import { demoWorld } from "../support/demo-reports.ts";

describe("report PDF worker pool", () => {
  it("renders real PDFs while the event loop stays free (an inline render blocks it for about a second each)", async () => {
    const world = demoWorld();
    const reports = world.submitted.slice(0, 3).map((s) => buildReport(world.inputFor(s.la.laCode)));
    let last = performance.now();
    let worstGap = 0;
    const tick = setInterval(() => {
      const now = performance.now();
      worstGap = Math.max(worstGap, now - last);
      last = now;
    }, 10);
    const pdfs = await Promise.all(reports.map((r) => renderReportPdfOffThread(r)));
    clearInterval(tick);
    worstGap = Math.max(worstGap, performance.now() - last); // a loop blocked to the end never ticked
    for (const pdf of pdfs) {
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(50_000);
    }
    expect(worstGap).toBeLessThan(400);
  }, 120_000);

  it("renders the PDF anyway when a worker runs out of its capped heap, and starts a fresh worker for the next one", async () => {
    const world = demoWorld();
    const [a, b] = world.submitted.slice(0, 2).map((s) => buildReport(world.inputFor(s.la.laCode)));
    const before = { ...reportPdfPoolStats };
    await setReportPdfWorkerHeapForTests(4); // far too small for a report: the next worker runs out of memory
    try {
      const pdf = await renderReportPdfOffThread(a);
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(pdf.length).toBeGreaterThan(50_000);
      expect(reportPdfPoolStats.outOfMemory).toBe(before.outOfMemory + 1);
      expect(reportPdfPoolStats.renderedHere).toBe(before.renderedHere + 1);
    } finally {
      await setReportPdfWorkerHeapForTests(WORKER_HEAP_MB);
    }
    const next = await renderReportPdfOffThread(b);
    expect(next.subarray(0, 5).toString()).toBe("%PDF-");
    expect(reportPdfPoolStats.renderedHere).toBe(before.renderedHere + 1); // this one in a worker again
    expect(reportPdfPoolStats.workersStarted).toBe(before.workersStarted + 2);
  }, 120_000);
});
