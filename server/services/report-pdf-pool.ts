/**
 * Feedback-report PDFs rendered in worker threads, so the service stays responsive while a release
 * renders a PDF per LA: the main thread only hands reports over and answers requests.
 *
 * How many workers: one per core up to four, but only one on a machine with two cores or fewer —
 * there a second worker renders no faster (V8's garbage collector already uses the other core) and
 * costs a second copy of pdfkit, the fonts and their layout cache — and never more than a quarter of
 * the machine's memory (or its container's limit) allows at WORKER_BUDGET_MB each.
 *
 * Memory: each worker's heap is capped (`resourceLimits`). A report needs about 40 MB of live heap;
 * without a cap V8 lets the heap grow to three times that between collections, which is most of the
 * renderer's resident memory. A worker that reaches its cap is stopped by Node; the report it was
 * rendering is then rendered in this thread (slower for other requests, still correct) and the next
 * report starts a new worker. If a worker cannot start or dies for another reason, or three die in a
 * row, the pool stops using workers and renders every PDF here.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import type { FeedbackReportDto } from "../contracts/reports.ts";
import { renderReportPdf } from "./report-pdf-service.ts";

/** Cap on each worker's old-generation heap (MB): about 1.5 times the live heap of the largest report. */
export const WORKER_HEAP_MB = 64;
/** Resident memory one worker adds at its peak, with its capped heap (measured: bench/RESULTS.md). */
const WORKER_BUDGET_MB = 150;

function poolSize(): number {
  const cores = os.availableParallelism?.() ?? os.cpus().length;
  const byCores = cores <= 2 ? 1 : Math.min(4, cores);
  const constrained = process.constrainedMemory?.() ?? 0;
  const memory = constrained > 0 ? Math.min(constrained, os.totalmem()) : os.totalmem();
  const byMemory = Math.floor(memory / 4 / (WORKER_BUDGET_MB * 1024 * 1024));
  return Math.max(1, Math.min(byCores, byMemory));
}

const SIZE = poolSize();
let heapMb = WORKER_HEAP_MB;

/** How many PDFs render at once: callers with many to render keep this many in flight. */
export const reportPdfWorkers = () => SIZE;

/** Tests only: the heap cap of workers started from now on (a tiny one makes a worker run out of memory); idle workers are stopped. */
export async function setReportPdfWorkerHeapForTests(mb: number): Promise<void> {
  heapMb = mb;
  const idle = slots.filter((s) => !s.busy);
  for (const s of idle) slots.splice(slots.indexOf(s), 1);
  await Promise.all(idle.map((s) => s.worker.terminate()));
}

/** What the pool has done, for tests and benches. */
export const reportPdfPoolStats = { workersStarted: 0, outOfMemory: 0, renderedHere: 0 };

interface Job {
  id: number;
  resolve: (b: Buffer) => void;
  reject: (e: Error) => void;
}
interface Slot {
  worker: Worker;
  /** taken by a caller (set in the same turn as it is found free, so two callers never share it) */
  busy: boolean;
  job: Job | null;
}

/** A worker that stopped while rendering; `outOfMemory` when it reached its heap cap. */
class WorkerStopped extends Error {
  constructor(readonly outOfMemory: boolean) {
    super(outOfMemory ? "report PDF worker ran out of memory" : "report PDF worker stopped");
  }
}

const slots: Slot[] = [];
const waiting: (() => void)[] = [];
let nextId = 1;
let broken = false;
let deathsInARow = 0;

function startSlot(): Slot | null {
  try {
    // compiled (dist/*.js): the worker is JavaScript too; from source, a bootstrap loads it through tsx
    const compiled = import.meta.url.endsWith(".js");
    const worker = new Worker(new URL(compiled ? "../workers/report-pdf-worker.js" : "../workers/report-pdf-bootstrap.mjs", import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: heapMb }, // the young generation keeps its default size: smaller, it costs CPU
    });
    reportPdfPoolStats.workersStarted++;
    worker.unref();
    const slot: Slot = { worker, busy: false, job: null };
    worker.on("message", (m: { id: number; pdf?: Uint8Array; error?: string }) => {
      const job = slot.job;
      if (!job || job.id !== m.id) return;
      slot.job = null;
      deathsInARow = 0;
      if (m.error !== undefined) job.reject(new Error(m.error));
      else job.resolve(Buffer.from(m.pdf!.buffer, m.pdf!.byteOffset, m.pdf!.byteLength));
    });
    let outOfMemory = false;
    worker.on("error", (err: Error & { code?: string }) => {
      outOfMemory = err.code === "ERR_WORKER_OUT_OF_MEMORY";
      if (outOfMemory) reportPdfPoolStats.outOfMemory++;
      else broken = true; // cannot load or crashed for another reason: it would again
    });
    worker.on("exit", () => {
      const i = slots.indexOf(slot);
      if (i < 0) return; // stopped on purpose
      slots.splice(i, 1);
      if (++deathsInARow >= 3) broken = true;
      slot.job?.reject(new WorkerStopped(outOfMemory));
      slot.job = null;
    });
    slots.push(slot);
    return slot;
  } catch {
    broken = true;
    return null;
  }
}

/** A worker reserved for the caller, or null when workers are not used. */
async function takeSlot(): Promise<Slot | null> {
  for (;;) {
    if (broken) return null;
    const slot = slots.find((s) => !s.busy) ?? (slots.length < SIZE ? startSlot() : undefined);
    if (slot === null) return null;
    if (slot) {
      slot.busy = true;
      return slot;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
}

function renderHere(report: FeedbackReportDto): Promise<Buffer> {
  reportPdfPoolStats.renderedHere++;
  return renderReportPdf(report);
}

export async function renderReportPdfOffThread(report: FeedbackReportDto): Promise<Buffer> {
  const slot = await takeSlot();
  if (!slot) return renderHere(report);
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      slot.job = { id: nextId++, resolve, reject };
      slot.worker.postMessage({ id: slot.job.id, report });
    });
  } catch {
    return renderHere(report); // the worker stopped, or the report failed there: render here (a real error is thrown here)
  } finally {
    slot.busy = false;
    waiting.shift()?.();
  }
}
