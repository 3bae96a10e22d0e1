/**
 * Autosave's per-save check (compiled structure: checkChanges + mergeChanges) against what it
 * replaces, building a survey-core Model per save (new Model + data + validate), on the current
 * definition and on a generated 300-question survey. Medians of N runs, in the same process, so the
 * ratio is what to compare across machines.
 *
 *   npx tsx bench/autosave-check-bench.ts [--runs 30]
 */
import { Command } from "commander";
import { FunctionFactory, Model } from "survey-core";
import { registerSurveyFunctions } from "../survey-definitions/functions.ts";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { checkChanges, compileStructure } from "../server/domain/responses/structure.ts";
import { mergeChanges } from "../server/domain/responses/merge.ts";
import type { SurveyJson } from "../server/domain/definitions/types.ts";

const { runs } = new Command().option("--runs <n>", "runs per measure", "30").parse().opts<{ runs: string }>();
const N = Number(runs);

function generated(questions: number): SurveyJson {
  const pages = [];
  for (let p = 0; p < 10; p++) {
    const elements = [];
    for (let i = 0; i < questions / 10; i++) {
      const n = `p${p}_q${i}`;
      if (i % 3 === 0) elements.push({ type: "dropdown", name: n, choices: ["a", "b", "c", "d"] });
      else if (i % 3 === 1) elements.push({ type: "checkbox", name: n, choices: ["x", "y", "z"], visibleIf: `{p${p}_q${i - 1}} = 'a'` });
      else elements.push({ type: "matrix", name: n, rows: ["r1", "r2", "r3"], columns: [1, 2, 3] });
    }
    pages.push({ name: `page${p}`, elements });
  }
  return { pages };
}

function someData(structure: ReturnType<typeof compileStructure>): { data: Record<string, unknown>; change: Record<string, unknown> } {
  const data: Record<string, unknown> = {};
  let change: Record<string, unknown> = {};
  let i = 0;
  for (const q of structure.questions.values()) {
    if (i++ % 2) continue;
    if (q.rows && q.rows.row.kind === "choice") data[q.name] = { [q.rows.values[0]]: q.rows.row.choices[0] };
    else if (q.rows && q.rows.row.kind === "object") {
      const [col, spec] = Object.entries(q.rows.row.fields)[0];
      data[q.name] = { [q.rows.values[0]]: { [col]: spec.kind === "choice" ? spec.choices[0] : "x" } };
    } else if (q.value.kind === "choice") data[q.name] = q.value.choices[0];
    else if (q.value.kind === "choices") data[q.name] = [q.value.choices[0]];
    else if (q.value.kind === "string" || q.value.kind === "string_or_number") data[q.name] = "text";
  }
  const [k, v] = Object.entries(data).at(-1)!;
  change = { [k]: v };
  return { data, change };
}

registerSurveyFunctions(FunctionFactory);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function time(fn: () => void): Promise<number> {
  const t0 = performance.now();
  fn();
  const ms = performance.now() - t0;
  await new Promise((r) => setImmediate(r)); // one save per macrotask, as requests are
  return ms;
}

async function measure(label: string, survey: SurveyJson): Promise<void> {
  const t0 = performance.now();
  const structure = compileStructure(survey);
  const compileMs = performance.now() - t0;
  const { data, change } = someData(structure);
  const state = { data, version: 5, fieldVersions: {} };
  const compiled: number[] = [];
  const model: number[] = [];
  for (let i = 0; i < 3; i++) {
    await time(() => mergeChanges(state, 5, checkChanges(structure, change).changes, structure));
    await time(() => new Model(survey).dispose());
  }
  for (let i = 0; i < N; i++) {
    compiled.push(await time(() => mergeChanges(state, 5, checkChanges(structure, change).changes, structure)));
    model.push(
      await time(() => {
        const m = new Model(survey);
        m.data = { ...data, ...change };
        m.validate(false);
        m.dispose();
      }),
    );
  }
  const c = median(compiled);
  const m = median(model);
  console.log(
    `${label}: ${structure.questions.size} questions | compile once ${compileMs.toFixed(0)} ms | ` +
      `per save: structure check+merge median ${c.toFixed(3)} ms vs survey-core Model median ${m.toFixed(1)} ms | ratio ${(m / c).toFixed(0)}x`,
  );
}

const defs = loadDefinitions();
let current;
try {
  current = defs.current();
} catch {
  current = defs.all().at(-1)!;
}
await measure(`current definition ${current.surveyId}@${current.version}`, current.survey);
await measure("generated 300-question survey", generated(300));
