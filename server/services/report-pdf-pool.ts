/**
 * Feedback-report PDFs rendered in worker threads, one per core (at most four), so the service stays
 * responsive while a release renders a PDF per LA: the main thread only hands reports over and
 * answers requests, which the operating system schedules between the busy workers. Each worker
 * renders one PDF at a time; if a worker cannot start or dies, the PDF is rendered in this thread
 * instead (slower for other requests, still correct).
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { FeedbackReportDto } from "../contracts/reports.ts";
import { renderReportPdf } from "./report-pdf-service.ts";

interface Slot {
  worker: Worker;
  busy: boolean;
}

const SIZE = Math.max(1, Math.min(4, os.availableParallelism?.() ?? os.cpus().length));

/** How many PDFs render at once: callers with many to render keep this many in flight. */
export const reportPdfWorkers = () => SIZE;
const slots: Slot[] = [];
const waiting: (() => void)[] = [];
const pending = new Map<number, { resolve: (b: Buffer) => void; reject: (e: Error) => void }>();
let nextId = 1;
let broken = false;

function startSlot(): Slot | null {
  try {
    const worker = new Worker(new URL("../workers/report-pdf-bootstrap.mjs", import.meta.url));
    worker.unref();
    const slot: Slot = { worker, busy: false };
    worker.on("message", (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(Buffer.from(m.pdf!));
    });
    const fail = () => {
      broken = true;
      slots.splice(slots.indexOf(slot), 1);
      for (const p of pending.values()) p.reject(new Error("report PDF worker stopped"));
      pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", fail);
    slots.push(slot);
    return slot;
  } catch {
    broken = true;
    return null;
  }
}

async function freeSlot(): Promise<Slot | null> {
  for (;;) {
    if (broken) return null;
    const idle = slots.find((s) => !s.busy);
    if (idle) return idle;
    if (slots.length < SIZE) return startSlot();
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

export async function renderReportPdfOffThread(report: FeedbackReportDto): Promise<Buffer> {
  const slot = await freeSlot();
  if (!slot) return renderReportPdf(report);
  slot.busy = true;
  const id = nextId++;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      slot.worker.postMessage({ id, report });
    });
  } catch {
    return renderReportPdf(report); // the worker failed: render here
  } finally {
    slot.busy = false;
    waiting.shift()?.();
  }
}
