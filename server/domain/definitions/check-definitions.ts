/**
 * The definitions checker: pure (takes parsed files, returns errors). Each error names the file,
 * the element and what is wrong. Run by `npm run definitions:check` and by the test suite.
 *
 * Checks, per version folder:
 *  - JSON schemas of catalogue, rules, questionnaire (and mapping from v2 on)
 *  - catalogue consistency: unique ids; areas, populations, data items referenced exist; every
 *    data item used by an indicator; national return fields consistent
 *  - the generated SurveyJS JSON: element types exist; question names unique; enumerated
 *    properties take allowed values (e.g. progressBarLocation); the model loads in survey-core;
 *    validateExpressions() is clean; survey-core sees the same questions as our question index
 *  - every catalogue data item has its matrix row with its kind's aspect columns and the version's choices
 *  - content quality (check-content-quality.ts): what a methodologist's review found by hand
 *  - rules reference existing aspects, choice values and questions (capability dimensions)
 *  - published versions unchanged (hash vs published.json)
 *  - mappings complete: every old question carried over (same name or mapped) or dropped with a
 *    reason; every old choice value and matrix row has a counterpart in the new version
 */
import { Compile } from "typebox/compile";
import { Serializer } from "survey-core";
import { aspectChoiceValues, buildQuestionnaire, type QuestionnaireSource } from "./build-questionnaire.ts";
import { CatalogueSchema, MappingSchema, QuestionnaireSchema, RulesSchema } from "./definition-schemas.ts";
import { definitionHash } from "./definition-hash.ts";
import type { DefinitionsInput, RawVersion } from "./load-definitions.ts";
import { questionIndex, walkElements, type QuestionIndex, type QuestionInfo } from "./question-index.ts";
import { createSurveyModel } from "./survey-runtime.ts";
import { checkContentQuality } from "./check-content-quality.ts";
import { checkMapping } from "./check-mapping.ts";
import { checkRules } from "./check-rules.ts";
import {
  ITEM_ASPECTS,
  itemMatrixName,
  itemMatrixNames,
  type Catalogue,
  type ItemAspect,
  type ScoringRules,
  type SurveyJson,
  type VersionMapping,
} from "./types.ts";

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

function dupes(values: string[]): string[] {
  const seen = new Set<string>();
  const d = new Set<string>();
  for (const v of values) (seen.has(v) ? d : seen).add(v);
  return [...d];
}

// ---------------------------------------------------------------------------------------------

function checkCatalogue(cat: Catalogue, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const e = (element: string, message: string) => errs.push({ file, element, message });
  for (const id of dupes(cat.outcomeAreas.map((a) => a.id))) e(`outcomeAreas ${id}`, "duplicate outcome area id");
  for (const id of dupes(cat.populations.map((p) => p.id))) e(`populations ${id}`, "duplicate population id");
  for (const id of dupes(cat.dataItems.map((d) => d.id))) e(`dataItems ${id}`, "duplicate data item id");
  for (const id of dupes(cat.indicators.map((i) => i.id))) e(`indicators ${id}`, "duplicate indicator id");
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
    for (const id of dupes(ind.dataItems.map((r) => r.id))) e(el, `data item "${id}" is listed twice`);
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

// ---------------------------------------------------------------------------------------------

interface SurveyCheckContext {
  survey: SurveyJson;
  index: QuestionIndex;
  qFile: string;
  cFile: string;
}

function enumErrors(className: string, obj: Record<string, unknown>, element: string, file: string): CheckError[] {
  const errs: CheckError[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value !== "string") continue;
    const prop = Serializer.findProperty(className, key);
    if (!prop) continue;
    const choices = (prop as unknown as { getChoices?: (o: unknown) => unknown }).getChoices?.(null);
    if (!Array.isArray(choices) || choices.length === 0) continue;
    const allowed = choices.map((c) => (c !== null && typeof c === "object" ? String((c as { value: unknown }).value) : String(c)));
    if (!allowed.includes(value)) {
      errs.push({ file, element, message: `${key} "${value}" is not allowed by survey-core ${"3.0.0"}; use one of ${allowed.join("|")}` });
    }
  }
  return errs;
}

