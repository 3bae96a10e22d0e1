/**
 * The compiled submit plan must give survey-core's verdicts: same errors (question, page, text, in
 * order), same validity, same hidden answers dropped and the same data stored. survey-core
 * (validateForSubmit / validateOnModel) is the reference, over generated responses to every
 * definition version and to a small survey using the features no published version uses yet.
 *   SUBMIT_PROPERTY_RUNS=1000 npx vitest run test/domain/responses/compiled-validation.test.ts
 * runs 1,000 responses per version (default 8: each survey-core reference costs ~0.1-0.3 s of CPU).
 */
import { describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ensureSurveyFunctions } from "../../../server/domain/definitions/survey-runtime.ts";
import { compileSubmitPlan, validateWithPlan, type SubmitPlan } from "../../../server/domain/responses/compiled-validation.ts";
import { checkData, compileStructure } from "../../../server/domain/responses/structure.ts";
import { validateForSubmit, validateOnModel } from "../../../server/domain/responses/submit-validation.ts";
import { mulberry32 } from "../../../server/lib/seeded-random.ts";
import { randomSubmitResponse } from "../../support/submit-responses.ts";
import type { SurveyJson } from "../../../server/domain/definitions/types.ts";

const RUNS = Number(process.env.SUBMIT_PROPERTY_RUNS ?? 8);
const LONG = 900_000; // survey-core is the slow side; the machine may be shared

function planOf(survey: SurveyJson): SubmitPlan {
  const plan = compileSubmitPlan(survey);
  if ("unsupported" in plan) throw new Error(`not compiled: ${plan.unsupported}`);
  return plan;
}

/** Features of survey-core that the plan reproduces but no published definition uses yet. */
const FEATURES: SurveyJson = {
  pages: [
    {
      name: "p1",
      elements: [
        { type: "boolean", name: "b", title: "B" },
        { type: "text", name: "t", title: "T", requiredIf: "{b} = true" },
        { type: "text", name: "mail", title: "Mail", inputType: "email" },
        { type: "text", name: "n", title: "N", inputType: "number", min: 1, max: 10, validators: [{ type: "expression", expression: "{n} <> 7", text: "Not seven" }] },
        { type: "checkbox", name: "c", title: "C", choices: ["x", "y", "dont_know"], showOtherItem: true, showNoneItem: true, isRequired: true },
        { type: "matrix", name: "m", title: "M", isAllRowRequired: true, rows: ["r1", "r2"], columns: ["a", "b"] },
      ],
    },
    {
      name: "p2",
      visibleIf: "{b} = true",
      elements: [
        { type: "radiogroup", name: "r", title: "R", choices: ["one", "two"], showOtherItem: true, isRequired: true },
        { type: "comment", name: "why", title: "Why", visibleIf: "{r} = 'two'" },
      ],
    },
    {
      name: "p3",
      elements: [
        {
          type: "matrixdropdown",
          name: "md",
          title: "MD",
          rows: ["i1", "i2", "i3"],
          columns: [
            { name: "has", cellType: "dropdown", choices: ["yes", "no"], isRequired: true },
            { name: "how", cellType: "dropdown", choices: ["a", "b"], isRequired: true, visibleIf: "{row.has} = 'yes'" },
            { name: "note", cellType: "dropdown", choices: ["k"], visibleIf: "{b} = true" },
          ],
        },
        { type: "dropdown", name: "d", title: "D", choices: ["p", "q"], visibleIf: "{m.r1} = 'a'", isRequired: true },
        { type: "text", name: "after", title: "After", visibleIf: "{d} notempty" },
      ],
    },
  ],
};

