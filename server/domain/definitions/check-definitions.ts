/**
 * The definitions checker: pure (takes parsed files, returns errors). Each error names the file,
 * the element and what is wrong. Run by `npm run definitions:check` and by the test suite.
 *
 * Checks, per version folder:
 *  - JSON schemas of catalogue, rules, questionnaire (and mapping from v2 on)
 *  - catalogue consistency: unique ids; areas, populations, data items referenced exist; every
 *    data item used by an indicator; national return fields consistent
 *  - the generated SurveyJS JSON (check-survey-json.ts): element types exist; question names unique; enumerated
 *    properties take allowed values (e.g. progressBarLocation); the model loads in survey-core;
 *    validateExpressions() is clean; survey-core sees the same questions as our question index
 *  - every catalogue data item has its matrix row with its kind's aspect columns and the version's choices
 *    (check-item-matrices.ts)
 *  - content quality (check-content-quality.ts): what a methodologist's review found by hand
 *  - rules (check-rules.ts) reference existing aspects, choice values and questions (capability dimensions)
 *  - published versions unchanged (hash vs published.json)
 *  - mappings (check-mapping.ts) complete: every old question carried over (same name or mapped) or dropped with a
 *    reason; every old choice value and matrix row has a counterpart in the new version
 */
import { Compile } from "typebox/compile";
import { buildQuestionnaire, type QuestionnaireSource } from "./build-questionnaire.ts";
import { CatalogueSchema, MappingSchema, QuestionnaireSchema, RulesSchema } from "./definition-schemas.ts";
import { definitionHash } from "./definition-hash.ts";
import type { DefinitionsInput, RawVersion } from "./load-definitions.ts";
import { questionIndex, type QuestionIndex } from "./question-index.ts";
import { checkContentQuality } from "./check-content-quality.ts";
import { checkItemColumnTexts, checkItemMatrices } from "./check-item-matrices.ts";
import { checkMapping } from "./check-mapping.ts";
import { checkRules } from "./check-rules.ts";
import { checkSurveyJson } from "./check-survey-json.ts";
import { duplicateValues } from "./duplicates.ts";
import type { Catalogue, ScoringRules, SurveyJson, VersionMapping } from "./types.ts";

export interface CheckError {
  file: string; // e.g. "la-data-audit/v1/catalogue.json"
  element: string; // e.g. "indicators[3] ind_repeat_cpp" or "question cms_product"
  message: string;
}

export interface CheckOptions {
  /** versions ("<surveyId>@<N>") whose published hash is not compared (used while publishing them) */
  skipPublishedHashFor?: string[];
}

const validators = {
  catalogue: Compile(CatalogueSchema),
  rules: Compile(RulesSchema),
  questionnaire: Compile(QuestionnaireSchema),
  mapping: Compile(MappingSchema),
};

function schemaErrors(kind: keyof typeof validators, value: unknown, file: string): CheckError[] {
  const v = validators[kind];
  if (v.Check(value)) return [];
  const out: CheckError[] = [];
  const seen = new Set<string>();
  for (const e of v.Errors(value)) {
    // unions report one error per branch plus a summary; keep the first message per location
    const element = e.instancePath === "" ? "(root)" : e.instancePath;
    const extra = e.keyword === "additionalProperties" ? ` (${JSON.stringify(e.params)})` : "";
    const key = `${element}|${e.keyword === "const" ? "anyOf" : e.keyword}`;
    if (seen.has(element) && (e.keyword === "const" || e.keyword === "anyOf" || e.keyword === "boolean")) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    seen.add(element);
    out.push({ file, element, message: `schema: ${e.message}${extra}` });
  }
  return out;
}


// ---------------------------------------------------------------------------------------------

function checkCatalogue(cat: Catalogue, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const e = (element: string, message: string) => errs.push({ file, element, message });
  for (const id of duplicateValues(cat.outcomeAreas.map((a) => a.id))) e(`outcomeAreas ${id}`, "duplicate outcome area id");
  for (const id of duplicateValues(cat.populations.map((p) => p.id))) e(`populations ${id}`, "duplicate population id");
  for (const id of duplicateValues(cat.dataItems.map((d) => d.id))) e(`dataItems ${id}`, "duplicate data item id");
  for (const id of duplicateValues(cat.indicators.map((i) => i.id))) e(`indicators ${id}`, "duplicate indicator id");
  const areas = new Set(cat.outcomeAreas.map((a) => a.id));
  const pops = new Set(cat.populations.map((p) => p.id));
  const items = new Set(cat.dataItems.map((d) => d.id));
  const used = new Set<string>();
  for (const d of cat.dataItems) {
    if (!areas.has(d.area)) e(`dataItems ${d.id}`, `area "${d.area}" is not an outcome area in this catalogue`);
    if (!pops.has(d.population)) e(`dataItems ${d.id}`, `population "${d.population}" is not listed in populations`);
  }
  for (const ind of cat.indicators) {
    const el = `indicators ${ind.id}`;
    if (!areas.has(ind.outcomeArea)) e(el, `outcomeArea "${ind.outcomeArea}" is not an outcome area in this catalogue`);
    if (!pops.has(ind.population)) e(el, `population "${ind.population}" is not listed in populations`);
    for (const ref of ind.dataItems) {
      used.add(ref.id);
      if (!items.has(ref.id)) e(el, `data item "${ref.id}" does not exist in dataItems`);
    }
    for (const id of duplicateValues(ind.dataItems.map((r) => r.id))) e(el, `data item "${id}" is listed twice`);
    if (!ind.dataItems.some((r) => r.required)) e(el, "needs at least one required data item (feasibility is its weakest required item)");
    const returns = ind.nationalReturn;
    if (returns.includes("none") && returns.length > 1) e(el, `nationalReturn cannot combine "none" with ${returns.filter((r) => r !== "none").join(", ")}`);
    if (!ind.collectedNationally && !(returns.length === 1 && returns[0] === "none")) {
      e(el, `collectedNationally is false but nationalReturn is ${JSON.stringify(returns)} (expected ["none"])`);
    }
  }
  for (const d of cat.dataItems) if (!used.has(d.id)) e(`dataItems ${d.id}`, "is not used by any indicator");
  for (const a of cat.outcomeAreas) {
    if (!cat.indicators.some((i) => i.outcomeArea === a.id)) e(`outcomeAreas ${a.id}`, "has no indicators");
  }
  return errs;
}

