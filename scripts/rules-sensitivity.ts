/**
 * Sensitivity of the current scoring rules: how many LA x indicator bands (and LA x capability
 * levels) move when each threshold, cap, point value or weight moves by -10% and +10%, one at a time.
 *
 *   npx tsx scripts/rules-sensitivity.ts [--las N]
 *
 * Input: the demo fieldwork the demo loader makes (same generator, seeds and status mix) for every
 * LA of the register in sql/reference-data, answered on the current definition, with each LA's child
 * population from the LA context data. Pure: no database. Prints a Markdown table (recorded in
 * bench/RESULTS.md). A parameter that moves no band is not evidence it is right, only that the demo
 * answers do not sit near it; parameters that move many bands are the ones to argue for in a report.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFINITIONS_DIR, loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../server/domain/definitions/question-index.ts";
import type { ScoringRules } from "../server/domain/definitions/types.ts";
import { generateDemoAnswers, seedOf, seededRng } from "../server/domain/demo/generate-demo-answers.ts";
import { scoreResponse } from "../server/domain/scoring/score-response.ts";

const REFERENCE = join(DEFINITIONS_DIR, "..", "sql", "reference-data");

/** Fields of one CSV line (RFC 4180 quoting; the reference files have no line breaks inside fields). */
function fields(line: string): string[] {
  return [...line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)].map((m) => (m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2]));
}

function csv(file: string): Record<string, string>[] {
  const [head, ...lines] = readFileSync(join(REFERENCE, file), "utf8").trim().split(/\r?\n/);
  const cols = fields(head);
  return lines.map((l) => Object.fromEntries(fields(l).map((v, i) => [cols[i], v])));
}

const limit = process.argv.includes("--las") ? Number(process.argv[process.argv.indexOf("--las") + 1]) : Infinity;
const def = loadDefinitions().current();
const index = questionIndex(def);
const las = csv("la_register.csv").slice(0, limit);
const population = new Map<string, number>();
for (const row of csv("la_context_2025.csv")) {
  const n = Number(row.child_population_0_17);
  if (row.la_code && Number.isFinite(n) && n > 0) population.set(row.la_code, n);
}

// The demo loader's answers: ranked preferences from the capability rules, status mix and seeds.
const preferences: Record<string, (string | number | boolean)[]> = {};
for (const dim of def.rules.capability.dimensions) {
  for (const q of dim.questions) preferences[q.question] = Object.entries(q.points).sort((a, b) => b[1] - a[1]).map(([v]) => v);
}
const responses: { laCode: string; data: Record<string, unknown> }[] = [];
for (const la of las) {
  const rng = seededRng(seedOf(`demo:${la.la_code}`));
  const draw = rng();
  if (draw < 0.1) continue; // not started
  const capability = Math.min(1, Math.max(0, 0.5 + (rng() + rng() + rng() - 1.5) * 0.6));
  const completeness = draw < 0.32 ? 0.3 + rng() * 0.5 : 1;
  responses.push({ laCode: la.la_code, data: generateDemoAnswers(index, { rng, capability, completeness, preferences, laCode: la.la_code, laName: la.name }) });
}

function bandsAndLevels(rules: ScoringRules): { bands: string[]; levels: (number | null)[] } {
  const bands: string[] = [];
  const levels: (number | null)[] = [];
  for (const r of responses) {
    const s = scoreResponse({ catalogue: def.catalogue, rules, data: r.data, context: { childPopulation: population.get(r.laCode) ?? null } }, { explain: false });
    for (const i of s.indicators) bands.push(i.band);
    for (const d of s.capability.dimensions) levels.push(d.level);
  }
  return { bands, levels };
}

interface Parameter {
  name: string;
  base: number;
  /** set the parameter to `value` in a copy of the rules */
  set: (rules: ScoringRules, value: number) => void;
  kind: "band" | "capability";
}

