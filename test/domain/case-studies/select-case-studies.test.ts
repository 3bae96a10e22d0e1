import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { selectCaseStudies, rerunAfterDecline } from "../../../server/domain/case-studies/select-case-studies.ts";
import {
  CaseStudyError,
  ContradictoryConstraintsError,
  InvalidSelectionInputError,
  NoFeasibleSelectionError,
  NotEligibleError,
  PoolTooSmallError,
  UnknownLaCodeError,
} from "../../../server/domain/case-studies/errors.ts";
import type { SelectionInput } from "../../../server/domain/case-studies/types.ts";
import { BANDS, examplePool, poolArb } from "./case-study-generators.ts";
import { TRAJECTORY_CLAUSES } from "../../../server/domain/case-studies/ofsted-trajectory.ts";
import { capabilityBandLabel } from "../../../server/domain/scoring/wording.ts";

const base = (over: Partial<SelectionInput> = {}): SelectionInput => ({ candidates: examplePool(), k: 4, wave: 1, bandOrder: BANDS, ...over });

function catchError(fn: () => unknown): CaseStudyError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CaseStudyError) return err;
    throw err;
  }
  throw new Error("expected a CaseStudyError");
}

describe("selectCaseStudies: result", () => {
  const result = selectCaseStudies(base());

  it("picks k eligible LAs and reports the objective with its per-attribute terms", () => {
    expect(result.picks).toHaveLength(4);
    expect(result.objective).toBeGreaterThan(0);
    expect(result.objective).toBeLessThanOrEqual(1);
    const weighted = result.terms.reduce((s, t) => s + t.weight * t.score, 0) / result.terms.reduce((s, t) => s + t.weight, 0);
    expect(weighted).toBeCloseTo(result.objective, 12);
    expect(result.search.exact).toBe(true);
  });

  it("explains each pick in plain English, naming what it alone adds", () => {
    for (const p of result.picks) {
      expect(p.rationale).toContain(p.la_name);
      expect(p.rationale).toMatch(/Without it the objective would fall by \d+\.\d points/);
    }
    // with 6 regions available and region weight 1, four picks cover four regions, so each is "the only LA from" its region
    for (const p of result.picks) expect(p.rationale).toContain(`the only LA from ${p.region}`);
  });

  it("says the Ofsted trajectory of the judgement, not of the LA, and names capability bands by their labels", () => {
    for (const p of result.picks) {
      expect(p.rationale).toContain(`${TRAJECTORY_CLAUSES[p.trajectory]}; ${capabilityBandLabel(p.capability_band)})`);
      // never the stored codes: "trajectory declined" reads as the LA declining; "capability low" is a code
      expect(p.rationale).not.toMatch(/trajectory (declined|improved)|capability (low|developing|established|advanced)\b|"(low|developing|established|advanced)"/);
    }
    const declined = selectCaseStudies(base({ candidates: examplePool().map((c) => ({ ...c, trajectory: "declined" as const, ofsted: "Inadequate" })) }));
    expect(declined.picks[0].rationale).toContain("Ofsted Inadequate, worse than at its first ILACS inspection;");
    const oneLow = selectCaseStudies(base({ weights: { capability_band: 5 } }));
    const alone = oneLow.picks.find((p) => oneLow.picks.filter((q) => q.capability_band === p.capability_band).length === 1);
    if (alone) expect(alone.rationale).toContain(`the only LA in the band “${capabilityBandLabel(alone.capability_band)}”`);
  });

  it("has a coverage table of regions, types, Ofsted grades, trajectories and capability bands", () => {
    const rows = Object.fromEntries(result.coverage.categorical.map((r) => [r.attribute, r]));
    expect(Object.keys(rows)).toEqual(["region", "la_type", "ofsted", "trajectory", "capability_band"]);
    const regions = rows.region.covered.map((c) => c.value);
    expect(regions.sort()).toEqual([...new Set(result.picks.map((p) => p.region))].sort());
    expect(rows.region.covered.length + rows.region.not_covered.length).toBe(6);
    expect(rows.capability_band.not_covered).not.toContain("unknown");
    expect(result.coverage.numeric.map((r) => r.attribute)).toEqual(["capability_score", "child_population", "cin_count", "fsm_pct"]);
  });

  it("is reproducible: same input and seed, same picks", () => {
    expect(selectCaseStudies(base()).picks.map((p) => p.la_code)).toEqual(result.picks.map((p) => p.la_code));
  });

  it("ignores the order in which candidates are given", () => {
    const reversed = selectCaseStudies(base({ candidates: examplePool().reverse() }));
    expect(reversed.picks.map((p) => p.la_code)).toEqual(result.picks.map((p) => p.la_code));
  });
});

