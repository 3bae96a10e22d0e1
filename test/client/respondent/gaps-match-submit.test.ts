/**
 * The check list before submitting (the browser's gaps) and the server's submit validation agree,
 * on the current questionnaire: a data-item cell that does not apply to its row (hidden by the
 * row's "Where is it recorded?", e.g. "Not recorded") is neither a gap nor a submit error, and
 * every required cell that does apply is both. Checked on hand-made rows and on random answers
 * to the whole questionnaire (seeded), where the two lists must name the same data-item rows.
 * (Answers that break a rule rather than leave a gap, such as "Other" without its text, are found
 * by the server at submit and listed in the same list; they are not compared here.)
 */
import { describe, expect, it } from "vitest";
import { FunctionFactory, Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { validateForSubmit } from "../../../server/domain/responses/submit-validation.ts";
import { compileStructure } from "../../../server/domain/responses/structure.ts";
import { registerSurveyFunctions } from "../../../survey-definitions/functions.ts";
import { progressOf } from "../../../client/src/respondent/progress.ts";
import { answerFields, randomValue, seededRandom } from "../../support/answer-fields.ts";

registerSurveyFunctions(FunctionFactory);
const current = loadDefinitions().current();
const surveyJson = current.survey;

/** The browser's gap keys ("question" or "matrix.row"), as the check list shows them. */
function clientGaps(data: Record<string, unknown>): Set<string> {
  const m = new Model(surveyJson);
  m.data = structuredClone(data);
  const keys = new Set(progressOf(m, {}).sections.flatMap((s) => s.gaps.map((g) => g.key)));
  m.dispose();
  return keys;
}

async function serverErrors(data: Record<string, unknown>): Promise<Set<string>> {
  const v = await validateForSubmit(surveyJson, data, { shapeChecked: true });
  return new Set(v.errors.map((e) => e.question));
}

const row = (r: Record<string, string>) => r;

describe("data-item cells that do not apply", () => {
  it("are not gaps and not submit errors; cells that apply and are empty are both", { timeout: 300_000 }, async () => {
    const data = {
      items_safe: {
        // not recorded: the other three questions do not apply
        di_exploitation_risk: row({ recorded: "not_recorded" }),
        // recorded in structured fields: extractable and completeness are required, history optional
        di_return_home_int: row({ recorded: "structured", history: "y5_plus" }),
      },
      items_health: {
        // nothing chosen yet: only "Where is it recorded?" is missing
      },
    };
    const client = clientGaps(data);
    const server = await serverErrors(data);
    expect(client.has("items_safe.di_exploitation_risk")).toBe(false);
    expect(server.has("items_safe.di_exploitation_risk")).toBe(false);
    expect(client.has("items_safe.di_return_home_int")).toBe(true);
    expect(server.has("items_safe.di_return_home_int")).toBe(true);
    const v = await validateForSubmit(surveyJson, data, { shapeChecked: true });
    const returnHome = v.errors.filter((e) => e.question === "items_safe.di_return_home_int").map((e) => e.message);
    // the two required questions that apply, not the optional one
    expect(returnHome).toHaveLength(2);
    const m = new Model(surveyJson);
    m.data = data;
    const gap = progressOf(m, {})
      .sections.flatMap((s) => s.gaps)
      .find((g) => g.key === "items_safe.di_return_home_int");
    expect(gap?.label).toMatch(/Can it be extracted at child level\?, How complete is it\?$/);
    for (const answer of ["not_applicable", "dont_know", "not_recorded"]) {
      const d = { items_safe: { di_exploitation_risk: { recorded: answer }, di_return_home_int: { recorded: answer } } };
      expect([...clientGaps(d)].filter((k) => k.startsWith("items_safe."))).toEqual([]);
      expect([...(await serverErrors(d))].filter((k) => k.startsWith("items_safe."))).toEqual([]);
    }
  });
});

describe("the check list and submit validation", () => {
  const structure = compileStructure(surveyJson);
  const fields = answerFields(structure);

  it.each([1, 2])("name the same data-item rows on random answers (seed %i)", { timeout: 300_000 }, async (seed) => {
    const rand = seededRandom(seed);
    const data: Record<string, any> = {};
    const share = 0.3 + 0.6 * rand(); // from a third to most of the questionnaire answered
    for (const f of fields) {
      if (f.key.endsWith("-Comment") || rand() > share) continue;
      const value = randomValue(f.spec, rand, `s${seed}`);
      const dot = f.key.indexOf(".");
      if (dot > 0 && f.key.slice(0, dot) === f.question) (data[f.question] ??= {})[f.key.slice(dot + 1)] = value;
      else data[f.key] = value;
    }
    const items = (keys: Set<string>) => [...keys].filter((k) => k.startsWith("items_")).sort();
    const client = items(clientGaps(data));
    expect(client.length).toBeGreaterThan(0);
    expect(client).toEqual(items(await serverErrors(data)));
  });
});
