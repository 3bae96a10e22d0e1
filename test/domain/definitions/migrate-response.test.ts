import { describe, it, expect } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { migrateResponse } from "../../../server/domain/definitions/migrate-response.ts";

const registry = loadDefinitions();
const v1 = registry.get("la-data-audit", 1);
const v2 = registry.get("la-data-audit", 2);

const v1Response = {
  resp_name: "Alex Analyst",
  resp_role: "other",
  "resp_role-Comment": "Data architect",
  resp_years_in_role: "y3_5",
  resp_helpers: ["performance_team", "virtual_school"],
  cms_product: "mosaic",
  cms_procured_year: "2016",
  dw_exists: "reporting_db_only",
  bi_tools: ["power_bi", "excel", "other"],
  "bi_tools-Comment": "Looker Studio",
  link_partners: { education: "routine", health: "ad_hoc" },
  cap_analyst_vacancies: 2,
  cs_consent: true,
  items_health: {
    di_sdq_score: { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" },
    di_wellbeing_measure: { recorded: "free_text" },
  },
  items_safe: { di_referral_date: { recorded: "structured", extractable: "yes" } },
};

describe("migrateResponse v1 -> v2", () => {
  const { data, report } = migrateResponse(v1Response, v2.mapping!, v1, v2);

  it("carries answers over, renaming questions, choice values and matrix rows", () => {
    expect(data).toEqual({
      resp_name: "Alex Analyst",
      resp_role: "other",
      "resp_role-Comment": "Data architect",
      resp_helpers: ["performance_team", "virtual_school"],
      cms_product: "mosaic",
      cms_procurement_year: "2016",
      dw_exists: "reporting_copy",
      bi_tools: ["power_bi", "excel", "other"],
      "bi_tools-Comment": "Looker Studio",
      link_partners: { education: "routine", health: "ad_hoc" },
      cap_analyst_vacancies: 2,
      cs_consent: true,
      items_health: {
        di_sdq_score: { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" },
        di_child_wellbeing: { recorded: "free_text" },
      },
      items_safe: { di_referral_date: { recorded: "structured", extractable: "yes" } },
    });
    expect(report.carried).toContain("cms_procurement_year");
    expect(report.carried).toContain("items_health");
    expect(report.unmapped).toEqual([]);
  });

  it("reports dropped questions with the mapping's reason", () => {
    expect(report.dropped).toEqual([{ question: "resp_years_in_role", reason: v2.mapping!.questions.resp_years_in_role && "reason" in v2.mapping!.questions.resp_years_in_role ? v2.mapping!.questions.resp_years_in_role.reason : "" }]);
    expect(report.dropped[0].reason).toMatch(/shorten/);
  });

  it("the migrated data is a valid v2 answer set for every carried question", () => {
    const { data: again } = migrateResponse(data, { from: 2, to: 2, questions: {} }, v2, v2);
    expect(again).toEqual(data);
  });

  it("reports, per response, everything it cannot place and never drops anything silently", () => {
    const odd = {
      ...v1Response,
      cms_product: "carefirst", // not a choice in v2 either
      bi_tools: ["power_bi", "looker"], // one unknown value
      items_safe: { di_referral_date: { recorded: "structured", usefulness: "high" }, di_unknown_row: { recorded: "structured" } },
      link_partners: { education: "sometimes" },
      calculated_total: 7, // not a question at all
    };
    const { data: out, report: r } = migrateResponse(odd, v2.mapping!, v1, v2);
    expect(r.unmapped).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ question: "cms_product", value: "carefirst" }),
        expect.objectContaining({ question: "bi_tools", value: "looker" }),
        expect.objectContaining({ question: "items_safe.di_referral_date.usefulness", value: "high" }),
        expect.objectContaining({ question: "items_safe.di_unknown_row", value: { recorded: "structured" } }),
        expect.objectContaining({ question: "link_partners.education", value: "sometimes" }),
        expect.objectContaining({ question: "calculated_total", value: 7 }),
      ]),
    );
    for (const u of r.unmapped) expect(u.reason.length).toBeGreaterThan(10);
    expect(out.bi_tools).toEqual(["power_bi"]);
    expect(out.items_safe).toEqual({ di_referral_date: { recorded: "structured" } });
    expect(out).not.toHaveProperty("cms_product");
    // every input key is accounted for: carried (possibly renamed), dropped or reported
    const renamed: Record<string, string> = { cms_procured_year: "cms_procurement_year" };
    for (const key of Object.keys(odd)) {
      const accounted =
        key in out || (renamed[key] ?? "") in out || r.dropped.some((d) => d.question === key) || r.unmapped.some((u) => u.question === key || u.question.startsWith(`${key}.`));
      expect(accounted, key).toBe(true);
    }
  });

  it("reports the 'other' text of a dropped question as dropped, not lost", () => {
    const { report: r } = migrateResponse({ resp_years_in_role: "lt1", "resp_years_in_role-Comment": "x" }, v2.mapping!, v1, v2);
    expect(r.dropped.map((d) => d.question)).toEqual(["resp_years_in_role", "resp_years_in_role-Comment"]);
  });
});

describe("migrateResponseAcross", () => {
  it("applies each version's mapping in turn and labels report entries with the step", async () => {
    const { migrateResponseAcross } = await import("../../../server/domain/definitions/migrate-response.ts");
    const { data, report } = migrateResponseAcross(v1Response, registry.all(), 1, 2);
    expect(data).toEqual(migrateResponse(v1Response, v2.mapping!, v1, v2).data);
    expect(report.dropped[0].reason).toMatch(/^v1->v2: /);
    expect(() => migrateResponseAcross(v1Response, [v1], 1, 2)).toThrow(/v1 -> v2/);
  });
});
