/**
 * A compact index of the questions in a SurveyJS JSON: name -> type, choices, rows, columns...
 * Built by walking the JSON (no survey-core model), so it is cheap enough for autosave checks,
 * codebooks and exports. The checker verifies that it agrees with survey-core's own view.
 */
import type { LoadedDefinition, SurveyJson } from "./types.ts";

export interface ChoiceInfo {
  value: string | number | boolean;
  text: string;
  /** "other" / "none" items added by showOtherItem / showNoneItem */
  special?: "other" | "none";
}

export interface ColumnInfo {
  name: string;
  title: string;
  cellType: string; // matrixdropdown cell type ("dropdown", "text", ...); "choice" for a plain `matrix` column
  choices?: ChoiceInfo[];
  isRequired: boolean;
  visibleIf?: string;
  /** declared `ordinal: true`: the choices are an ordered scale */
  ordinal?: boolean;
}

export interface QuestionInfo {
  name: string;
  /** SurveyJS type: text, comment, radiogroup, dropdown, checkbox, tagbox, boolean, rating, matrix, matrixdropdown, ... */
  type: string;
  position: number; // 0-based order in the survey
  page: string; // page name
  pageTitle: string;
  title: string;
  description?: string;
  isRequired: boolean;
  visibleIf?: string;
  /** declared `ordinal: true`: the choices (or, for a matrix, its columns) are an ordered scale */
  ordinal?: boolean;
  inputType?: string; // for text questions
  min?: number;
  max?: number;
  maxLength?: number;
  /** choice questions (incl. rating, boolean): every storable value, with other/none items appended */
  choices?: ChoiceInfo[];
  hasOther: boolean; // answer text stored under `${name}-Comment`
  hasNone: boolean;
  /** matrix, matrixdropdown: rows */
  rows?: ChoiceInfo[];
  /** matrix (values a row can take), matrixdropdown (cell questions) */
  columns?: ColumnInfo[];
  /** the raw element JSON */
  json: Record<string, unknown>;
}

export type QuestionIndex = Record<string, QuestionInfo>;

/** Types that hold no answer. */
export const NON_VALUE_TYPES = new Set(["html", "image", "panel", "flowpanel"]);
export const CHOICE_TYPES = new Set(["radiogroup", "dropdown", "checkbox", "tagbox", "imagepicker", "ranking", "rating", "boolean"]);
export const MULTI_CHOICE_TYPES = new Set(["checkbox", "tagbox", "ranking"]);

export function textOf(v: unknown, fallback = ""): string {
  if (typeof v === "string") return v;
  if (v && typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.default === "string") return o.default;
    const first = Object.values(o).find((x) => typeof x === "string");
    if (typeof first === "string") return first;
  }
  return fallback;
}

export function normaliseChoices(raw: unknown): ChoiceInfo[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((c) => {
    if (c !== null && typeof c === "object") {
      const o = c as Record<string, unknown>;
      const value = o.value as string | number | boolean;
      return { value, text: textOf(o.text, String(value)) };
    }
    return { value: c as string | number, text: String(c) };
  });
}

function choicesOf(el: Record<string, unknown>, type: string): ChoiceInfo[] | undefined {
  if (type === "boolean") {
    return [
      { value: true, text: textOf(el.labelTrue, "Yes") },
      { value: false, text: textOf(el.labelFalse, "No") },
    ];
  }
  if (type === "rating") {
    if (Array.isArray(el.rateValues) && el.rateValues.length > 0) return normaliseChoices(el.rateValues);
    const min = typeof el.rateMin === "number" ? el.rateMin : 1;
    const max = typeof el.rateMax === "number" ? el.rateMax : 5;
    const step = typeof el.rateStep === "number" && el.rateStep > 0 ? el.rateStep : 1;
    const out: ChoiceInfo[] = [];
    for (let v = min; v <= max; v += step) out.push({ value: v, text: String(v) });
    return out;
  }
  if (!CHOICE_TYPES.has(type)) return undefined;
  const out = normaliseChoices(el.choices);
  if (el.showNoneItem) out.push({ value: "none", text: textOf(el.noneText, "None"), special: "none" });
  if (el.showOtherItem) out.push({ value: "other", text: textOf(el.otherText, "Other (describe)"), special: "other" });
  return out;
}

