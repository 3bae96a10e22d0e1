import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { validateForSubmit } from "../../../server/domain/responses/submit-validation.ts";

const survey = JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8"));

describe("validateForSubmit", () => {
  it("reports each missing required answer with the page it is on", async () => {
    const r = await validateForSubmit(survey, { has_dpo: true });
    expect(r.valid).toBe(false);
    expect(r.errors.map((e) => [e.question, e.page])).toEqual([
      ["lead_name", "about"],
      ["dpo_email", "about"],
      ["sign_off", "final"],
    ]);
  });

  it("runs validators (email, numeric range)", async () => {
    const r = await validateForSubmit(survey, { lead_name: "A", sign_off: "yes", has_dpo: true, dpo_email: "nope", analysts: 900 });
    expect(r.errors.map((e) => e.question).sort()).toEqual(["analysts", "dpo_email"]);
  });

  it("honours visibleIf and drops answers to hidden questions", async () => {
    const r = await validateForSubmit(survey, { lead_name: "A", sign_off: "no", has_dpo: false, dpo_email: "old@example.org" });
    expect(r.valid).toBe(true);
    expect(r.dropped).toEqual(["dpo_email"]);
    expect(r.data.dpo_email).toBeUndefined();
    expect(r.data.lead_name).toBe("A");
  });

  it("recomputes expression values instead of trusting the client's copy", async () => {
    const r = await validateForSubmit(survey, { lead_name: "A", sign_off: "no", answered_rows: 99 });
    expect(r.data.answered_rows).toBe(2);
  });
});