const params: Parameter[] = [];
const R = def.rules;
R.bands.forEach((b, i) => {
  if (b.min > 0) params.push({ name: `band threshold: ${b.label} (min)`, base: b.min, set: (r, v) => void (r.bands[i].min = v), kind: "band" });
});
R.item.gates.forEach((g, i) => {
  if (g.cap > 0) params.push({ name: `gate cap: ${g.aspect} ${g.values.join("/")}`, base: g.cap, set: (r, v) => void (r.item.gates[i].cap = v), kind: "band" });
});
if (R.indicator.historyGate) {
  params.push({ name: "history gate cap", base: R.indicator.historyGate.cap, set: (r, v) => void (r.indicator.historyGate!.cap = v), kind: "band" });
  for (const [value, months] of Object.entries(R.indicator.historyGate.monthsByValue)) {
    if (months > 0) params.push({ name: `history months credited: ${value}`, base: months, set: (r, v) => void (r.indicator.historyGate!.monthsByValue[value] = v), kind: "band" });
  }
}
for (const [aspect, a] of Object.entries(R.item.aspects)) {
  params.push({ name: `aspect weight: ${aspect}`, base: a.weight, set: (r, v) => void (r.item.aspects[aspect as keyof typeof r.item.aspects].weight = v), kind: "band" });
  for (const [value, points] of Object.entries(a.points)) {
    if (points !== null && points > 0) {
      params.push({ name: `points: ${aspect} ${value}`, base: points, set: (r, v) => void (r.item.aspects[aspect as keyof typeof r.item.aspects].points[value] = v), kind: "band" });
    }
  }
}
R.capability.dimensions.forEach((d, di) => {
  d.questions.forEach((q, qi) => {
    params.push({ name: `capability weight: ${d.id} ${q.question}`, base: q.weight, set: (r, v) => void (r.capability.dimensions[di].questions[qi].weight = v), kind: "capability" });
  });
});
R.capability.levels.forEach((l, i) => {
  if (l.min > 0) params.push({ name: `capability level threshold: ${l.name}`, base: l.min, set: (r, v) => void (r.capability.levels[i].min = v), kind: "capability" });
});

const started = Date.now();
const base = bandsAndLevels(R);
const moved = (a: (string | number | null)[], b: (string | number | null)[]) => a.reduce<number>((n, x, i) => n + (x === b[i] ? 0 : 1), 0);
const rows: string[] = [];
for (const p of params) {
  const out: number[] = [];
  for (const factor of [0.9, 1.1]) {
    const rules = structuredClone(R);
    p.set(rules, Math.min(p.kind === "band" && !p.name.startsWith("history months") && !p.name.startsWith("aspect weight") ? 100 : Infinity, p.base * factor));
    const next = bandsAndLevels(rules);
    out.push(p.kind === "band" ? moved(base.bands, next.bands) : moved(base.levels, next.levels));
  }
  rows.push(`| ${p.name} | ${p.base} | ${out[0]} | ${out[1]} |`);
}
const cells = base.bands.length;
const scored = base.bands.filter((b) => b !== "not_enough_information").length;
console.log(`Rules ${R.id} v${R.version} (definition ${def.surveyId} v${def.version}); demo fieldwork of ${responses.length} started LAs of ${las.length}:`);
console.log(`${cells} LA x indicator cells (${scored} with a band other than Not enough information), ${base.levels.length} LA x capability dimension cells.`);
console.log(`Bands now: ${["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"].map((b) => `${b} ${base.bands.filter((x) => x === b).length}`).join(", ")}.`);
console.log("");
console.log("| parameter (moved one at a time) | value | cells that change at -10% | at +10% |");
console.log("|---|---|---|---|");
for (const r of rows) console.log(r);
console.log("");
console.log(`Band parameters count LA x indicator bands; capability parameters count LA x dimension levels. ${params.length} parameters, ${((Date.now() - started) / 1000).toFixed(1)} s.`);