function columnsOf(el: Record<string, unknown>, type: string): ColumnInfo[] | undefined {
  if (type === "matrix") {
    return normaliseChoices(el.columns).map((c) => ({
      name: String(c.value),
      title: c.text,
      cellType: "choice",
      isRequired: false,
    }));
  }
  if (type !== "matrixdropdown" && type !== "matrixdynamic") return undefined;
  const defaultCell = typeof el.cellType === "string" ? el.cellType : "dropdown";
  const matrixChoices = el.choices;
  return ((el.columns as unknown[]) ?? []).map((raw) => {
    const c = raw as Record<string, unknown>;
    const cellType = typeof c.cellType === "string" && c.cellType !== "default" ? c.cellType : defaultCell;
    const col: ColumnInfo = {
      name: String(c.name),
      title: textOf(c.title, String(c.name)),
      cellType,
      isRequired: c.isRequired === true,
    };
    if (CHOICE_TYPES.has(cellType)) {
      col.choices = choicesOf({ ...c, choices: c.choices ?? matrixChoices }, cellType);
    }
    if (typeof c.visibleIf === "string") col.visibleIf = c.visibleIf;
    if (typeof c.ordinal === "boolean") col.ordinal = c.ordinal;
    return col;
  });
}

/** Walk every element (pages -> elements -> panels), calling `visit` with its page. */
export function walkElements(
  survey: SurveyJson,
  visit: (el: Record<string, unknown>, page: Record<string, unknown>) => void,
): void {
  const walk = (els: unknown, page: Record<string, unknown>) => {
    if (!Array.isArray(els)) return;
    for (const raw of els) {
      if (raw === null || typeof raw !== "object") continue;
      const el = raw as Record<string, unknown>;
      visit(el, page);
      if (Array.isArray(el.elements)) walk(el.elements, page);
      if (Array.isArray(el.templateElements)) walk(el.templateElements, page);
    }
  };
  const pages = Array.isArray(survey.pages) ? (survey.pages as Record<string, unknown>[]) : [];
  for (const page of pages) walk(page.elements, page);
  if (Array.isArray((survey as Record<string, unknown>).elements)) {
    walk((survey as Record<string, unknown>).elements, { name: "", title: "" });
  }
}

function buildIndex(survey: SurveyJson): QuestionIndex {
  const index: QuestionIndex = {};
  let position = 0;
  walkElements(survey, (el, page) => {
    const type = String(el.type ?? "");
    if (NON_VALUE_TYPES.has(type) || typeof el.name !== "string") return;
    const info: QuestionInfo = {
      name: el.name,
      type,
      position: position++,
      page: String(page.name ?? ""),
      pageTitle: textOf(page.title, String(page.name ?? "")),
      title: textOf(el.title, el.name),
      isRequired: el.isRequired === true,
      hasOther: el.showOtherItem === true,
      hasNone: el.showNoneItem === true,
      json: el,
    };
    const description = textOf(el.description);
    if (description) info.description = description;
    if (typeof el.visibleIf === "string") info.visibleIf = el.visibleIf;
    if (el.ordinal === true) info.ordinal = true;
    if (typeof el.inputType === "string") info.inputType = el.inputType;
    if (typeof el.min === "number") info.min = el.min;
    if (typeof el.max === "number") info.max = el.max;
    if (typeof el.maxLength === "number") info.maxLength = el.maxLength;
    const choices = choicesOf(el, type);
    if (choices) info.choices = choices;
    if (type === "matrix" || type === "matrixdropdown") info.rows = normaliseChoices(el.rows);
    const columns = columnsOf(el, type);
    if (columns) info.columns = columns;
    // first one wins; duplicate names are reported by the checker
    if (!(el.name in index)) index[el.name] = info;
  });
  return index;
}

const cache = new WeakMap<object, QuestionIndex>();

/** name -> QuestionInfo for every answer-holding question, in survey order. Cached per survey object. */
export function questionIndex(def: Pick<LoadedDefinition, "survey"> | SurveyJson): QuestionIndex {
  const survey = ("survey" in def && def.survey && typeof def.survey === "object" && !Array.isArray(def.survey)
    ? def.survey
    : def) as SurveyJson;
  let idx = cache.get(survey);
  if (!idx) {
    idx = buildIndex(survey);
    cache.set(survey, idx);
  }
  return idx;
}

/** The values a single-choice answer (or each element of a multi-choice answer) may take. */
export function allowedValues(q: QuestionInfo): Set<string> | undefined {
  return q.choices ? new Set(q.choices.map((c) => String(c.value))) : undefined;
}
