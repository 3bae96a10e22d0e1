import { describe, expect, it } from "vitest";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import { summariseIndicators, withholdSmallGroups, type ScoredLa } from "../../../server/domain/scoring/summarise-indicators.ts";
import { BEST, itemAnswers, loadScoringFixture } from "../../fixtures/scoring/load-fixture.ts";

const { catalogue, rules } = loadScoringFixture();

function la(laCode: string, region: string, laType: string, sw: Parameters<typeof itemAnswers>[1][string] | null): ScoredLa {
  const data = sw ? itemAnswers(catalogue, { di_sw_leavers: sw }) : {};
  return { laCode, region, laType, scores: scoreResponse({ catalogue, rules, data }) };
}

describe("summariseIndicators", () => {
  const scored = [
    la("201", "London", "London borough", BEST), // ready_now
    la("202", "London", "London borough", { ...BEST, recorded: "free_text" }), // 30 not feasible, free_text_only
    la("203", "London", "London borough", { ...BEST, completeness: "c50_74" }), // 45 feasible, poor_completeness
    la("301", "North East", "unitary authority", { ...BEST, recorded: "free_text", completeness: "c0_49" }), // 10, free_text + poor
    la("302", "North East", "metropolitan district", null), // NEI
  ];
  const summary = summariseIndicators(catalogue, rules, scored);
  const turnover = summary.find((s) => s.indicatorId === "ind_sw_turnover")!;

  it("counts responding LAs per band with percentages", () => {
    expect(turnover.respondingLas).toBe(5);
    expect(turnover.overall.counts).toEqual({ ready_now: 1, feasible_with_development: 1, not_feasible_now: 2, not_enough_information: 1 });
    expect(turnover.overall.percent).toEqual({ ready_now: 20, feasible_with_development: 20, not_feasible_now: 40, not_enough_information: 20 });
    expect(turnover.readyNow).toBe(1);
    expect(turnover.medianScore).toBe(37.5); // 100, 30, 45, 10
  });

  it("breaks down by region and LA type", () => {
    expect(turnover.byRegion.map((r) => [r.region, r.n, r.counts.not_feasible_now, r.percent.not_feasible_now])).toEqual([
      ["London", 3, 1, 33.3],
      ["North East", 2, 1, 50],
    ]);
    expect(turnover.byLaType.map((r) => [r.laType, r.n, r.small])).toEqual([
      ["London borough", 3, true],
      ["metropolitan district", 1, true],
      ["unitary authority", 1, true],
    ]);
  });

  it("names the most common barrier, counting each LA once", () => {
    expect(turnover.barriers.map((b) => [b.barrier, b.count])).toEqual([
      ["free_text_only", 2],
      ["poor_completeness", 2],
    ]);
    // tie broken by the more fundamental barrier
    expect(turnover.mostCommonBarrier?.barrier).toBe("free_text_only");
    expect(turnover.mostCommonBarrier?.label).toBe("Free text only");
  });

  it("prefers a real barrier over 'unknown'", () => {
    const s = summariseIndicators(catalogue, rules, [
      la("1", "R", "T", { ...BEST, completeness: "dont_know" }),
      la("2", "R", "T", { ...BEST, extractable: "dont_know" }),
      la("3", "R", "T", { ...BEST, history: "y0_1" }),
    ]).find((x) => x.indicatorId === "ind_sw_turnover")!;
    expect(s.barriers[0]).toMatchObject({ barrier: "unknown", count: 2 });
    expect(s.mostCommonBarrier?.barrier).toBe("short_history");
  });

  it("gives one summary per catalogue indicator and handles no responses", () => {
    const s = summariseIndicators(catalogue, rules, []);
    expect(s.map((x) => x.indicatorId)).toEqual(catalogue.indicators.map((i) => i.id));
    expect(s[0].respondingLas).toBe(0);
    expect(s[0].overall.percent.ready_now).toBe(0);
    expect(s[0].mostCommonBarrier).toBeNull();
    expect(s[0].medianScore).toBeNull();
  });
});

describe("withholdSmallGroups (what aggregates-only readers see)", () => {
  const scored = [
    ...["201", "202", "203", "204", "205"].map((c) => la(c, "London", "London borough", BEST)),
    la("301", "North East", "unitary authority", { ...BEST, recorded: "free_text" }),
  ];
  const turnover = summariseIndicators(catalogue, rules, scored).find((s) => s.indicatorId === "ind_sw_turnover")!;
  const shown = withholdSmallGroups(turnover);

  it("leaves out every group under 5 LAs, naming it, and keeps the rest and the national figures", () => {
    expect(shown.byRegion.map((r) => r.region)).toEqual(["London"]);
    expect(shown.withheldRegions).toEqual(["North East"]);
    expect(shown.byLaType.map((r) => r.laType)).toEqual(["London borough"]);
    expect(shown.withheldLaTypes).toEqual(["unitary authority"]);
    expect(shown.overall).toEqual(turnover.overall);
    // the lone North East LA's band appears nowhere in a group of its own
    expect(JSON.stringify([shown.byRegion, shown.byLaType])).not.toContain("North East");
  });
});
