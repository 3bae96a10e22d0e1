import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { checkChanges, checkData, compileStructure } from "../../../server/domain/responses/structure.ts";

const survey = JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8"));
const structure = compileStructure(survey);

describe("compileStructure", () => {
  it("lists every answerable question with its page and matrix rows", () => {
    expect([...structure.questions.keys()]).toEqual([
      "lead_name", "case_system", "tools", "has_dpo", "dpo_email", "analysts",
      "items_safe", "maturity", "confidence", "notes", "answered_rows", "sign_off",
    ]);
    expect(structure.questions.get("items_safe")?.rows?.values).toEqual(["di_referral_date", "di_cp_plan_start"]);
    expect(structure.questions.get("sign_off")?.page).toBe("final");
    expect(structure.computed.has("answered_rows")).toBe(true);
  });
});

describe("checkChanges", () => {
  it("accepts valid values of every shape", () => {
    const { changes, errors } = checkChanges(structure, {
      lead_name: "Ann",
      case_system: "other",
      "case_system-Comment": "In-house",
      tools: ["excel", "none"],
      has_dpo: true,
      analysts: 3,
      "items_safe.di_referral_date": { recorded: "structured", extractable: "yes" },
      "maturity.quality": 4,
      confidence: 5,
      notes: null,
    });
    expect(errors).toEqual([]);
    expect(changes.map((c) => c.key)).toEqual([
      "lead_name", "case_system", "case_system-Comment", "tools", "has_dpo", "analysts",
      "items_safe.di_referral_date", "maturity.quality", "confidence", "notes",
    ]);
    expect(changes.find((c) => c.key === "maturity.quality")).toMatchObject({ question: "maturity", row: "quality", value: 4 });
  });

  it("rejects unknown questions, unknown choices, unknown rows and wrong shapes, naming the question", () => {
    const { changes, errors } = checkChanges(structure, {
      hacker: 1,
      case_system: "martian",
      tools: "excel",
      has_dpo: "yes",
      "items_safe.di_nope": { recorded: "structured" },
      "items_safe.di_referral_date": { recorded: "maybe" },
      "maturity.governance": 9,
      answered_rows: 5,
      "lead_name-Comment": "x",
    });
    expect(changes).toEqual([]);
    const byQuestion = Object.fromEntries(errors.map((e) => [e.question, e.message]));
    expect(Object.keys(byQuestion).sort()).toEqual([
      "answered_rows", "case_system", "has_dpo", "hacker", "items_safe.di_nope", "items_safe.di_referral_date",
      "lead_name-Comment", "maturity.governance", "tools",
    ].sort());
    expect(byQuestion.hacker).toContain("Unknown question");
    expect(byQuestion.case_system).toContain('"martian" is not one of its choices');
    expect(byQuestion["items_safe.di_nope"]).toContain('no row "di_nope"');
    expect(byQuestion["items_safe.di_referral_date"]).toContain("recorded");
    expect(byQuestion.answered_rows).toContain("calculated");
  });

  it("expands a whole-matrix object into the listed rows only, and null into every row", () => {
    const listed = checkChanges(structure, { items_safe: { di_cp_plan_start: { recorded: "free_text" } } });
    expect(listed.errors).toEqual([]);
    expect(listed.changes.map((c) => c.key)).toEqual(["items_safe.di_cp_plan_start"]);
    const cleared = checkChanges(structure, { maturity: null });
    expect(cleared.changes.map((c) => [c.key, c.value])).toEqual([["maturity.governance", null], ["maturity.quality", null]]);
    const bad = checkChanges(structure, { items_safe: { di_cp_plan_start: { bogus: "x" } } });
    expect(bad.errors[0]).toMatchObject({ question: "items_safe" });
    expect(bad.changes).toEqual([]);
  });

  it("treats empty strings, lists and rows as clearing the answer", () => {
    const { changes } = checkChanges(structure, { lead_name: "", tools: [], "items_safe.di_referral_date": {} });
    expect(changes.map((c) => c.value)).toEqual([null, null, null]);
  });
});

describe("checkData", () => {
  it("ignores computed values and reports stored keys that match nothing", () => {
    expect(checkData(structure, { lead_name: "A", answered_rows: 2 })).toEqual([]);
    expect(checkData(structure, { ghost: 1 })).toEqual([{ question: "ghost", message: 'Unknown question "ghost"' }]);
  });
});