function checkSurveyJson(ctx: SurveyCheckContext, catalogue: Catalogue): CheckError[] {
  const { survey, index, qFile, cFile } = ctx;
  const errs: CheckError[] = [];
  const generatedMatrices = itemMatrixNames(catalogue);
  const fileOf = (name: string) => (generatedMatrices.has(name) ? cFile : qFile);

  // survey-level enumerated settings
  const settings = Object.fromEntries(Object.entries(survey).filter(([k]) => k !== "pages"));
  errs.push(...enumErrors("survey", settings, "survey settings", qFile));

  // element types known, names unique, enumerated properties valid
  const names: string[] = [];
  const pageNames = ((survey.pages ?? []) as Record<string, unknown>[]).map((p) => String(p.name));
  for (const d of dupes(pageNames)) errs.push({ file: qFile, element: `page ${d}`, message: "duplicate page name" });
  walkElements(survey, (el) => {
    const type = String(el.type ?? "");
    const name = typeof el.name === "string" ? el.name : "";
    const element = `question ${name || "(unnamed)"}`;
    if (!name) errs.push({ file: qFile, element, message: `element of type "${type}" has no name` });
    else names.push(name);
    if (!Serializer.findClass(type)) {
      errs.push({ file: fileOf(name), element, message: `unknown element type "${type}" (survey-core would silently drop it)` });
      return;
    }
    errs.push(...enumErrors(type, el, element, fileOf(name)));
    if (Array.isArray(el.columns) && (type === "matrixdropdown" || type === "matrixdynamic")) {
      for (const c of el.columns as Record<string, unknown>[]) {
        errs.push(...enumErrors("matrixdropdowncolumn", c, `${element} column ${String(c.name)}`, fileOf(name)));
      }
    }
  });
  for (const d of dupes(names)) errs.push({ file: fileOf(d), element: `question ${d}`, message: "duplicate question name" });

  // `ordinal: true` only means something on a scale of choices
  for (const q of Object.values(index)) {
    if (q.ordinal && !q.choices && q.type !== "matrix") {
      errs.push({ file: fileOf(q.name), element: `question ${q.name}`, message: "ordinal: true needs choices (an ordered scale); this question has none" });
    }
    for (const c of q.columns ?? []) {
      if (c.ordinal && !c.choices) {
        errs.push({ file: fileOf(q.name), element: `question ${q.name} column ${c.name}`, message: "ordinal: true needs choices (an ordered scale); this column has none" });
      }
    }
  }

  // choice values unique within each question / column
  for (const q of Object.values(index)) {
    const lists: [string, { value: unknown }[] | undefined][] = [["choices", q.choices], ["rows", q.rows]];
    for (const c of q.columns ?? []) lists.push([`column ${c.name} choices`, c.choices]);
    for (const [what, list] of lists) {
      for (const d of dupes((list ?? []).map((c) => String(c.value)))) {
        errs.push({ file: fileOf(q.name), element: `question ${q.name}`, message: `duplicate value "${d}" in ${what}` });
      }
    }
  }

  // literal values compared with a question in conditions must be choices of that question
  const conditionOwners: { owner: string; expr: string; columns?: QuestionInfo["columns"] }[] = [];
  walkElements(survey, (el) => {
    const name = String(el.name ?? "");
    for (const key of ["visibleIf", "enableIf", "requiredIf"]) {
      if (typeof el[key] === "string") conditionOwners.push({ owner: name, expr: el[key] as string });
    }
    for (const c of (Array.isArray(el.columns) ? el.columns : []) as Record<string, unknown>[]) {
      for (const key of ["visibleIf", "enableIf", "requiredIf"]) {
        if (typeof c[key] === "string") conditionOwners.push({ owner: `${name}.${String(c.name)}`, expr: c[key] as string, columns: index[name]?.columns });
      }
    }
  });
  for (const { owner, expr, columns } of conditionOwners) {
    for (const m of expr.matchAll(CONDITION_LITERAL)) {
      const [, variable, , list] = m;
      const literals = [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]);
      let allowed: string[] | undefined;
      let subject = variable;
      if (variable.startsWith("row.")) {
        const col = columns?.find((c) => c.name === variable.slice(4));
        allowed = col?.choices?.map((c) => String(c.value));
      } else {
        const q = index[variable];
        allowed = q?.choices?.map((c) => String(c.value));
        subject = q ? variable : subject;
      }
      if (!allowed) continue;
      for (const lit of literals) {
        if (!allowed.includes(lit)) {
          errs.push({ file: fileOf(owner.split(".")[0]), element: `question ${owner}`, message: `condition "${expr}" compares {${variable}} with "${lit}", which is not one of its choices (${allowed.join("|")})` });
        }
      }
    }
  }

  // the model loads; expressions valid; survey-core sees the same questions
  let model: ReturnType<typeof createSurveyModel> | undefined;
  try {
    model = createSurveyModel(survey);
  } catch (err) {
    errs.push({ file: qFile, element: "survey", message: `survey-core cannot load the survey: ${(err as Error).message}` });
    return errs;
  }
  try {
    // properties survey-core does not know (typos such as "visibleif") are ignored silently at run time
    const jsonErrors = ((model as unknown as { jsonErrors?: { type?: string; message?: string; propertyName?: string; element?: { name?: string } }[] }).jsonErrors ?? []);
    for (const je of jsonErrors) {
      const owner = je.element?.name ?? "";
      errs.push({
        file: fileOf(owner),
        element: owner ? `question ${owner}` : "survey settings",
        message: `${je.message ?? `survey-core JSON error (${je.type})`} survey-core ignores it.`,
      });
    }
    const modelNames = model.getAllQuestions(false).map((q) => q.name).filter((n) => n in index || !["html", "image"].includes(String(model!.getQuestionByName(n)?.getType())));
    const missing = modelNames.filter((n) => !(n in index));
    const extra = Object.keys(index).filter((n) => !model!.getQuestionByName(n));
    for (const n of missing) errs.push({ file: fileOf(n), element: `question ${n}`, message: "survey-core sees this question but the question index does not" });
    for (const n of extra) errs.push({ file: fileOf(n), element: `question ${n}`, message: "the question index has this question but survey-core dropped it" });

    const originalWarn = console.warn;
    console.warn = () => {};
    let results: ReturnType<typeof model.validateExpressions>;
    try {
      results = model.validateExpressions();
    } finally {
      console.warn = originalWarn;
    }
    for (const r of results) {
      const obj = r.obj as unknown as Record<string, unknown> & { getType?: () => string; colOwner?: { name?: string } };
      const owner = ownerName(obj);
      const isColumn = obj.getType?.() === "matrixdropdowncolumn";
      for (const e of r.errors as { errorType: number; variableName?: string; functionName?: string }[]) {
        // {row.<column>} inside a matrix column's condition is valid but reported as unknown by 3.0.0
        if (isColumn && e.variableName?.startsWith("row.")) {
          const matrix = obj.colOwner?.name ? index[obj.colOwner.name] : undefined;
          if (matrix?.columns?.some((c) => c.name === e.variableName!.slice(4))) continue;
        }
        const what = e.functionName
          ? `unknown function "${e.functionName}" (register it in survey-definitions/functions.ts)`
          : e.variableName
            ? `unknown variable "{${e.variableName}}" (no question, row column or calculated value has that name)`
            : `invalid expression (error type ${e.errorType})`;
        errs.push({ file: fileOf(owner), element: `question ${owner} ${r.propertyName}`, message: what });
      }
    }
  } finally {
    model.dispose();
  }
  return errs;
}

