// Random small candidate pools for the case-study tests (fast-check arbitraries).

import fc from "fast-check";
import { TRAJECTORIES } from "../../../server/domain/case-studies/ofsted-trajectory.ts";
import type { CaseStudyCandidate } from "../../../server/domain/case-studies/types.ts";

export const BANDS = ["low", "developing", "established", "advanced"];
const REGIONS = ["London", "North West", "South East", "North East", "South West"];
const TYPES = ["London borough", "unitary authority", "county council", "metropolitan district"];
const GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate", null];

const candidateArb = fc.record({
  region: fc.constantFrom(...REGIONS),
  la_type: fc.constantFrom(...TYPES),
  ofsted: fc.constantFrom(...GRADES),
  trajectory: fc.constantFrom(...TRAJECTORIES),
  capability_band: fc.constantFrom(...BANDS, "unknown"),
  // small integer ranges so that exact ties happen often
  capability_score: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 6 }),
  child_population: fc.option(fc.integer({ min: 1, max: 8 }), { freq: 6 }),
  cin_count: fc.option(fc.integer({ min: 1, max: 5 }), { freq: 6 }),
  fsm_pct: fc.option(fc.integer({ min: 5, max: 9 }), { freq: 6 }),
  submitted: fc.boolean(),
  agreed: fc.boolean(),
});

export function poolArb(minLen: number, maxLen: number, allEligible = false): fc.Arbitrary<CaseStudyCandidate[]> {
  return fc.array(candidateArb, { minLength: minLen, maxLength: maxLen }).map((rows) =>
    rows.map((r, i) => ({
      ...r,
      la_code: String(800 + i),
      name: `LA ${800 + i}`,
      submitted: allEligible ? true : r.submitted || i % 3 !== 0,
      agreed: allEligible ? true : r.agreed || i % 4 !== 0,
    })),
  );
}

/** A fixed, readable pool for example-based tests. */
export function examplePool(): CaseStudyCandidate[] {
  const rows: [string, string, string, string, string | null, CaseStudyCandidate["trajectory"], string, number, number, number, number][] = [
    ["201", "Alpha", "London", "London borough", "Outstanding", "stable_good_outstanding", "advanced", 90, 40000, 1500, 30],
    ["202", "Bravo", "London", "London borough", "Good", "improved", "established", 60, 60000, 2500, 25],
    ["301", "Charlie", "North West", "metropolitan district", "Inadequate", "declined", "low", 10, 80000, 4000, 35],
    ["302", "Delta", "North West", "unitary authority", "Requires improvement to be good", "stable_ri_inadequate", "developing", 35, 30000, 900, 20],
    ["401", "Echo", "South East", "county council", "Good", "stable_good_outstanding", "established", 70, 300000, 6000, 12],
    ["402", "Foxtrot", "South East", "unitary authority", "Outstanding", "single_inspection", "low", 20, 25000, 700, 10],
    ["501", "Golf", "North East", "metropolitan district", "Requires improvement to be good", "improved", "advanced", 85, 55000, 2000, 38],
    ["502", "Hotel", "North East", "unitary authority", "Good", "declined", "developing", 40, 28000, 1100, 29],
    ["601", "India", "South West", "county council", "Inadequate", "stable_ri_inadequate", "established", 55, 120000, 3000, 15],
    ["602", "Juliet", "South West", "unitary authority", "Good", "improved", "unknown", 50, 45000, 1300, 18],
    ["701", "Kilo", "East of England", "county council", "Requires improvement to be good", "improved", "developing", 30, 250000, 5000, 14],
    ["702", "Lima", "East of England", "unitary authority", "Outstanding", "stable_good_outstanding", "advanced", 95, 35000, 800, 22],
  ];
  return rows.map(([la_code, name, region, la_type, ofsted, trajectory, capability_band, capability_score, child_population, cin_count, fsm_pct]) => ({
    la_code,
    name,
    region,
    la_type,
    ofsted,
    trajectory,
    capability_band,
    capability_score,
    child_population,
    cin_count,
    fsm_pct,
    submitted: true,
    agreed: true,
  }));
}