describe("seed", () => {
  it("only breaks exact ties: different seeds give the same objective, and can give different sets when tied", () => {
    // 8 identical LAs except code and region: every 3-set of distinct regions ties
    const twins = examplePool().slice(0, 8).map((c, i) => ({
      ...examplePool()[0],
      la_code: String(900 + i),
      name: `Twin ${i}`,
      region: `Region ${i}`,
    }));
    const objectives = new Set<string>();
    const sets = new Set<string>();
    for (let seed = 1; seed <= 12; seed++) {
      const r = selectCaseStudies({ candidates: twins, k: 3, wave: 1, bandOrder: BANDS, seed }, { reserves: false });
      objectives.add(r.objective.toFixed(12));
      sets.add(r.picks.map((p) => p.la_code).sort().join(","));
    }
    expect(objectives.size).toBe(1);
    expect(sets.size).toBeGreaterThan(1);
  });
});

describe("constraints", () => {
  it("keeps must-include LAs and never picks must-exclude ones", () => {
    const first = selectCaseStudies(base(), { reserves: false }).picks.map((p) => p.la_code);
    const r = selectCaseStudies(base({ constraints: { mustInclude: ["602"], mustExclude: [first[0]] } }), { reserves: false });
    const codes = r.picks.map((p) => p.la_code);
    expect(codes).toContain("602");
    expect(codes).not.toContain(first[0]);
    expect(r.picks.find((p) => p.la_code === "602")?.forced).toBe(true);
  });

  it("honours at most one per region and min/max per LA type", () => {
    const r = selectCaseStudies(
      base({ k: 5, constraints: { atMostOnePerRegion: true, minPerType: { "unitary authority": 2 }, maxPerType: { "county council": 0 } } }),
      { reserves: false },
    );
    expect(new Set(r.picks.map((p) => p.region)).size).toBe(5);
    expect(r.picks.filter((p) => p.la_type === "unitary authority").length).toBeGreaterThanOrEqual(2);
    expect(r.picks.filter((p) => p.la_type === "county council")).toHaveLength(0);
  });
});

describe("waves", () => {
  it("wave 2 excludes every earlier pick and spans the lowest to the highest capability band", () => {
    const previous = ["301", "201", "401", "502"]; // a wave 1 with one low (Charlie) and one advanced (Alpha) LA
    // make the spanning constraint bite: weight only on region so the band would otherwise be free
    const w2 = selectCaseStudies(
      base({ wave: 2, previousPicks: previous, weights: { region: 1, la_type: 0, ofsted: 0, trajectory: 0, capability_band: 0, capability_score: 0, child_population: 0, cin_count: 0, fsm_pct: 0 } }),
      { reserves: false },
    );
    const codes = w2.picks.map((p) => p.la_code);
    for (const c of previous) expect(codes).not.toContain(c);
    expect(w2.span_bands).toEqual(["low", "advanced"]);
    expect(w2.picks.some((p) => p.capability_band === "low")).toBe(true);
    expect(w2.picks.some((p) => p.capability_band === "advanced")).toBe(true);
  });

  it("wave 2 spans the bands still available when an end band was used up in wave 1", () => {
    const pool = examplePool();
    const lows = pool.filter((c) => c.capability_band === "low").map((c) => c.la_code);
    const w2 = selectCaseStudies(base({ wave: 2, previousPicks: lows }), { reserves: false });
    expect(w2.span_bands).toEqual(["developing", "advanced"]);
    expect(w2.picks.some((p) => p.capability_band === "developing")).toBe(true);
  });
});

describe("reserves and declines", () => {
  const input = base();
  const result = selectCaseStudies(input);

  it("names for each pick its best replacement, outside the sample", () => {
    expect(result.reserves.map((r) => r.for_la_code)).toEqual(result.picks.map((p) => p.la_code));
    for (const r of result.reserves) {
      expect(r.la_code).not.toBeNull();
      expect(result.picks.map((p) => p.la_code)).not.toContain(r.la_code);
      expect(r.objective!).toBeLessThanOrEqual(result.objective + 1e-9);
    }
  });

  it("re-running with a pick declined keeps the other picks and brings in exactly its reserve", () => {
    const codes = result.picks.map((p) => p.la_code);
    for (const declined of codes) {
      const rerun = selectCaseStudies(rerunAfterDecline(input, codes, [declined]), { reserves: false });
      const newCodes = rerun.picks.map((p) => p.la_code);
      for (const kept of codes.filter((c) => c !== declined)) expect(newCodes).toContain(kept);
      expect(newCodes).not.toContain(declined);
      expect(newCodes).toContain(result.reserves.find((r) => r.for_la_code === declined)!.la_code);
      expect(rerun.objective).toBeCloseTo(result.reserves.find((r) => r.for_la_code === declined)!.objective!, 12);
    }
  });

  it("the reserve is the best single swap (checked against trying every swap)", () => {
    fc.assert(
      fc.property(poolArb(7, 11, true), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 0, max: 50 }), (candidates, k, seed) => {
        const inp: SelectionInput = { candidates, k, wave: 1, bandOrder: BANDS, seed };
        const res = selectCaseStudies(inp);
        const codes = res.picks.map((p) => p.la_code);
        for (const r of res.reserves) {
          let bestAlt = -Infinity;
          for (const alt of candidates.map((c) => c.la_code).filter((c) => !codes.includes(c))) {
            const swapped = selectCaseStudies({ ...inp, constraints: { mustInclude: [...codes.filter((c) => c !== r.for_la_code), alt] } }, { reserves: false });
            bestAlt = Math.max(bestAlt, swapped.objective);
          }
          expect(r.objective).toBeCloseTo(bestAlt, 12);
        }
      }),
      { numRuns: 15, seed: 11 },
    );
  });

  it("rerunAfterDecline refuses an LA that is not a pick", () => {
    expect(() => rerunAfterDecline(input, ["201"], ["999"])).toThrow(InvalidSelectionInputError);
  });
});

