import { describe, expect, it } from "vitest";
import { selectCaseStudies } from "../../../server/domain/case-studies/select-case-studies.ts";
import { ContradictoryConstraintsError } from "../../../server/domain/case-studies/errors.ts";
import { DEFAULT_SMALL_LA_RULE, describeSmallLaRule } from "../../../server/domain/case-studies/small-las.ts";
import type { CaseStudyCandidate, SelectionInput } from "../../../server/domain/case-studies/types.ts";
import { BANDS, examplePool } from "./case-study-generators.ts";

/** The example pool plus two tiny LAs that are LA types of their own, as the City of London and the Isles of Scilly are. */
function poolWithTinyLas(): CaseStudyCandidate[] {
  const tiny = (la_code: string, name: string, region: string, la_type: string, child_population: number): CaseStudyCandidate => ({
    la_code,
    name,
    region,
    la_type,
    ofsted: "Good",
    trajectory: "single_inspection",
    capability_band: "advanced",
    capability_score: 99,
    child_population,
    cin_count: 16,
    fsm_pct: 2,
    submitted: true,
    agreed: true,
  });
  return [...examplePool(), tiny("901", "Tiny City", "London", "City of London", 847), tiny("902", "Tiny Isles", "South West", "Isles of Scilly", 319)];
}

const input = (over: Partial<SelectionInput> = {}): SelectionInput => ({ candidates: poolWithTinyLas(), k: 4, wave: 1, bandOrder: BANDS, ...over });
const picked = (over: Partial<SelectionInput> = {}) => selectCaseStudies(input(over)).picks.map((p) => p.la_code);

describe("small LAs", () => {
  it("without a rule, maximum variation picks a tiny LA that is a type of its own", () => {
    const codes = picked();
    expect(codes.some((c) => c === "901" || c === "902")).toBe(true);
  });

  it("the default rule leaves out LAs with fewer than 5,000 children, and the result records it", () => {
    const r = selectCaseStudies(input({ smallLas: { ...DEFAULT_SMALL_LA_RULE } }));
    expect(r.picks.map((p) => p.la_code)).not.toContain("901");
    expect(r.picks.map((p) => p.la_code)).not.toContain("902");
    expect(r.smallLas).toMatchObject({ handling: "exclude", minChildren: 5000 });
    expect(r.smallLas!.notes.map((n) => [n.laName, n.outcome])).toEqual([
      ["Tiny City", "left out"],
      ["Tiny Isles", "left out"],
    ]);
    // left out altogether: the eligible count is the pool without them
    expect(r.eligible_count).toBe(12);
    expect(r.coverage.categorical.find((c) => c.attribute === "la_type")!.not_covered).not.toContain("City of London");
  });

  it("counting them in the nearest type: the tiny LAs stay eligible but add no LA type of their own", () => {
    const r = selectCaseStudies(input({ smallLas: { handling: "nearestType", minChildren: 5000 } }));
    const types = r.coverage.categorical.find((c) => c.attribute === "la_type")!;
    expect([...types.covered.map((c) => c.value), ...types.not_covered]).not.toContain("Isles of Scilly");
    expect(r.smallLas!.notes.map((n) => [n.laName, n.outcome, n.countedAs])).toEqual([
      ["Tiny City", "counted as another type", "London borough"],
      ["Tiny Isles", "counted as another type", "unitary authority"],
    ]);
  });

  it("a threshold of 0 changes nothing; a must-include of a left-out LA is a contradiction naming the field", () => {
    expect(picked({ smallLas: { handling: "exclude", minChildren: 0 } })).toEqual(picked());
    let err: unknown;
    try {
      selectCaseStudies(input({ smallLas: { ...DEFAULT_SMALL_LA_RULE }, constraints: { mustInclude: ["902"] } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ContradictoryConstraintsError);
    expect((err as ContradictoryConstraintsError).field).toBe("constraints.mustInclude");
    expect((err as Error).message).toMatch(/Tiny Isles must be included but has fewer than 5000 children/);
  });

  it("states the rule in words", () => {
    expect(describeSmallLaRule(DEFAULT_SMALL_LA_RULE)).toBe("LAs with fewer than 5,000 children aged 0–17 are left out.");
    expect(describeSmallLaRule({ handling: "nearestType", minChildren: 2000 })).toMatch(/fewer than 2,000 children .* counts in its nearest type/);
    expect(describeSmallLaRule({ handling: "none", minChildren: 0 })).toMatch(/no small-LA rule/);
  });
});