const CONDITION_LITERAL = /\{([A-Za-z0-9_.]+)\}\s*(=|==|<>|!=|anyof|allof|noneof|contains|notcontains)\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/gi;

function ownerName(obj: Record<string, unknown> & { colOwner?: { name?: string } }): string {
  // validators and columns do not carry the question name; find the owning question
  const o = obj as { name?: unknown; errorOwner?: { name?: string }; owner?: { name?: string }; colOwner?: { name?: string } };
  if (o.colOwner?.name) return `${o.colOwner.name}.${String(o.name)}`;
  if (o.errorOwner?.name) return o.errorOwner.name;
  if (typeof o.name === "string" && o.name) return o.name;
  if (o.owner?.name) return o.owner.name;
  return "(unknown)";
}

function checkItemMatrices(index: QuestionIndex, catalogue: Catalogue, questionnaire: QuestionnaireSource, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const matrices = new Map<string, { items: string[]; aspects: readonly ItemAspect[] }>();
  for (const d of catalogue.dataItems) {
    const name = itemMatrixName(d);
    const kind = d.kind && d.kind !== "child_record" ? d.kind : undefined;
    const aspects = kind ? ITEM_ASPECTS.filter((a) => questionnaire.itemPages.kindPages?.[kind]?.columns.includes(a)) : ITEM_ASPECTS;
    const m = matrices.get(name) ?? { items: [], aspects };
    m.items.push(d.id);
    matrices.set(name, m);
    const q = index[name];
    if (!q || !(q.rows ?? []).some((r) => String(r.value) === d.id)) {
      errs.push({ file, element: `dataItems ${d.id}`, message: `has no row in a matrix "${name}" of the questionnaire` });
    }
  }
  for (const [name, { items, aspects }] of matrices) {
    const q = index[name];
    if (!q) continue;
    if (q.type !== "matrixdropdown") errs.push({ file, element: `question ${name}`, message: `must be a matrixdropdown, not ${q.type}` });
    for (const r of q.rows ?? []) {
      if (!items.includes(String(r.value))) errs.push({ file, element: `question ${name}`, message: `row "${String(r.value)}" is not a data item asked in ${name}` });
    }
    for (const aspect of aspects) {
      const col = q.columns?.find((c) => c.name === aspect);
      if (!col) {
        errs.push({ file, element: `question ${name}`, message: `missing aspect column "${aspect}"` });
        continue;
      }
      const got = (col.choices ?? []).map((c) => String(c.value));
      const want = aspectChoiceValues(questionnaire, aspect);
      if (got.join("|") !== want.join("|")) {
        errs.push({ file, element: `question ${name} column ${aspect}`, message: `choices ${got.join("|")} differ from itemPages.columns.${aspect} ${want.join("|")}` });
      }
    }
  }
  return errs;
}