describe("bad input: typed errors naming the problem", () => {
  it("k larger than the eligible pool", () => {
    const pool = examplePool().map((c, i) => ({ ...c, agreed: i < 3 }));
    const err = catchError(() => selectCaseStudies(base({ candidates: pool })));
    expect(err).toBeInstanceOf(PoolTooSmallError);
    expect(err.field).toBe("k");
    expect(err.message).toBe("k = 4 is larger than the 3 eligible LAs that can be picked (3 submitted and agreed to take part)");
  });

  it("k larger than the pool once wave-1 picks are excluded", () => {
    const err = catchError(() => selectCaseStudies(base({ k: 4, wave: 2, previousPicks: examplePool().slice(0, 9).map((c) => c.la_code) })));
    expect(err).toBeInstanceOf(PoolTooSmallError);
    expect(err.message).toContain("9 of them excluded, declined or picked in an earlier wave");
  });

  it("two must-include LAs from the same region with at most one per region", () => {
    const err = catchError(() => selectCaseStudies(base({ constraints: { mustInclude: ["201", "202"], atMostOnePerRegion: true } })));
    expect(err).toBeInstanceOf(ContradictoryConstraintsError);
    expect(err.message).toContain("mustInclude has 201 Alpha and 202 Bravo, all in London, but atMostOnePerRegion allows one");
  });

  it("minimum per type adding up to more than k", () => {
    const err = catchError(() =>
      selectCaseStudies(base({ k: 3, constraints: { minPerType: { "unitary authority": 2, "county council": 2 } } })),
    ) as ContradictoryConstraintsError;
    expect(err).toBeInstanceOf(ContradictoryConstraintsError);
    expect(err.conflicts).toContain("minPerType adds up to 4, more than k = 3");
  });

  it("the same LA in must-include and must-exclude; min above max", () => {
    const err = catchError(() =>
      selectCaseStudies(base({ constraints: { mustInclude: ["301"], mustExclude: ["301"], minPerType: { "county council": 2 }, maxPerType: { "county council": 1 } } })),
    ) as ContradictoryConstraintsError;
    expect(err.conflicts).toEqual(["301 Charlie is in both mustInclude and mustExclude", "minPerType.county council = 2 is above maxPerType.county council = 1"]);
  });

  it("unknown la_code, naming the list it was in", () => {
    const err = catchError(() => selectCaseStudies(base({ constraints: { mustExclude: ["999", "201"] } })));
    expect(err).toBeInstanceOf(UnknownLaCodeError);
    expect(err.message).toBe("constraints.mustExclude: unknown LA code 999 (not in the LA register)");
    expect(catchError(() => selectCaseStudies(base({ wave: 2, previousPicks: ["123"] }))).field).toBe("previousPicks");
  });

  it("must-include LA that has not agreed to take part", () => {
    const pool = examplePool().map((c) => (c.la_code === "201" ? { ...c, agreed: false } : c));
    const err = catchError(() => selectCaseStudies(base({ candidates: pool, constraints: { mustInclude: ["201"] } })));
    expect(err).toBeInstanceOf(NotEligibleError);
    expect(err.message).toBe("constraints.mustInclude: 201 Alpha cannot be included: it has not agreed to take part");
  });

  it("out-of-range k, negative weight, unknown LA type", () => {
    expect(catchError(() => selectCaseStudies(base({ k: 0 }))).field).toBe("k");
    expect(catchError(() => selectCaseStudies(base({ k: 2.5 }))).message).toMatch(/^k must be a whole number/);
    expect(catchError(() => selectCaseStudies(base({ weights: { region: -1 } }))).field).toBe("weights.region");
    expect(catchError(() => selectCaseStudies(base({ constraints: { maxPerType: { shire: 1 } } }))).message).toMatch(/unknown LA type "shire"/);
  });

  it("constraints that only clash in combination: no feasible set", () => {
    // one per region (6 regions) and no unitary authorities or county councils: only 201/202 (London), 301/501 (metropolitan) remain -> 3 regions
    const err = catchError(() =>
      selectCaseStudies(base({ k: 4, constraints: { atMostOnePerRegion: true, maxPerType: { "unitary authority": 0, "county council": 0 } } })),
    );
    expect(err).toBeInstanceOf(NoFeasibleSelectionError);
    expect(err.message).toMatch(/no set of 4 LAs .* meets every constraint together/);
  });
});
