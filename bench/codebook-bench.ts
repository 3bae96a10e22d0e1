/**
 * Codebook / export-flattening benchmark: encodeResponse() (codebook walk, no survey-core) against
 * survey-core baselines in the same run: one reused Model (`data =` + getPlainData) per response,
 * and a new Model per response (what a naive export would do). Prints medians of several runs.
 *
 *   npx tsx bench/codebook-bench.ts [--runs 5] [--responses 1000]
 */
import { buildCodebook, encodeResponse } from "../server/domain/definitions/codebook.ts";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../server/domain/definitions/question-index.ts";
import { createSurveyModel } from "../server/domain/definitions/survey-runtime.ts";
import { ASPECT_CHOICES, ITEM_ASPECTS, type LoadedDefinition } from "../server/domain/definitions/types.ts";

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const RUNS = arg("runs", 5);
const N = arg("responses", 1000);

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function synthetic(def: LoadedDefinition, r: () => number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  for (const q of Object.values(questionIndex(def))) {
    if (q.type === "matrixdropdown") {
      data[q.name] = Object.fromEntries((q.rows ?? []).map((row) => [row.value, Object.fromEntries(ITEM_ASPECTS.map((a) => [a, pick(ASPECT_CHOICES[a])]))]));
    } else if (q.type === "matrix") {
      data[q.name] = Object.fromEntries((q.rows ?? []).map((row) => [row.value, pick(q.columns ?? []).name]));
    } else if (q.type === "checkbox") {
      data[q.name] = (q.choices ?? []).filter(() => r() < 0.4).map((c) => c.value);
    } else if (q.choices && q.choices.length > 0) {
      data[q.name] = pick(q.choices).value;
    } else if (q.type === "text" || q.type === "comment") {
      data[q.name] = q.inputType === "number" ? Math.floor(r() * 10) : "text";
    }
  }
  return data;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time(fn: () => void): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const def = loadDefinitions().current();
const r = rng(42);
const responses = Array.from({ length: N }, () => synthetic(def, r));
const codebook = def.codebook;
const few = responses.slice(0, 5);

const rows: { name: string; ms: number; perResponseUs: number }[] = [];
const bench = (name: string, n: number, fn: () => void) => {
  fn(); // warm-up
  const ms = median(Array.from({ length: RUNS }, () => time(fn)));
  rows.push({ name, ms, perResponseUs: (ms * 1000) / n });
};

bench("buildCodebook (whole definition)", 1, () => void buildCodebook({ ...def, survey: structuredClone(def.survey) }));
bench(`encodeResponse codes x${N}`, N, () => { for (const d of responses) encodeResponse(codebook, d, "codes"); });
bench(`encodeResponse labels x${N}`, N, () => { for (const d of responses) encodeResponse(codebook, d, "labels"); });
const model = createSurveyModel(def.survey);
bench(`baseline: reused survey-core Model, data= + getPlainData x${few.length * 4}`, few.length * 4, () => {
  for (let i = 0; i < 4; i++) for (const d of few) { model.data = d; model.getPlainData({ includeEmpty: false }); }
});
model.dispose();
bench(`baseline: new survey-core Model per response x${few.length}`, few.length, () => {
  for (const d of few) { const m = createSurveyModel(def.survey); m.data = d; m.getPlainData({ includeEmpty: false }); m.dispose(); }
});

const enc = rows.find((x) => x.name.startsWith("encodeResponse codes"))!.perResponseUs;
console.log(`codebook: ${codebook.variables.length} variables; ${N} synthetic responses; median of ${RUNS} runs`);
for (const row of rows) {
  console.log(`${row.name.padEnd(64)} ${row.ms.toFixed(1).padStart(9)} ms  ${row.perResponseUs.toFixed(1).padStart(10)} µs/response  ${(row.perResponseUs / enc).toFixed(1).padStart(7)}x encode`);
}
