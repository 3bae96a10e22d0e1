/**
 * The check list before submitting (the browser's gaps) and the server's submit validation agree,
 * on the current questionnaire: a data-item cell that does not apply to its row (hidden by the
 * row's "Where is it recorded?", e.g. "Not recorded") is neither a gap nor a submit error, and
 * every required cell that does apply is both. Checked on hand-made rows and on random answers
 * to the whole questionnaire (seeded), where the two lists must name the same data-item rows.
 * Answers that break a rule rather than leave a gap ("Other" without its text, "Don't know" with
 * other answers, a number out of range, an e-mail address that is not one, consent not given) are
 * in the browser's list before submit, with the server's words: on hand-made answers and on random
 * answers with such breaks mixed in, the browser's whole list and survey-core's submit errors
 * name the same questions, and the broken rules carry the same messages.
 */
import { describe, expect, it } from "vitest";
import { FunctionFactory, Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { validateForSubmit } from "../../../server/domain/responses/submit-validation.ts";
import { compileStructure } from "../../../server/domain/responses/structure.ts";
import { compileSubmitPlanOf, type SubmitPlan } from "../../../server/domain/responses/compiled-validation.ts";
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

// a single-choice matrix that needs every row answered is one submit error, and one gap per row in the list
const rowMatrices = new Set(
  (surveyJson.pages as { elements?: { type: string; name: string }[] }[]).flatMap((p) => p.elements ?? []).filter((e) => e.type === "matrix").map((e) => e.name),
);
const asServerNames = (key: string) => (rowMatrices.has(key.split(".")[0]) ? key.split(".")[0] : key);

/** The browser's whole list with the server's submit plan, as survey-screen builds it. */
let plan: SubmitPlan | null = null;
function clientList(data: Record<string, unknown>): { keys: Set<string>; rules: Set<string>; labels: string[] } {
  const m = new Model(surveyJson);
  m.data = structuredClone(data);
  if (!plan) {
    const compiled = compileSubmitPlanOf(m, surveyJson);
    if ("unsupported" in compiled) throw new Error(compiled.unsupported);
    plan = compiled;
  }
  const gaps = progressOf(m, {}, 5, plan).sections.flatMap((s) => s.gaps);
  m.dispose();
  return {
    keys: new Set(gaps.map((g) => asServerNames(g.key))),
    rules: new Set(gaps.filter((g) => g.rule).map((g) => `${g.key}|${g.message}`)),
    labels: gaps.filter((g) => g.rule).map((g) => g.label),
  };
}

/** survey-core's submit errors: every question named, and the messages of the broken rules the browser lists. */
async function serverList(data: Record<string, unknown>, ruleKeys: Set<string>): Promise<{ keys: Set<string>; rules: Set<string>; all: string[] }> {
  const v = await validateForSubmit(surveyJson, data, { shapeChecked: true });
  const all = v.errors.map((e) => `${e.question}|${e.message}`);
  return { keys: new Set(v.errors.map((e) => e.question)), rules: new Set(all.filter((x) => ruleKeys.has(x.split("|")[0]))), all };
}

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

const fields = answerFields(compileStructure(surveyJson));

describe("the check list and submit validation", () => {

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

describe("answers that break a rule", () => {
  it("are in the browser's list before submit, with the server's wording", { timeout: 300_000 }, async () => {
    const data: Record<string, unknown> = {
      cms_product: "other", // "Other" without its text
      dw_exists: "dedicated",
      dw_platform: ["dont_know", "sql_server"], // "Don't know" with another answer
      cap_analyst_vacancies: 250, // over the maximum of 100
      cs_willing: "yes",
      cs_contact_name: "Sam Patel",
      cs_contact_email: "sam.patel at council", // not an e-mail address
      cs_consent: false, // consent not given
    };
    const client = clientList(data);
    const server = await serverList(data, new Set([...client.rules].map((r) => r.split("|")[0])));
    expect([...client.rules].sort()).toEqual([...server.rules].sort());
    expect([...client.keys].sort()).toEqual([...server.keys].sort());
    const rules = [...client.rules].map((r) => r.split("|")[0]).sort();
    expect(rules).toEqual(["cap_analyst_vacancies", "cms_product", "cs_consent", "cs_contact_email", "dw_platform"]);
    // what the person reads: the question, then the server's message
    expect(client.labels).toContain('Which database platforms does it run on?: "Don\'t know" cannot be combined with other answers.');
    expect(client.labels).toContain("Their email address: Please enter a valid e-mail address.");
    // once corrected, they leave the list
    const fixed = { ...data, "cms_product-Comment": "In-house system", dw_platform: ["sql_server"], cap_analyst_vacancies: 2, cs_contact_email: "sam.patel@example.gov.uk", cs_consent: true };
    expect(clientList(fixed).rules.size).toBe(0);
    expect((await serverList(fixed, new Set(rules))).rules.size).toBe(0);
  });

  it.each([3, 4, 5])("the whole list matches submit on random answers with broken rules (seed %i)", { timeout: 300_000 }, async (seed) => {
    const rand = seededRandom(seed);
    const data: Record<string, any> = {};
    const share = 0.3 + 0.6 * rand();
    for (const f of fields) {
      if (rand() > share) continue;
      // "Other" texts are left out now and then, so "Other" without its text occurs
      if (f.key.endsWith("-Comment") && rand() < 0.5) continue;
      const value = randomValue(f.spec, rand, `s${seed}`);
      const dot = f.key.indexOf(".");
      if (dot > 0 && f.key.slice(0, dot) === f.question) (data[f.question] ??= {})[f.key.slice(dot + 1)] = value;
      else data[f.key] = value;
    }
    // rules broken at random: out-of-range numbers, addresses that are not, "Don't know" with others, no consent
    if (rand() < 0.7) data.cap_analyst_vacancies = rand() < 0.5 ? -1 - Math.floor(rand() * 5) : 101 + Math.floor(rand() * 50);
    if (rand() < 0.7) data.cs_contact_email = `someone${seed}.council`;
    if (rand() < 0.7) data.cs_consent = false;
    for (const q of ["dw_platform", "bi_tools", "link_identifiers"]) if (Array.isArray(data[q]) && rand() < 0.7) data[q] = ["dont_know", ...data[q].filter((v: unknown) => v !== "dont_know")];
    const client = clientList(data);
    const server = await serverList(data, new Set([...client.rules].map((r) => r.split("|")[0])));
    expect(client.rules.size).toBeGreaterThan(0);
    expect([...client.keys].sort()).toEqual([...server.keys].sort());
    expect([...client.rules].sort()).toEqual([...server.rules].sort());
    // and every server message on a broken-rule question is in the browser's list
    for (const e of server.all) if (client.keys.has(e.split("|")[0]) && !e.includes("Response required.")) expect(client.rules.has(e) || !server.rules.has(e)).toBe(true);
  });
});
