/**
 * Every LA's feedback-report input built from the demo fieldwork (the demo loader's generator,
 * seeds and status mix: submitted LAs only) and the reference data in sql/reference-data. Pure: no
 * database, so the disclosure tests can build all the reports quickly.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DEFINITIONS_DIR, loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../server/domain/definitions/question-index.ts";
import { generateDemoAnswers, seedOf, seededRng } from "../../server/domain/demo/generate-demo-answers.ts";
import { parseLaContext, parseLaRegister, parseStatisticalNeighbours } from "../../server/domain/reference-data/parse-reference-data.ts";
import { scoreResponse } from "../../server/domain/scoring/score-response.ts";
import type { LaScores } from "../../server/domain/scoring/types.ts";
import { snapshotLa, type NationalSnapshot, type RegisterLa, type ReportInput } from "../../server/domain/reports/build-report.ts";
import type { ContextRow } from "../../server/domain/reports/report-context.ts";

const REFERENCE = join(DEFINITIONS_DIR, "..", "sql", "reference-data");
const read = (f: string) => readFileSync(join(REFERENCE, f), "utf8");

export interface DemoWorld {
  register: RegisterLa[];
  neighbours: Map<string, string[]>;
  context: ContextRow[];
  submitted: { la: RegisterLa; data: Record<string, unknown>; scores: LaScores }[];
  snapshot: NationalSnapshot;
  inputFor(laCode: string, snapshot?: NationalSnapshot): ReportInput;
}

export function demoWorld(): DemoWorld {
  const def = loadDefinitions().current();
  const index = questionIndex(def);
  const reg = parseLaRegister("la_register.csv", read("la_register.csv"));
  const codes = new Set(reg.map((r) => r.la_code));
  const register = reg.map((r) => ({ laCode: r.la_code, name: r.name, region: r.region, laType: r.la_type }));
  const neighbours = new Map<string, string[]>();
  for (const n of parseStatisticalNeighbours("statistical_neighbours_2025.csv", read("statistical_neighbours_2025.csv"), codes).sort((a, b) => a.rank - b.rank)) {
    neighbours.set(n.la_code, [...(neighbours.get(n.la_code) ?? []), n.neighbour_code]);
  }
  const context: ContextRow[] = parseLaContext("la_context_2025.csv", read("la_context_2025.csv"), codes).map((c) => ({
    laCode: c.la_code,
    childPopulation: c.child_population_0_17 as number | null,
    cinRate: c.cin_rate_per_10k as number | null,
    cppRate: c.cpp_rate_per_10k as number | null,
    claRate: c.cla_rate_per_10k as number | null,
  }));
  const population = new Map(context.map((c) => [c.laCode, c.childPopulation]));
  const preferences: Record<string, (string | number | boolean)[]> = {};
  for (const dim of def.rules.capability.dimensions) {
    for (const q of dim.questions) preferences[q.question] = Object.entries(q.points).sort((a, b) => b[1] - a[1]).map(([v]) => v);
  }
  const submitted: DemoWorld["submitted"] = [];
  for (const la of register) {
    const rng = seededRng(seedOf(`demo:${la.laCode}`));
    const draw = rng();
    if (draw < 0.32) continue; // not started or in progress
    const capability = Math.min(1, Math.max(0, 0.5 + (rng() + rng() + rng() - 1.5) * 0.6));
    const data = generateDemoAnswers(index, { rng, capability, completeness: 1, preferences, laCode: la.laCode, laName: la.name });
    const scores = scoreResponse({ catalogue: def.catalogue, rules: def.rules, data, context: { childPopulation: population.get(la.laCode) ?? null } }, { explain: false });
    submitted.push({ la, data, scores });
  }
  const snapshot: NationalSnapshot = { id: 1, takenAt: "2026-12-01T09:00:00.000Z", las: submitted.map((s) => snapshotLa(s.la, s.scores)) };
  const byCode = new Map(submitted.map((s) => [s.la.laCode, s]));
  return {
    register,
    neighbours,
    context,
    submitted,
    snapshot,
    inputFor(laCode, snap = snapshot) {
      const s = byCode.get(laCode);
      if (!s) throw new Error(`LA ${laCode} did not submit in the demo fieldwork`);
      return {
        la: s.la,
        register,
        neighbours: neighbours.get(laCode) ?? [],
        snapshot: snap,
        catalogue: def.catalogue,
        rules: def.rules,
        surveyId: def.surveyId,
        definitionVersion: def.version,
        scores: s.scores,
        data: s.data,
        capabilityContext: { childPopulation: population.get(laCode) ?? null },
        context,
        ofsted: { judgement: "Good", asAt: "2025-03-31" },
      };
    },
  };
}
