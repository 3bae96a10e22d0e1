import { describe, expect, it } from "vitest";
import { compileScoring } from "../../../server/domain/scoring/compile-scoring.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";
import { BEST, itemAnswers, loadScoringFixture } from "../../fixtures/scoring/load-fixture.ts";

const { catalogue, rules } = loadScoringFixture();

function score(byItem: Parameters<typeof itemAnswers>[1], extra: Record<string, unknown> = {}) {
  return scoreResponse({ catalogue, rules, data: { ...itemAnswers(catalogue, byItem), ...extra } });
}
const ind = (r: ReturnType<typeof score>, id: string) => r.indicators.find((i) => i.indicatorId === id)!;
const item = (r: ReturnType<typeof score>, id: string) => r.items.find((i) => i.itemId === id)!;

describe("scoreResponse: items", () => {
  it("scores an item with the lowest of its aspect points and explains the answers", () => {
    const r = score({ di_prev_referral: { recorded: "structured", extractable: "yes", completeness: "c75_89", history: "y3_4" } });
    const it = item(r, "di_prev_referral");
    expect(it.score).toBe(75);
    expect(it.status).toBe("scored");
    expect(it.aspects.map((a) => [a.aspect, a.value, a.points])).toEqual([
      ["recorded", "structured", 100],
      ["extractable", "yes", 100],
      ["completeness", "c75_89", 75],
      ["history", "y3_4", 85],
    ]);
    expect(it.steps).toContain("The item takes the lowest of its aspect points: 75 (Completeness).");
  });

  it("applies the free text gate with a sentence a researcher can quote", () => {
    const r = score({ di_referral_date: { ...BEST, recorded: "free_text" } });
    const it = item(r, "di_referral_date");
    expect(it.score).toBe(30);
    expect(it.gates).toEqual([
      { aspect: "recorded", value: "free_text", cap: 30, rule: "free text gate", scoreBefore: 40, scoreAfter: 30, changed: true },
    ]);
    expect(it.steps).toContain("Referral date is recorded as free text only, which caps the item at 30 (rule: free text gate).");
    expect(it.barriers).toEqual(["free_text_only"]);
  });

  it("treats a missing required aspect as not enough information, not zero", () => {
    const r = score({ di_referral_date: { recorded: "structured", extractable: "yes" } });
    const it = item(r, "di_referral_date");
    expect(it.score).toBeNull();
    expect(it.status).toBe("not_enough_information");
    expect(it.missingAspects).toEqual(["completeness"]);
    expect(it.steps.join(" ")).toMatch(/Not enough information: Completeness \(not answered\) is a required aspect/);
  });

  it("treats don't know on a required aspect as not enough information", () => {
    const r = score({ di_referral_date: { ...BEST, extractable: "dont_know" } });
    expect(item(r, "di_referral_date").score).toBeNull();
    expect(item(r, "di_referral_date").barriers).toEqual(["unknown"]);
  });

  it("leaves out a missing optional aspect", () => {
    const r = score({ di_referral_date: { recorded: "structured", extractable: "partly", completeness: "c90_100" } });
    expect(item(r, "di_referral_date").score).toBe(60);
  });

  it("scores 0 when the answers given already fix the item at 0, and says why", () => {
    const r = score({ di_referral_source: { recorded: "not_recorded" } });
    const it = item(r, "di_referral_source");
    expect(it.score).toBe(0);
    expect(it.steps.join(" ")).toContain("Referral source is not recorded, which caps the item at 0 (rule: not recorded gate).");
    expect(it.steps.join(" ")).toContain("no answer there could raise the item above 0");
    expect(it.barriers).toEqual(["not_recorded"]);
  });

  it("does not score an unrecognised answer value", () => {
    const r = score({ di_referral_date: { ...BEST, completeness: "c100" } });
    const it = item(r, "di_referral_date");
    expect(it.score).toBeNull();
    expect(it.aspects[2].status).toBe("unrecognised");
  });

  it("combines with the weighted mean when the rules say so", () => {
    const fx = loadScoringFixture();
    fx.rules.item.combine = "weighted_mean";
    const data = itemAnswers(fx.catalogue, { di_referral_date: { recorded: "structured", extractable: "partly", completeness: "c50_74", history: "y0_1" } });
    const r = scoreResponse({ ...fx, data });
    // (2*100 + 2*60 + 1*45 + 1*20) / 6 = 64.17 -> 64
    expect(r.items.find((i) => i.itemId === "di_referral_date")!.score).toBe(64);
  });

  it("handles empty and malformed response data", () => {
    for (const data of [null, undefined, {}, { items_safe: "x" }, { items_safe: { di_referral_date: [1, 2] } }]) {
      const r = scoreResponse({ catalogue, rules, data: data as Record<string, unknown> | null });
      expect(r.items.every((i) => i.score === null)).toBe(true);
      expect(r.indicators.every((i) => i.band === "not_enough_information")).toBe(true);
    }
  });
});

