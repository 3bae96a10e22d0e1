import { describe, it, expect } from "vitest";
import { FunctionFactory, Model, Serializer } from "survey-core";
import { countAnswered, exclusiveChoice, registerSurveyFunctions, registerSurveyProperties } from "../../survey-definitions/functions.ts";

describe("custom SurveyJS functions", () => {
  it("exclusiveChoice rejects 'dont_know' together with another answer only", () => {
    expect(exclusiveChoice([["dont_know"], "dont_know"])).toBe(true);
    expect(exclusiveChoice([["excel", "power_bi"], "dont_know"])).toBe(true);
    expect(exclusiveChoice([["excel", "dont_know"], "dont_know"])).toBe(false);
    expect(exclusiveChoice([undefined, "dont_know"])).toBe(true);
  });

  it("countAnswered counts matrix rows with a value in a column", () => {
    const m = { a: { recorded: "structured" }, b: { recorded: "" }, c: { extractable: "yes" }, d: { recorded: "not_recorded" } };
    expect(countAnswered([m, "recorded"])).toBe(2);
    expect(countAnswered([undefined, "recorded"])).toBe(0);
  });

  it("registers with survey-core so expressions can call them", () => {
    registerSurveyFunctions(FunctionFactory);
    registerSurveyFunctions(FunctionFactory); // idempotent
    const survey = new Model({
      elements: [
        { type: "checkbox", name: "tools", choices: ["excel", "dont_know"], validators: [{ type: "expression", expression: "exclusiveChoice({tools}, 'dont_know')" }] },
        { type: "matrixdropdown", name: "items", rows: ["a", "b"], columns: [{ name: "recorded", cellType: "dropdown", choices: ["structured"] }] },
      ],
    });
    expect(survey.validateExpressions()).toEqual([]);
    survey.data = { tools: ["excel", "dont_know"], items: { a: { recorded: "structured" } } };
    expect(survey.validate(true, false)).toBe(false);
    expect(survey.runExpression("countAnswered({items}, 'recorded')")).toBe(1);
    survey.data = { tools: ["excel"] };
    expect(survey.validate(true, false)).toBe(true);
    survey.dispose();
  });

  it("keeps a matrix row's description once the custom property is registered", () => {
    registerSurveyProperties(Serializer);
    const survey = new Model({ elements: [{ type: "matrixdropdown", name: "m", rows: [{ value: "di_a", text: "A", description: "What A means" }], columns: [{ name: "c" }] }] });
    const q = survey.getQuestionByName("m") as unknown as { rows: { description?: string }[] };
    expect(q.rows[0].description).toBe("What A means");
    survey.dispose();
  });
});
