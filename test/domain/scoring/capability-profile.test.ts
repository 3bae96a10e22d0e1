import { describe, expect, it } from "vitest";
import { capabilityBand, scoreCapability } from "../../../server/domain/scoring/capability-profile.ts";
import { compileScoring } from "../../../server/domain/scoring/compile-scoring.ts";
import { scoreItems } from "../../../server/domain/scoring/score-item.ts";
import type { CapabilityDimensionScore } from "../../../server/domain/scoring/types.ts";
import { BEST, itemAnswers, loadScoringFixture } from "../../fixtures/scoring/load-fixture.ts";

const { catalogue, rules } = loadScoringFixture();
const dim = (p: ReturnType<typeof scoreCapability>, id: string) => p.dimensions.find((d) => d.dimensionId === id)!;

describe("scoreCapability", () => {
  it("maps a single-choice answer to points, level and the dimension's descriptor", () => {
    const p = scoreCapability(rules, { cap_data_strategy: "draft" });
    const d = dim(p, "leadership");
    expect(d.score).toBe(50);
    expect(d.level).toBe(3);
    expect(d.levelName).toBe("Learning");
    expect(d.descriptor).toBe("Lead d3");
  });

  it("sums checkbox points and caps them at 100", () => {
    expect(dim(scoreCapability(rules, { cap_uses: ["statutory_returns", "performance"] }), "uses").score).toBe(50);
    const all = dim(scoreCapability(rules, { cap_uses: ["statutory_returns", "performance", "commissioning", "research", "forecasting"] }), "uses");
    expect(all.score).toBe(100);
    expect(all.level).toBe(5);
    expect(all.steps[0]).toContain("capped at 100");
  });

  it("takes the weighted mean of answered questions and leaves out unanswered and don't know", () => {
    // tools: reporting (weight 2) excel+bi_tool = 60; system age (weight 1) under_5 = 100 -> (120+100)/3 = 73
    expect(dim(scoreCapability(rules, { cap_reporting_tools: ["excel", "bi_tool"], cap_system_age: "under_5" }), "tools_systems").score).toBe(73);
    expect(dim(scoreCapability(rules, { cap_reporting_tools: ["excel", "bi_tool"], cap_system_age: "dont_know" }), "tools_systems").score).toBe(60);
    expect(dim(scoreCapability(rules, { cap_reporting_tools: ["excel", "bi_tool"] }), "tools_systems").score).toBe(60);
  });

  it("gives no level, and says so, when a dimension has no usable answer", () => {
    for (const data of [{}, { cap_analyst_fte: "dont_know" }, { cap_analyst_fte: "" }, { cap_analyst_fte: "lots" }]) {
      const d = dim(scoreCapability(rules, data), "skills");
      expect(d.score).toBeNull();
      expect(d.level).toBeNull();
      expect(d.levelName).toBe("Not enough information");
    }
    const d = dim(scoreCapability(rules, { cap_uses: ["dont_know"] }), "uses");
    expect(d.level).toBeNull();
  });

  it("includes the mean item feasibility where the rules ask for it", () => {
    const c = compileScoring(catalogue, rules);
    const items = scoreItems(c, itemAnswers(catalogue, { di_referral_date: BEST, di_prev_referral: { ...BEST, recorded: "free_text" } }));
    // data: quality checks quarterly = 70; mean of scored items (100, 30) = 65 -> (70 + 65) / 2 = 67.5 -> 68
    const d = dim(scoreCapability(rules, { cap_data_quality_checks: "quarterly" }, items), "data");
    expect(d.itemFeasibility).toEqual({ weight: 1, meanItemScore: 65, itemsScored: 2 });
    expect(d.score).toBe(68);
    // item feasibility alone is enough to place the dimension
    expect(dim(scoreCapability(rules, {}, items), "data").score).toBe(65);
  });

  it("summarises with the median level beside the profile", () => {
    const p = scoreCapability(rules, {
      cap_data_quality_checks: "none", // 0 -> 1
      cap_reporting_tools: ["excel"], // 20 -> 2
      cap_analyst_fte: "1_3", // 60 -> 4
      cap_data_strategy: "agreed", // 100 -> 5
      cap_data_in_meetings: "sometimes", // 50 -> 3
    });
    expect(p.dimensions.map((d) => d.level)).toEqual([1, 2, 4, 5, 3, null]);
    expect(p.summary.dimensionsAssessed).toBe(5);
    expect(p.summary.medianLevel).toBe(3);
    expect(p.summary.lowestLevel).toBe(1);
    expect(p.summary.band).toBe("established");
    expect(p.summary.score).toBe(46); // mean of 0, 20, 60, 100, 50
  });
});

describe("capabilityBand", () => {
  const profile = (levels: (1 | 2 | 3 | 4 | 5 | null)[]) => ({
    dimensions: levels.map((level) => ({ level }) as CapabilityDimensionScore),
  });
  it("maps the median level to a band", () => {
    expect(capabilityBand(profile([1, 1, 2, 1, 3, 5]))).toBe("low");
    expect(capabilityBand(profile([2, 2, 2, 3, 3, 1]))).toBe("developing");
    expect(capabilityBand(profile([3, 3, 3, 4, 2, null]))).toBe("established");
    expect(capabilityBand(profile([4, 4, 5, 5, 3, 3]))).toBe("advanced");
    expect(capabilityBand(profile([5, 5, 5, 5, 5, 5]))).toBe("advanced");
  });
  it("uses the lower median when the count is even", () => {
    expect(capabilityBand(profile([2, 3, null, null]))).toBe("developing");
  });
  it("is unknown when fewer than half the dimensions have a level", () => {
    expect(capabilityBand(profile([5, 5, null, null, null, null]))).toBe("unknown");
    expect(capabilityBand(profile([5, 5, 5, null, null, null]))).toBe("advanced");
    expect(capabilityBand(profile([]))).toBe("unknown");
  });
});
