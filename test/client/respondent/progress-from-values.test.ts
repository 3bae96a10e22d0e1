/**
 * The progress header, the contents list's gap marks and the check list count the data-item
 * matrices from their values (with the server's submit plan) rather than from survey-core's rows,
 * so that opening the survey does not build a question per cell on every page. Both ways must give
 * the same figures: on random answers to the whole questionnaire (seeded), every section's
 * answered and answerable counts, gap keys, gap labels and completeness are the same with and
 * without the plan's matrix count, and a gap's link still leads to the first missing cell.
 */
import { describe, expect, it } from "vitest";
import { FunctionFactory, Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { compileStructure } from "../../../server/domain/responses/structure.ts";
import { compileSubmitPlanOf, type SubmitPlan } from "../../../server/domain/responses/compiled-validation.ts";
import { registerSurveyFunctions } from "../../../survey-definitions/functions.ts";
import { progressOf, type Progress } from "../../../client/src/respondent/progress.ts";
import { answerFields, randomValue, seededRandom } from "../../support/answer-fields.ts";

registerSurveyFunctions(FunctionFactory);
const surveyJson = loadDefinitions().current().survey;
const fields = answerFields(compileStructure(surveyJson));

function randomAnswers(seed: number): Record<string, any> {
  const rand = seededRandom(seed);
  const data: Record<string, any> = {};
  const share = 0.2 + 0.7 * rand();
  for (const f of fields) {
    if (rand() > share) continue;
    const value = randomValue(f.spec, rand, `s${seed}`);
    const dot = f.key.indexOf(".");
    if (dot > 0 && f.key.slice(0, dot) === f.question) (data[f.question] ??= {})[f.key.slice(dot + 1)] = value;
    else data[f.key] = value;
  }
  return data;
}

/** What a person sees of the progress: per section its counts, completeness and the gaps' keys and words. */
const seen = (p: Progress) =>
  p.sections.map((s) => ({ name: s.name, answered: s.answered, units: s.units, complete: s.complete, gaps: s.gaps.map((g) => `${g.key}|${g.label}|${g.rule ?? ""}`) }));

function withPlan(data: Record<string, unknown>): { model: Model; plan: SubmitPlan } {
  const model = new Model(surveyJson);
  model.data = structuredClone(data);
  const plan = compileSubmitPlanOf(model, surveyJson);
  if ("unsupported" in plan) throw new Error(plan.unsupported);
  return { model, plan };
}

/** A copy of the plan without its matrix cells: the matrices are then counted from survey-core's rows. */
const withoutCells = (plan: SubmitPlan): SubmitPlan => ({ questions: plan.questions.map((q) => ({ ...q, cells: null })) });

const itemMatrices = (m: Model) => (m.getAllQuestions() as any[]).filter((q) => q.getType() === "matrixdropdown");

describe("progress from the matrices' values", () => {
  it.each([1, 2, 3, 4, 5, 6])("gives the same sections as survey-core's rows on random answers (seed %i)", { timeout: 120_000 }, (seed) => {
    const data = randomAnswers(seed);
    const a = withPlan(data);
    const fromValues = progressOf(a.model, {}, 5, a.plan);
    const b = withPlan(data);
    const fromRows = progressOf(b.model, {}, 5, withoutCells(b.plan));
    expect(fromValues.sections.some((s) => s.gaps.some((g) => g.key.startsWith("items_")))).toBe(true);
    expect(seen(fromValues)).toEqual(seen(fromRows));
    expect(fromValues.minutesLeft).toBe(fromRows.minutesLeft);
    a.model.dispose();
    b.model.dispose();
  });

  it("builds no matrix rows, and a gap's link still leads to the first missing cell", () => {
    const { model, plan } = withPlan({ items_safe: { di_return_home_int: { recorded: "structured", history: "y5_plus" } } });
    const progress = progressOf(model, {}, 5, plan);
    expect(itemMatrices(model).filter((q) => q.generatedVisibleRows)).toEqual([]);
    const gap = progress.sections.flatMap((s) => s.gaps).find((g) => g.key === "items_safe.di_return_home_int");
    expect(gap?.label).toMatch(/Can it be extracted at child level\?, How complete is it\?$/);
    // following the link builds that matrix's rows, and names the cell survey-react-ui draws
    const cell = gap!.question as any;
    expect(cell.name).toBe("extractable");
    const matrix = model.getQuestionByName("items_safe") as any;
    const row = matrix.visibleRows.find((r: any) => r.rowName === "di_return_home_int");
    expect(row.getQuestionByColumnName("extractable")).toBe(cell);
    model.dispose();
  });
});
