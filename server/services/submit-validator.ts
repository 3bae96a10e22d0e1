/**
 * Submit validation. A definition's submit plan is compiled once per version (domain/responses/
 * compiled-validation.ts: survey-core's checks and expression engine, without a Model per submit)
 * and validates a shape-checked response in about a millisecond. A definition the plan cannot
 * express, or data not shape-checked, is validated by survey-core itself, in one worker thread so
 * the seconds that can take do not block other requests. Worker requests are answered in order; if
 * the worker cannot start or dies, validation falls back to running in this thread (slower for
 * others, still correct).
 */
import { Worker } from "node:worker_threads";
import type { SurveyJson } from "../domain/definitions/types.ts";
import { compileSubmitPlan, validateWithPlan, type SubmitPlan } from "../domain/responses/compiled-validation.ts";
import { validateForSubmit, type SubmitValidation, type SubmitValidationOptions } from "../domain/responses/submit-validation.ts";

export type ValidateFn = (survey: SurveyJson, data: Record<string, unknown>, opts?: SubmitValidationOptions, key?: string) => Promise<SubmitValidation>;

const plans = new Map<string, SubmitPlan | null>();

/** The compiled plan for a definition key ("<surveyId>@<version>#<hash>"), or null when survey-core must validate. */
function planFor(survey: SurveyJson, key: string): SubmitPlan | null {
  let plan = plans.get(key);
  if (plan === undefined) {
    const compiled = compileSubmitPlan(survey);
    plan = "unsupported" in compiled ? null : compiled;
    plans.set(key, plan);
  }
  return plan;
}

/** The compiled plan's result when it applies (a known definition key and shape-checked data), else null. */
export function validateCompiled(survey: SurveyJson, data: Record<string, unknown>, opts: SubmitValidationOptions = {}, key?: string): SubmitValidation | null {
  if (!key || !opts.shapeChecked) return null;
  const plan = planFor(survey, key);
  return plan ? validateWithPlan(plan, data) : null;
}

/** Compiled plan first, else survey-core in this thread (scripts and the demo loader). */
export const validateSubmission: ValidateFn = async (survey, data, opts = {}, key) =>
  validateCompiled(survey, data, opts, key) ?? validateForSubmit(survey, data, opts);

export class SubmitValidator {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: SubmitValidation) => void; reject: (e: Error) => void }>();
  private readonly sent = new Set<string>();
  /** How many validations ran on a compiled plan, in the worker (survey-core) and in this thread (survey-core). */
  readonly stats = { compiled: 0, worker: 0, inline: 0 };

  private start(): Worker | null {
    if (this.broken) return null;
    if (this.worker) return this.worker;
    try {
      // compiled (dist/*.js): the worker is JavaScript too; from source, a bootstrap loads it through tsx
      const compiled = import.meta.url.endsWith(".js");
      const w = new Worker(new URL(compiled ? "../workers/submit-validation-worker.js" : "../workers/submit-validation-bootstrap.mjs", import.meta.url));
      w.unref();
      w.on("message", (m: { id: number; result?: SubmitValidation; error?: string }) => {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve(m.result!);
      });
      const fail = (err: Error) => {
        this.broken = true;
        this.worker = null;
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      w.on("error", fail);
      w.on("exit", (code) => {
        if (this.worker === w) fail(new Error(`submit validation worker exited (${code})`));
      });
      this.worker = w;
      return w;
    } catch {
      this.broken = true;
      return null;
    }
  }

  readonly validate: ValidateFn = async (survey, data, opts = {}, key) => {
    const fast = validateCompiled(survey, data, opts, key);
    if (fast) {
      this.stats.compiled++;
      return fast;
    }
    const w = key ? this.start() : null;
    if (!w || !key) {
      this.stats.inline++;
      return validateForSubmit(survey, data, opts);
    }
    const id = this.nextId++;
    const first = !this.sent.has(key);
    this.sent.add(key);
    try {
      const result = await new Promise<SubmitValidation>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        w.postMessage({ id, key, survey: first ? survey : undefined, data, opts });
      });
      this.stats.worker++;
      return result;
    } catch {
      this.sent.delete(key);
      this.stats.inline++;
      return validateForSubmit(survey, data, opts); // worker failed: validate here
    }
  };

  async close(): Promise<void> {
    const w = this.worker;
    this.worker = null;
    this.broken = true;
    for (const p of this.pending.values()) p.reject(new Error("closing"));
    this.pending.clear();
    if (w) await w.terminate();
  }
}