interface VersionState {
  raw: RawVersion;
  index?: QuestionIndex;
}

/** Run every check over a parsed definitions directory. Returns [] when all is well. */
export function checkDefinitions(input: DefinitionsInput, options: CheckOptions = {}): CheckError[] {
  const errs: CheckError[] = [];
  for (const [f, msg] of Object.entries(input.unreadable)) errs.push({ file: f, element: "(file)", message: `cannot read: ${msg}` });
  const states = new Map<string, VersionState>();

  for (const raw of input.versions) {
    const f = (name: string) => `${raw.dir}/${name}`;
    for (const [name, msg] of Object.entries(raw.unreadable)) errs.push({ file: f(name), element: "(file)", message: `cannot read: ${msg}` });
    const state: VersionState = { raw };
    states.set(`${raw.surveyId}@${raw.version}`, state);
    if (Object.keys(raw.unreadable).length > 0) continue;

    const catErr = schemaErrors("catalogue", raw.catalogue, f("catalogue.json"));
    const rulesErr = schemaErrors("rules", raw.rules, f("rules.json"));
    const qErr = schemaErrors("questionnaire", raw.questionnaire, f("questionnaire.json"));
    errs.push(...catErr, ...rulesErr, ...qErr);
    if (raw.version > 1 && raw.mapping === undefined) {
      errs.push({ file: f("mapping.json"), element: "(file)", message: `v${raw.version} needs a mapping.json from v${raw.version - 1}` });
    } else if (raw.mapping !== undefined) {
      errs.push(...schemaErrors("mapping", raw.mapping, f("mapping.json")));
    }
    if (catErr.length > 0 || qErr.length > 0) continue;

    const catalogue = raw.catalogue as Catalogue;
    const questionnaire = raw.questionnaire as QuestionnaireSource;
    errs.push(...checkCatalogue(catalogue, f("catalogue.json")));
    errs.push(...checkItemColumnTexts(questionnaire, f("questionnaire.json")));
    let survey: SurveyJson;
    try {
      survey = buildQuestionnaire(questionnaire, catalogue);
    } catch (err) {
      errs.push({ file: f("questionnaire.json"), element: "survey", message: `cannot build the survey: ${(err as Error).message}` });
      continue;
    }
    const index = questionIndex(survey);
    state.index = index;
    errs.push(...checkSurveyJson({ survey, index, qFile: f("questionnaire.json"), cFile: f("catalogue.json") }, catalogue));
    errs.push(...checkItemMatrices(index, catalogue, questionnaire, f("catalogue.json")));
    if (rulesErr.length === 0) errs.push(...checkRules(raw.rules as ScoringRules, index, questionnaire, f("rules.json")));
    errs.push(...checkContentQuality({ catalogue, questionnaire, index, rules: rulesErr.length === 0 ? (raw.rules as ScoringRules) : undefined, version: raw.version }, f));
  }

  // mappings (needs both versions' indexes)
  for (const state of states.values()) {
    const { raw } = state;
    if (raw.version < 2 || raw.mapping === undefined || !state.index) continue;
    const prev = states.get(`${raw.surveyId}@${raw.version - 1}`);
    const file = `${raw.dir}/mapping.json`;
    if (!prev) {
      errs.push({ file, element: "from", message: `v${raw.version - 1} of ${raw.surveyId} does not exist` });
      continue;
    }
    if (!prev.index || schemaErrors("mapping", raw.mapping, file).length > 0) continue;
    errs.push(...checkMapping(raw.mapping as VersionMapping, prev.index, state.index, raw.version, file));
  }

  // published versions unchanged
  const skip = new Set(options.skipPublishedHashFor ?? []);
  for (const [key, recorded] of Object.entries(input.published)) {
    const state = states.get(key);
    if (!state) {
      errs.push({ file: "published.json", element: key, message: "is published but its version folder does not exist" });
      continue;
    }
    if (skip.has(key) || Object.keys(state.raw.unreadable).length > 0) continue;
    const actual = definitionHash(state.raw);
    if (actual !== recorded) {
      errs.push({
        file: `${state.raw.dir}/`,
        element: key,
        message: `published version changed: published.json records ${recorded.slice(0, 12)}…, the files now hash to ${actual.slice(0, 12)}… (published versions are immutable; revert and make the change in a new version)`,
      });
    }
  }
  return errs;
}

/** "file: element: message" lines for printing. */
export function formatCheckErrors(errors: CheckError[]): string {
  return errors.map((e) => `${e.file}: ${e.element}: ${e.message}`).join("\n");
}