describe("compiled submit plan against survey-core", () => {
  const defs = loadDefinitions().all();

  it("compiles every definition version (none falls back to survey-core)", () => {
    for (const d of defs) expect(compileSubmitPlan(d.survey), `${d.surveyId}@${d.version}`).not.toHaveProperty("unsupported");
  });

  it("refuses what it does not reproduce, naming it, so survey-core validates those definitions", () => {
    const panel = { pages: [{ name: "p", elements: [{ type: "panel", name: "pn", elements: [{ type: "text", name: "a" }] }] }] };
    expect(compileSubmitPlan(panel)).toEqual({ unsupported: "panel pn" });
    const enable = { pages: [{ name: "p", elements: [{ type: "text", name: "a", enableIf: "{b} = 1" }] }] };
    expect(compileSubmitPlan(enable)).toEqual({ unsupported: "a: enableIf" });
    const expression = { pages: [{ name: "p", elements: [{ type: "expression", name: "e", expression: "1" }] }] };
    expect(compileSubmitPlan(expression)).toEqual({ unsupported: "e: question type expression" });
  });

  for (const d of loadDefinitions().all()) {
    it(
      `${d.surveyId}@${d.version}: ${RUNS} generated responses get survey-core's errors, validity, dropped answers and data`,
      async () => {
        ensureSurveyFunctions();
        const structure = compileStructure(d.survey);
        const plan = planOf(d.survey);
        const model = new Model(d.survey);
        const rand = mulberry32(7919 * d.version);
        let valid = 0;
        let dropped = 0;
        try {
          for (let i = 0; i < RUNS; i++) {
            const data = randomSubmitResponse(structure, rand, `r${i}`);
            expect(checkData(structure, data)).toEqual([]); // what submit receives
            const expected = await validateOnModel(model, data, { shapeChecked: true });
            expect(validateWithPlan(plan, data), `response ${i}: ${JSON.stringify(data).slice(0, 300)}`).toEqual(expected);
            if (expected.valid) valid++;
            dropped += expected.dropped.length;
          }
        } finally {
          model.dispose();
        }
        // the generated responses exercise both verdicts and the dropping of hidden answers
        expect(valid).toBeGreaterThan(0);
        expect(valid).toBeLessThan(RUNS);
        expect(dropped).toBeGreaterThan(0);
      },
      LONG,
    );
  }

  it(
    "a reused survey-core Model (the reference above) agrees with a fresh one per response (validateForSubmit)",
    async () => {
      const d = loadDefinitions().current();
      const structure = compileStructure(d.survey);
      const model = new Model(d.survey);
      const rand = mulberry32(31);
      try {
        for (let i = 0; i < 2; i++) {
          const data = randomSubmitResponse(structure, rand, `f${i}`);
          expect(await validateOnModel(model, data, { shapeChecked: true })).toEqual(await validateForSubmit(d.survey, data, { shapeChecked: true }));
        }
      } finally {
        model.dispose();
      }
    },
    LONG,
  );

  it("reproduces requiredIf, page visibleIf, email input, number range, other text, all rows, row conditions and cascading drops", async () => {
    const plan = planOf(FEATURES);
    ensureSurveyFunctions();
    const model = new Model(FEATURES);
    const rand = mulberry32(5);
    const any = <T,>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
    const seen = new Set<string>();
    for (let i = 0; i < Math.max(150, RUNS); i++) {
      const data: Record<string, unknown> = {};
      const maybe = (k: string, v: () => unknown) => {
        if (rand() < 0.6) data[k] = v();
      };
      maybe("b", () => any([true, false]));
      maybe("t", () => any(["x", "  ", "words"]));
      maybe("mail", () => any(["a@b.org", "nope", "a@b"]));
      maybe("n", () => any([0, 1, 7, 10, 11, "5", "abc"]));
      maybe("c", () => any([["x"], ["other"], ["x", "dont_know"], ["none"], ["y", "other"]]));
      maybe("c-Comment", () => any(["text", "  "]));
      maybe("m", () => any([{ r1: "a" }, { r1: "a", r2: "b" }, { r2: "a" }]));
      maybe("r", () => any(["one", "two", "other"]));
      maybe("r-Comment", () => "because");
      maybe("why", () => "reason");
      maybe("md", () => any([{ i1: { has: "yes" } }, { i1: { has: "no" }, i2: { has: "yes", how: "a" }, i3: { has: "no", note: "k" } }, { i2: { how: "b" } }]));
      maybe("d", () => any(["p", "q"]));
      maybe("after", () => "later");
      const expected = await validateOnModel(model, data, { shapeChecked: true });
      expect(validateWithPlan(plan, data), JSON.stringify(data)).toEqual(expected);
      if (i < 5) expect(await validateForSubmit(FEATURES, data, { shapeChecked: true })).toEqual(expected);
      for (const e of expected.errors) seen.add(`${e.question}: ${e.message}`);
      for (const q of expected.dropped) seen.add(`dropped ${q}`);
    }
    // every feature was exercised
    for (const s of ["t: Response required.", "mail: Please enter a valid e-mail address.", "n: The value should not be greater than 10", "n: Not seven", "c: Response required: enter another value.", "m: Response required: answer questions in all rows.", "md.i1: how: Response required.", "dropped r", "dropped after"]) {
      expect([...seen]).toContain(s);
    }
    model.dispose();
  }, LONG);
});
