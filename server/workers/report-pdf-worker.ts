/**
 * Renders feedback-report PDFs off the main thread: a tagged report with its tables takes about a
 * second of CPU, which would otherwise stall every other request while a release renders them all.
 */
import { parentPort } from "node:worker_threads";
import type { FeedbackReportDto } from "../contracts/reports.ts";
import { renderReportPdf } from "../services/report-pdf-service.ts";

parentPort!.on("message", async (m: { id: number; report: FeedbackReportDto }) => {
  try {
    const pdf = await renderReportPdf(m.report);
    const bytes = new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength).slice();
    parentPort!.postMessage({ id: m.id, pdf: bytes }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
