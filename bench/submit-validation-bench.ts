/**
 * Submit validation benchmark: one complete response to the current definition validated by
 * survey-core (a new Model per submit, as before the compiled plan) and by the compiled plan, in
 * the same run. CPU time of this process (user + system), medians.
 *
 *   npx tsx bench/submit-validation-bench.ts [--runs 5]
 *
 * The response is generated (seeded) to be complete and valid, as a real submit mostly is; a
 * sparse one (many errors) is timed too. `run()` returns the rows for bench/run-all.ts.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { compileSubmitPlan, validateWithPlan, type SubmitPlan } from "../server/domain/responses/compiled-validation.ts";
import { compileStructure } from "../server/domain/responses/structure.ts";
import { validateForSubmit } from "../server/domain/responses/submit-validation.ts";
import { mulberry32 } from "../server/lib/seeded-random.ts";
import { randomSubmitResponse } from "../test/support/submit-responses.ts";

export interface BenchRow {
  name: string;
  median_ms: number;
  median_cpu_ms: number;
  runs: number;
  ratio_vs_survey_core: number | null;
  note: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function time(fn: () => unknown, runs: number): Promise<{ wall: number; cpu: number }> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

export async function run(opts: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 5;
  const d = loadDefinitions().current();
  const structure = compileStructure(d.survey);
  const rand = mulberry32(20261205);
  let complete: Record<string, unknown> | undefined;
  let sparse: Record<string, unknown> | undefined;
  let plan: SubmitPlan | undefined;
  const first = compileSubmitPlan(d.survey);
  if ("unsupported" in first) throw new Error(`the current definition does not compile: ${first.unsupported}`);
  plan = first;
  while (!complete || !sparse) {
    const data = randomSubmitResponse(structure, rand, "bench");
    const n = Object.keys(data).length;
    const r = validateWithPlan(plan, data);
    if (!complete && r.valid && n > structure.questions.size * 0.8) complete = data;
    if (!sparse && !r.valid && r.errors.length > 20) sparse = data;
  }
  const fields = Object.keys(complete).length;
  const rows: BenchRow[] = [];
  const add = (name: string, t: { wall: number; cpu: number }, r: number, base: { cpu: number } | null, note: string) =>
    rows.push({
      name,
      median_ms: Math.round(t.wall * 100) / 100,
      median_cpu_ms: Math.round(t.cpu * 100) / 100,
      runs: r,
      ratio_vs_survey_core: base ? Math.round((t.cpu / base.cpu) * 10000) / 10000 : null,
      note,
    });
  const label = `${d.surveyId}@${d.version}, ${fields} answered questions`;
  const core = await time(() => validateForSubmit(d.survey, complete, { shapeChecked: true }), runs);
  add("survey-core: new Model + validate(true), complete response", core, runs, null, label);
  const coreSparse = await time(() => validateForSubmit(d.survey, sparse, { shapeChecked: true }), Math.max(1, Math.ceil(runs / 2)));
  add("survey-core: new Model + validate(true), sparse response", coreSparse, Math.max(1, Math.ceil(runs / 2)), null, "many errors");
  const compile = await time(() => {
    plan = compileSubmitPlan(d.survey) as SubmitPlan;
  }, 3);
  add("compile the submit plan (once per definition version)", compile, 3, core, "one survey-core Model, read once");
  const many = runs * 40;
  const fast = await time(() => validateWithPlan(plan!, complete), many);
  add("compiled plan, complete response", fast, many, core, label);
  const fastSparse = await time(() => validateWithPlan(plan!, sparse), many);
  add("compiled plan, sparse response", fastSparse, many, coreSparse, "many errors");
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--runs");
  console.table(await run({ runs: i > 0 ? Number(process.argv[i + 1]) : undefined }));
}
