// Candidates for the case-study benchmark: the real LA register, Ofsted judgements/history and 2025 context
// (sql/reference-data/, copied into the project by the foundation with provenance) plus SYNTHETIC capability
// scores and bands (seeded), with every LA marked as submitted and agreed so the pool is all 153 LAs.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { computeOfstedTrajectories } from "../server/domain/case-studies/ofsted-trajectory.ts";
import { mulberry32 } from "../server/lib/seeded-random.ts";
import type { CaseStudyCandidate } from "../server/domain/case-studies/types.ts";

export const BAND_ORDER = ["low", "developing", "established", "advanced"];

const dataDir = fileURLToPath(new URL("../sql/reference-data/", import.meta.url));

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(dataDir + file, "utf8"), { columns: true, skip_empty_lines: true });
}

const num = (s: string | undefined) => (s == null || s.trim() === "" ? null : Number(s));

export function loadBenchCandidates(seed = 42): CaseStudyCandidate[] {
  const register = readCsv("la_register.csv");
  const latest = new Map(readCsv("ofsted_ilacs_as_at_2025-03-31.csv").map((r) => [r.la_code, r]));
  const context = new Map(readCsv("la_context_2025.csv").map((r) => [r.la_code, r]));
  const history = readCsv("ofsted_ilacs_history_2018_2025.csv").map((r) => ({
    la_code: r.la_code || null,
    inspection_date: r.inspection_date,
    overall_effectiveness: r.overall_effectiveness,
  }));
  const trajectories = computeOfstedTrajectories(history, register.map((r) => r.la_code));
  const rand = mulberry32(seed);
  return register.map((r) => {
    const ctx = context.get(r.la_code);
    const score = Math.round(rand() * 1000) / 10; // synthetic 0..100
    const band = score < 25 ? "low" : score < 50 ? "developing" : score < 75 ? "established" : "advanced";
    return {
      la_code: r.la_code,
      name: r.name,
      region: r.region,
      la_type: r.la_type,
      ofsted: latest.get(r.la_code)?.overall_effectiveness || null,
      trajectory: trajectories.get(r.la_code)!.trajectory,
      capability_band: band,
      capability_score: score,
      child_population: num(ctx?.child_population_0_17),
      cin_count: num(ctx?.cin_at_31_march),
      fsm_pct: num(ctx?.fsm_primary_pct) ?? num(ctx?.fsm_secondary_pct),
      submitted: true,
      agreed: true,
    };
  });
}
