import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { prepareSelection } from "../../../server/domain/case-studies/select-case-studies.ts";
import { greedyLocalSearch } from "../../../server/domain/case-studies/greedy-search.ts";
import { branchAndBound } from "../../../server/domain/case-studies/search.ts";
import { bruteForce } from "../../support/case-study-brute-force.ts";
import { CaseStudyError } from "../../../server/domain/case-studies/errors.ts";
import { evaluate, isFeasible, TIE_EPS } from "../../../server/domain/case-studies/selection-model.ts";
import type { SelectionInput } from "../../../server/domain/case-studies/types.ts";
import { BANDS, poolArb } from "./case-study-generators.ts";

const weightArb = fc.record(
  {
    region: fc.constantFrom(0, 0.5, 1, 2),
    la_type: fc.constantFrom(0, 1, 3),
    ofsted: fc.constantFrom(0, 1),
    trajectory: fc.constantFrom(0, 1, 2),
    capability_band: fc.constantFrom(0, 1),
    capability_score: fc.constantFrom(0, 1, 2),
    child_population: fc.constantFrom(0, 0.5, 1),
    cin_count: fc.constantFrom(0, 0.5),
    fsm_pct: fc.constantFrom(0, 1, 1.5),
  },
  { requiredKeys: [] },
);

const instanceArb = fc
  .record({
    candidates: poolArb(6, 13),
    k: fc.integer({ min: 1, max: 5 }),
    wave: fc.constantFrom<1 | 2>(1, 2),
    seed: fc.integer({ min: 0, max: 1000 }),
    weights: weightArb,
    onePerRegion: fc.constantFrom(false, false, true),
    nInclude: fc.integer({ min: 0, max: 2 }),
    nExclude: fc.integer({ min: 0, max: 2 }),
    minType: fc.option(fc.record({ t: fc.constantFrom("London borough", "unitary authority"), v: fc.integer({ min: 1, max: 2 }) }), { freq: 3 }),
    maxType: fc.option(fc.record({ t: fc.constantFrom("county council", "unitary authority"), v: fc.integer({ min: 0, max: 2 }) }), { freq: 3 }),
  })
  .map((x): SelectionInput => {
    const eligible = x.candidates.filter((c) => c.submitted && c.agreed).map((c) => c.la_code);
    const mustInclude = eligible.slice(0, x.nInclude);
    const mustExclude = eligible.slice(eligible.length - x.nExclude).filter((c) => !mustInclude.includes(c));
    return {
      candidates: x.candidates,
      k: x.k,
      wave: x.wave,
      seed: x.seed,
      bandOrder: BANDS,
      weights: x.weights,
      previousPicks: x.wave === 2 ? eligible.slice(x.nInclude, x.nInclude + 1) : [],
      constraints: {
        mustInclude,
        mustExclude,
        atMostOnePerRegion: x.onePerRegion,
        minPerType: x.minType ? { [x.minType.t]: x.minType.v } : undefined,
        maxPerType: x.maxType ? { [x.maxType.t]: x.maxType.v } : undefined,
      },
    };
  });

describe("branch and bound", () => {
  it("finds exactly the brute-force optimum, tie-break included, on random small instances with constraints", () => {
    let compared = 0;
    fc.assert(
      fc.property(instanceArb, (input) => {
        let prepared;
        try {
          prepared = prepareSelection(input);
        } catch (err) {
          if (err instanceof CaseStudyError) return; // bad input is covered by its own tests
          throw err;
        }
        const { model } = prepared;
        const brute = bruteForce(model);
        const plain = branchAndBound(model);
        const seeded = branchAndBound(model, greedyLocalSearch(model)?.set);
        if (brute === null) {
          expect(plain).toBeNull();
          expect(seeded).toBeNull();
          return;
        }
        compared++;
        expect(plain).not.toBeNull();
        expect(plain!.set).toEqual(brute.set);
        expect(seeded!.set).toEqual(brute.set);
        expect(Math.abs(plain!.value - brute.value)).toBeLessThanOrEqual(TIE_EPS);
        expect(isFeasible(model, plain!.set)).toBe(true);
      }),
      { numRuns: 500, seed: 20261122 },
    );
    expect(compared).toBeGreaterThan(150);
  });

  it("matches brute force on all-eligible pools of 14 LAs for k = 4 and k = 5 without constraints", () => {
    fc.assert(
      fc.property(poolArb(14, 14, true), fc.constantFrom(4, 5), fc.integer({ min: 0, max: 99 }), (candidates, k, seed) => {
        const { model } = prepareSelection({ candidates, k, wave: 1, seed, bandOrder: BANDS });
        const brute = bruteForce(model)!;
        const bnb = branchAndBound(model)!;
        expect(bnb.set).toEqual(brute.set);
        expect(bnb.value).toBeCloseTo(brute.value, 12);
        // and it really prunes
        expect(bnb.nodes).toBeLessThan(brute.nodes);
      }),
      { numRuns: 40, seed: 7 },
    );
  });

  it("reports the objective of the set it returns", () => {
    fc.assert(
      fc.property(poolArb(8, 12, true), fc.integer({ min: 2, max: 4 }), (candidates, k) => {
        const { model } = prepareSelection({ candidates, k, wave: 1, bandOrder: BANDS });
        const out = branchAndBound(model)!;
        expect(out.value).toBe(evaluate(model, out.set));
      }),
      { numRuns: 50, seed: 3 },
    );
  });
});
