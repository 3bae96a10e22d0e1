import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { itemMatrixName } from "../../../server/domain/definitions/types.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";

const registry = loadDefinitions();
const v3 = registry.get("la-data-audit", 3);
const v4 = registry.get("la-data-audit", 4);
const BEST = { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" };

/** Every v4 item answered BEST unless overridden (rows hold only the columns its matrix asks). */
function answers(def: typeof v4, overrides: Record<string, Record<string, string>> = {}, extra: Record<string, unknown> = {}) {
  const data: Record<string, any> = { ...extra };
  const matrices = new Map<string, string[]>();
  for (const page of def.survey.pages as any[]) {
    for (const el of page.elements) if (el.type === "matrixdropdown") matrices.set(el.name, el.columns.map((c: any) => c.name));
  }
  for (const item of def.catalogue.dataItems) {
    const m = itemMatrixName(item);
    const row = { ...BEST, ...(overrides[item.id] ?? {}) } as Record<string, string>;
    (data[m] ??= {})[item.id] = Object.fromEntries(Object.entries(row).filter(([k]) => matrices.get(m)!.includes(k)));
  }
  return data;
}
const score = (def: typeof v4, data: Record<string, unknown>, context?: { childPopulation?: number }) =>
  scoreResponse({ catalogue: def.catalogue, rules: def.rules, data, context });
const ind = (r: ReturnType<typeof score>, id: string) => r.indicators.find((i) => i.indicatorId === id)!;

describe("rules v4: Ready now requires every gate", () => {
  it("scores the full best answer set Ready now everywhere", () => {
    const r = score(v4, answers(v4));
    expect(r.indicators.filter((i) => i.band !== "ready_now").map((i) => i.indicatorId)).toEqual([]);
  });

  it("no longer lets strong answers buy back weak ones: structured + manual extraction + 50-74% complete is not Ready now", () => {
    // v3: weighted mean 76 = Ready now
    const weak = { recorded: "structured", extractable: "partly", completeness: "c50_74", history: "y5_plus" };
    expect(ind(score(v3, { items_enabler_practice: { di_child_views_recorded: weak } }), "ind_child_views_recorded").band).toBe("ready_now");
    const r = score(v4, answers(v4, { di_child_views_recorded: { ...weak, extractable: "manual" } }));
    expect(ind(r, "ind_child_views_recorded").score).toBe(45);
    expect(ind(r, "ind_child_views_recorded").band).toBe("feasible_with_development");
  });

  it("extraction gate: manual extraction scores 60 (Feasible with development), routine extraction can be Ready now", () => {
    expect(ind(score(v4, answers(v4, { di_child_views_recorded: { extractable: "manual" } })), "ind_child_views_recorded").score).toBe(60);
    expect(ind(score(v4, answers(v4, { di_child_views_recorded: { extractable: "yes" } })), "ind_child_views_recorded").band).toBe("ready_now");
  });

  it("completeness gate: 75% or more can be Ready now; 50-74% and 'Not measured' cannot; 'Don't know' is not enough information", () => {
    const c = (completeness: string) => ind(score(v4, answers(v4, { di_child_views_recorded: { completeness } })), "ind_child_views_recorded");
    expect(c("c75_89").band).toBe("ready_now");
    expect(c("c50_74").band).toBe("feasible_with_development");
    expect(c("not_measured").score).toBe(50);
    expect(c("dont_know").band).toBe("not_enough_information");
  });

  it("history gate: an indicator with a 24-month look-back is capped below Ready now when an item holds 1 to under 3 years, or unknown history", () => {
    const cpp = ind(score(v4, answers(v4)), "ind_cpp_2yrs_ceased");
    expect(v4.catalogue.indicators.find((i) => i.id === "ind_cpp_2yrs_ceased")!.lookBackMonths).toBe(24);
    expect(cpp.band).toBe("ready_now");
    const short = ind(score(v4, answers(v4, { di_cpp_dates: { history: "y1_2" } })), "ind_cpp_2yrs_ceased");
    expect(short.score).toBe(74);
    expect(short.band).toBe("feasible_with_development");
    expect(short.barriers).toContain("short_history");
    expect(short.steps.join(" ")).toMatch(/looks back 24 months, but Child protection plan start and end dates does not hold that much history/);
    const unknown = ind(score(v4, answers(v4, { di_cpp_dates: { history: "dont_know" } })), "ind_cpp_2yrs_ceased");
    expect(unknown.score).toBe(74);
    // a 12-month indicator is fine with 1 to under 3 years
    expect(ind(score(v4, answers(v4, { di_referral_date: { history: "y1_2" } })), "ind_rereferrals_12m").band).toBe("ready_now");
    expect(ind(score(v4, answers(v4, { di_referral_date: { history: "y0_1" } })), "ind_rereferrals_12m").band).toBe("feasible_with_development");
  });

  it("statutory-return fields take recorded and completeness from the return and are asked only in-year extraction and history", () => {
    const r = score(v4, { items_returns: { di_referral_date: { extractable: "yes", history: "y5_plus" } } });
    const item = r.items.find((i) => i.itemId === "di_referral_date")!;
    expect(item.score).toBe(100);
    expect(item.steps.join(" ")).toMatch(/Recorded: Structured fields and Completeness: 90-100% complete are taken as given, not asked/);
    expect(ind(r, "ind_rereferrals_12m").band).toBe("ready_now");
    // nothing answered: not enough information, not an implied 100
    expect(score(v4, {}).items.find((i) => i.itemId === "di_referral_date")!.status).toBe("not_enough_information");
  });

  it("workforce-census indicators can be Ready now when HR holds the figures in another council system (v3 capped them at 60)", () => {
    const other = { recorded: "other_council_system" };
    const r = score(v4, answers(v4, { di_worker_records: other }));
    expect(ind(r, "ind_sw_turnover").band).toBe("ready_now");
    expect(ind(score(v4, answers(v4, { di_worker_records: { recorded: "partner_only" } })), "ind_sw_turnover").score).toBe(50);
  });

  it("'Not applicable' (no such service) scores 0 with its reason; 'Don't know' stays not enough information", () => {
    const na = score(v4, answers(v4, { di_early_help_episodes: { recorded: "not_applicable" } }));
    expect(ind(na, "ind_step_up_12m").score).toBe(0);
    expect(na.items.find((i) => i.itemId === "di_early_help_episodes")!.steps.join(" ")).toMatch(/does not apply in this authority/);
    expect(ind(score(v4, answers(v4, { di_early_help_episodes: { recorded: "dont_know" } })), "ind_step_up_12m").band).toBe("not_enough_information");
  });
});

describe("rules v4: capability", () => {
  const dim = (r: ReturnType<typeof score>, id: string) => r.capability.dimensions.find((d) => d.dimensionId === id)!;

  it("does not reuse item feasibility: the Data dimension is the same whatever the items score", () => {
    const extra = { gov_dq_routine: "monthly", gov_recording_guidance: "yes_maintained", gov_dq_feedback: "sometimes", annex_a_method: "automated" };
    const strong = dim(score(v4, answers(v4, {}, extra)), "data");
    const weak = dim(score(v4, { ...answers(v4, Object.fromEntries(v4.catalogue.dataItems.map((d) => [d.id, { recorded: "not_recorded" }]))), ...extra }), "data");
    expect(strong.itemFeasibility).toBeNull();
    expect(weak.score).toBe(strong.score);
  });

  it("scores analysts per 10,000 children from the LA's child population, not absolute FTE", () => {
    const data = { cap_analyst_fte: "f3_5" }; // about 4.5 FTE
    const small = dim(score(v4, data, { childPopulation: 30_000 }), "skills").questions.find((q) => q.question === "cap_analyst_fte")!;
    const large = dim(score(v4, data, { childPopulation: 300_000 }), "skills").questions.find((q) => q.question === "cap_analyst_fte")!;
    expect(small.score).toBe(75); // 1.5 per 10,000
    expect(large.score).toBe(0); // 0.15 per 10,000, below the first step (0.25)
    expect(small.note).toMatch(/per 10,000 children/);
    const none = dim(score(v4, data), "skills").questions.find((q) => q.question === "cap_analyst_fte")!;
    expect(none.score).toBeNull();
    expect(none.note).toMatch(/no child population/);
  });

  it("does not sum checkbox points: ticking more tools scores the best tool, not more", () => {
    const one = dim(score(v4, { bi_tools: ["r_python"] }), "tools_systems").questions.find((q) => q.question === "bi_tools")!;
    const many = dim(score(v4, { bi_tools: ["r_python", "excel", "ssrs", "power_bi"] }), "tools_systems").questions.find((q) => q.question === "bi_tools")!;
    expect(one.score).toBe(100);
    expect(many.score).toBe(100);
    const excel = dim(score(v4, { bi_tools: ["excel"] }), "tools_systems").questions.find((q) => q.question === "bi_tools")!;
    const excelAndSsrs = dim(score(v4, { bi_tools: ["excel", "ssrs"] }), "tools_systems").questions.find((q) => q.question === "bi_tools")!;
    expect(excelAndSsrs.score).toBe(50);
    expect(excel.score).toBe(20);
  });

  it("states the basis of every threshold and weight", () => {
    expect(v4.rules.bandsBasis).toMatch(/Ready now/);
    expect(v4.rules.item.basis).toMatch(/75%/);
    expect(v4.rules.indicator.historyGate!.basis).toMatch(/months/);
    for (const d of v4.rules.capability.dimensions) expect(d.basis, d.id).toBeTruthy();
  });
});