describe("scoreResponse: indicators", () => {
  it("takes the weakest required item and bands the score", () => {
    const r = score({
      di_referral_date: { ...BEST, recorded: "free_text" },
      di_prev_referral: BEST,
      di_referral_source: BEST,
    });
    const i = ind(r, "ind_rereferrals_12m");
    expect(i.score).toBe(30);
    expect(i.band).toBe("not_feasible_now");
    expect(i.bandLabel).toBe("Not feasible now");
    expect(i.weakestItemIds).toEqual(["di_referral_date"]);
    expect(i.barriers).toEqual(["free_text_only"]);
    expect(i.steps).toContain(
      "The indicator takes its weakest required item: Referral date at 30 (rule: an indicator is only as feasible as its weakest required data item).",
    );
    expect(i.steps).toContain("A score of 30 falls in the band Not feasible now (scores 0-34).");
    expect(i.summary).toBe("Not feasible now (30): weakest required item Referral date (free text gate).");
    expect(i.items.map((x) => [x.itemId, x.required])).toEqual([
      ["di_referral_date", true],
      ["di_prev_referral", true],
      ["di_referral_source", false],
    ]);
  });

  it("ignores optional items for the score", () => {
    const r = score({ di_referral_date: BEST, di_prev_referral: BEST, di_referral_source: { recorded: "not_recorded" } });
    expect(ind(r, "ind_rereferrals_12m").score).toBe(100);
    expect(ind(r, "ind_rereferrals_12m").band).toBe("ready_now");
    expect(ind(r, "ind_rereferrals_12m").barriers).toEqual([]);
  });

  it("uses the band boundaries from the rules", () => {
    const at = (completeness: string) =>
      ind(score({ di_sw_leavers: { ...BEST, completeness } }), "ind_sw_turnover");
    expect(at("c75_89").band).toBe("ready_now"); // 75 >= 70
    expect(at("c50_74").band).toBe("feasible_with_development"); // 45 >= 35
    expect(at("c0_49").band).toBe("not_feasible_now"); // 10
  });

  it("is not enough information when a required item lacks answers", () => {
    const r = score({ di_cl_activity: BEST });
    const i = ind(r, "ind_cl_eet");
    expect(i.score).toBeNull();
    expect(i.band).toBe("not_enough_information");
    expect(i.bandLabel).toBe("Not enough information");
    expect(i.weakestItemIds).toEqual(["di_cl_contact"]);
    expect(i.summary).toBe("Not enough information: required item Care leaver in touch lacks usable answers.");
  });

  it("is 0 when another required item scores 0, whatever the missing answers", () => {
    const r = score({ di_cl_activity: { ...BEST, extractable: "no" } });
    const i = ind(r, "ind_cl_eet");
    expect(i.score).toBe(0);
    expect(i.band).toBe("not_feasible_now");
    expect(i.barriers).toEqual(["not_extractable"]);
    expect(i.steps.join(" ")).toContain("Care leaver in touch lacks usable answers, but Care leaver activity scores 0");
  });

  it("reports rules id and version and every catalogue item", () => {
    const r = score({});
    expect(r.rulesId).toBe("fixture-rules");
    expect(r.rulesVersion).toBe(1);
    expect(r.items.map((i) => i.itemId)).toEqual(catalogue.dataItems.map((d) => d.id));
    expect(r.indicators.map((i) => i.indicatorId)).toEqual(catalogue.indicators.map((d) => d.id));
  });

  it("rejects an indicator that names an unknown data item", () => {
    const fx = loadScoringFixture();
    fx.catalogue.indicators[0].dataItems.push({ id: "di_nope", required: true });
    expect(() => compileScoring(fx.catalogue, fx.rules)).toThrow(/ind_rereferrals_12m needs data item di_nope/);
  });

  it("produces plain JSON (survives a JSON round trip unchanged)", () => {
    const r = score({ di_referral_date: BEST, di_prev_referral: { recorded: "free_text" } }, { cap_uses: ["research"] });
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