function checkItemColumnTexts(q: QuestionnaireSource, file: string): CheckError[] {
  const errs: CheckError[] = [];
  for (const aspect of ITEM_ASPECTS) {
    const values = aspectChoiceValues(q, aspect);
    if (!values.includes("dont_know")) errs.push({ file, element: `itemPages.columns.${aspect}`, message: `needs a "dont_know" choice` });
  }
  const recorded = aspectChoiceValues(q, "recorded");
  for (const v of q.itemPages.shownWhenRecorded) {
    if (!recorded.includes(v)) errs.push({ file, element: "itemPages.shownWhenRecorded", message: `"${v}" is not a choice of the recorded column (${recorded.join("|")})` });
  }
  for (const [kind, page] of Object.entries(q.itemPages.kindPages ?? {})) {
    for (const [aspect, texts] of Object.entries(page?.columnTexts ?? {})) {
      if (!page!.columns.includes(aspect as ItemAspect)) errs.push({ file, element: `itemPages.kindPages.${kind}.columnTexts.${aspect}`, message: "is not one of the page's columns" });
      for (const v of Object.keys(texts?.choices ?? {})) {
        if (!aspectChoiceValues(q, aspect as ItemAspect).includes(v)) errs.push({ file, element: `itemPages.kindPages.${kind}.columnTexts.${aspect}`, message: `"${v}" is not a choice of ${aspect}` });
      }
    }
  }
  if (q.itemPages.insertBefore && !q.pages.some((p) => p.name === q.itemPages.insertBefore)) {
    errs.push({ file, element: "itemPages.insertBefore", message: `page "${q.itemPages.insertBefore}" does not exist` });
  }
  return errs;
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------

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
