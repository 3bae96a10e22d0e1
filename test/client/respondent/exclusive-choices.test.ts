/**
 * The choices marked exclusive by value are, in every definition version, the ones that mean
 * "none of these" or "cannot say", and never a substantive answer that could stand beside others.
 */
import { describe, expect, it } from "vitest";
import { Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ensureSurveyFunctions } from "../../../server/domain/definitions/survey-runtime.ts";
import { EXCLUSIVE_VALUES, markExclusiveChoices } from "../../../client/src/respondent/exclusive-choices.ts";

ensureSurveyFunctions();
const NONE_OR_CANNOT_SAY = /^(None|Don['’]t know|There is no|Nothing|Not )/;

describe("exclusive choices", () => {
  it("are only the 'none' and 'don't know' answers of tick-all questions, in every version", () => {
    const marked: string[] = [];
    for (const def of loadDefinitions().all()) {
      const model = new Model(def.survey);
      markExclusiveChoices(model.getAllQuestions());
      for (const q of model.getAllQuestions(false, false, true) as any[]) {
        if (q.getType() !== "checkbox") continue;
        for (const c of q.choices as any[]) {
          if (!c.isExclusive) continue;
          expect(String(c.text), `${def.version} ${q.name} ${c.value}`).toMatch(NONE_OR_CANNOT_SAY);
          marked.push(`${q.name}.${c.value}`);
        }
      }
      model.dispose();
    }
    expect(marked).toContain("lo_measures.none");
    expect(marked).toContain("lo_measures.dont_know");
    expect(marked).toContain("board_contents.no_scorecard");
    expect(marked).toContain("barriers.nothing");
    // "Not recorded" among the barriers is a barrier, not "none of these"
    expect(marked).not.toContain("barriers.not_recorded");
    expect(EXCLUSIVE_VALUES.has("not_recorded")).toBe(false);
  });

  it("clears the other ticks when chosen, and is cleared by another tick", () => {
    const def = loadDefinitions().current();
    const model = new Model(def.survey);
    markExclusiveChoices(model.getAllQuestions());
    const q = model.getQuestionByName("lo_measures") as any;
    q.clickItemHandler(q.choices.find((c: any) => c.value === "outcomes_star"), true);
    q.clickItemHandler(q.choices.find((c: any) => c.value === "sf_outcome_plan"), true);
    expect(model.getValue("lo_measures")).toEqual(["outcomes_star", "sf_outcome_plan"]);
    q.clickItemHandler(q.choices.find((c: any) => c.value === "none"), true);
    expect(model.getValue("lo_measures")).toEqual(["none"]);
    q.clickItemHandler(q.choices.find((c: any) => c.value === "outcomes_star"), true);
    expect(model.getValue("lo_measures")).toEqual(["outcomes_star"]);
    model.dispose();
  });
});
