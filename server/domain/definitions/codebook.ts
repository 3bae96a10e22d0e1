/**
 * The codebook: one variable per column of a flat responses file, generated from a definition.
 *
 * Naming (stable: derived from names, never from positions, so adding a question does not rename
 * others; valid in SPSS and Stata: /^[A-Za-z][A-Za-z0-9_]{0,31}$/, unique ignoring case):
 *   single answer                     <question>                 e.g. cms_product
 *   "other" text of a choice question <question>_other_txt       e.g. cms_product_other_txt
 *   checkbox                          <question>_<choice>  (0/1) e.g. bi_tools_power_bi
 *   matrix                            <question>_<row>           e.g. link_partners_health
 *   data-item matrix (items_<area>)   <item id>_<rec|ext|cmp|his> e.g. di_referral_date_rec
 *   other matrixdropdown              <question>_<row>_<column>
 * A name that would be longer than 32 characters, or that clashes with another, is shortened to
 * 26 characters plus "_" and a 5-character hash of its full path (deterministic).
 *
 * Value codes: choices are numbered 1..n in the order shown, except "dont_know" = 99, the
 * "none" item (showNoneItem) = 98 and the "other" item (showOtherItem) = 97; choices whose values
 * are whole numbers (years, counts) keep the number as their code; booleans are 1 = true,
 * 0 = false; checkbox flags 1 = selected, 0 = not selected (null when unanswered).
 *
 * Missing values (CodebookVariable.missing): 99 "Don't know" always; 98 "None" and 97 "Other" on
 * ordered scales (where they are not a point of the scale); -1 "Not asked" on every numeric variable
 * whose question the routing (visibleIf) can hide. An empty cell means asked but not answered.
 */
import { createHash } from "node:crypto";
import { questionIndex, MULTI_CHOICE_TYPES, type ChoiceInfo, type QuestionInfo } from "./question-index.ts";
import { canBeRoutedOut, routingOf } from "./routing.ts";
import {
  ITEM_ASPECTS,
  itemMatrixNames,
  type Catalogue,
  type Codebook,
  type CodebookVariable,
  type ItemAspect,
  type LoadedDefinition,
  type MissingCode,
} from "./types.ts";

export type CodebookSource = Pick<LoadedDefinition, "surveyId" | "version" | "hash" | "survey" | "catalogue">;

export const ASPECT_ABBREVIATIONS: Record<ItemAspect, string> = {
  recorded: "rec",
  extractable: "ext",
  completeness: "cmp",
  history: "his",
};

export const DONT_KNOW_CODE = 99;
export const NONE_CODE = 98;
export const OTHER_CODE = 97;
export const NOT_ASKED_CODE = -1;
export const NOT_ASKED_LABEL = "Not asked";
export const VARIABLE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/;

const SKIPPED_TYPES = new Set(["html", "image", "signaturepad", "file"]);

/** 5 characters of a hash of `s` (base 36): keeps shortened names unique and stable. */
export function shortHash(s: string): string {
  return parseInt(createHash("sha256").update(s).digest("hex").slice(0, 10), 16).toString(36).slice(0, 5).padStart(5, "0");
}

function sanitise(s: string): string {
  let out = s.replace(/[^A-Za-z0-9_]/g, "_").replace(/_+/g, "_");
  if (!/^[A-Za-z]/.test(out)) out = `v_${out}`;
  return out;
}

function hashedName(base: string, key: string): string {
  return `${sanitise(base).slice(0, 26).replace(/_+$/, "")}_${shortHash(key)}`;
}

const RESERVED_CODES = new Set([DONT_KNOW_CODE, NONE_CODE, OTHER_CODE, NOT_ASKED_CODE]);

/** A choice value that is a whole number (e.g. a year "2019") and can be its own code. */
function numericCode(value: ChoiceInfo["value"]): number | undefined {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  if (typeof value === "string" && /^-?\d{1,9}$/.test(value)) return Number(value);
  return undefined;
}

function valueCodes(choices: ChoiceInfo[]): CodebookVariable["values"] {
  // Whole-number choices keep their number as the code (a year is coded as the year) unless that
  // would clash with a reserved code or another choice; the others are numbered 1..n around them.
  const numeric = choices.map((c) => (c.special || c.value === "dont_know" || typeof c.value === "boolean" ? undefined : numericCode(c.value)));
  const kept = numeric.filter((n): n is number => n !== undefined);
  const keepNumbers = kept.length > 0 && kept.every((n) => !RESERVED_CODES.has(n)) && new Set(kept).size === kept.length;
  const used = new Set(keepNumbers ? kept : []);
  let n = 0;
  return choices.map((c, i) => {
    let code: number;
    if (c.special === "other") code = OTHER_CODE;
    else if (c.special === "none") code = NONE_CODE;
    else if (c.value === "dont_know") code = DONT_KNOW_CODE;
    else if (c.value === true) code = 1;
    else if (c.value === false) code = 0;
    else if (keepNumbers && numeric[i] !== undefined) code = numeric[i]!;
    else {
      do n++;
      while (used.has(n) || RESERVED_CODES.has(n));
      code = n;
    }
    return { code, value: c.value, label: c.text };
  });
}

/** The variable's missing-value codes (see the header comment). */
function missingCodes(d: Pick<CodebookVariable, "values" | "measure" | "path">, routable: boolean, q: QuestionInfo | undefined): MissingCode[] {
  const out: MissingCode[] = [];
  const min = q?.min;
  // a check-box answered only "Don't know" says nothing about each other choice: its flags are Don't know, not 0
  const dontKnow = d.path.kind === "choice_flag" ? q?.choices?.find((c) => c.value === "dont_know") : undefined;
  if (dontKnow && d.path.kind === "choice_flag" && d.path.choice !== "dont_know") out.push({ code: DONT_KNOW_CODE, label: dontKnow.text, reason: "dont_know" });
  if (d.path.kind !== "choice_flag") {
    for (const v of d.values) {
      if (v.code === DONT_KNOW_CODE && v.value === "dont_know") out.push({ code: v.code, label: v.label, reason: "dont_know" });
      else if (d.measure === "ordinal" && v.code === NONE_CODE && v.value === "none") out.push({ code: v.code, label: v.label, reason: "none" });
      else if (d.measure === "ordinal" && v.code === OTHER_CODE && v.value === "other") out.push({ code: v.code, label: v.label, reason: "other" });
    }
  }
  // -1 only where it cannot be a real answer: coded variables, and numbers that cannot be negative
  const numeric = d.values.length > 0 || (d.measure === "scale" && min !== undefined && min >= 0);
  if (routable && numeric) out.push({ code: NOT_ASKED_CODE, label: NOT_ASKED_LABEL, reason: "not_asked" });
  return out;
}

const FLAG_VALUES: CodebookVariable["values"] = [
  { code: 0, value: 0, label: "Not selected" },
  { code: 1, value: 1, label: "Selected" },
];

function scalarMeasure(q: QuestionInfo): CodebookVariable["measure"] {
  if (q.ordinal && q.choices) return "ordinal";
  if (q.type === "text") {
    if (q.inputType === "number" || q.inputType === "range") return "scale";
    if (q.inputType === "date" || q.inputType === "datetime-local" || q.inputType === "month") return "date";
    return "string";
  }
  if (q.type === "expression") return "scale";
  if (q.type === "rating") return "ordinal";
  if (q.choices) return "nominal";
  return "string";
}

/** The generated data-item aspect columns are graded best to worst, so ordered unless declared `ordinal: false`. */
function isOrderedAspect(col: { name: string; ordinal?: boolean }): boolean {
  return ITEM_ASPECTS.includes(col.name as ItemAspect) && col.ordinal !== false;
}

interface Draft extends Omit<CodebookVariable, "name" | "missing"> {
  base: string;
  key: string; // full path, for hashing
}

function itemLinks(catalogue: Catalogue): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (const ind of catalogue.indicators) {
    for (const ref of ind.dataItems) {
      const list = links.get(ref.id) ?? [];
      if (!list.includes(ind.id)) list.push(ind.id);
      links.set(ref.id, list);
    }
  }
  return links;
}

/** Build the codebook of one definition version. Pure and deterministic. */
export function buildCodebook(def: CodebookSource): Codebook {
  const index = questionIndex(def.survey);
  const routing = routingOf(def.survey);
  const itemMatrices = itemMatrixNames(def.catalogue);
  const dataItemIds = new Set(def.catalogue.dataItems.map((d) => d.id));
  const links = itemLinks(def.catalogue);
  const drafts: Draft[] = [];

  for (const q of Object.values(index)) {
    if (SKIPPED_TYPES.has(q.type)) continue;
    const common = { section: q.pageTitle, questionName: q.name, questionType: q.type, indicatorIds: [] as string[] };
    if (q.type === "matrix") {
      const values = valueCodes((q.columns ?? []).map((c) => ({ value: c.name, text: c.title })));
      for (const row of q.rows ?? []) {
        drafts.push({
          ...common,
          base: `${q.name}_${row.value}`,
          key: `${q.name}/${row.value}`,
          label: `${q.title}: ${row.text}`,
          labelParts: { detail: row.text, stem: q.title },
          path: { kind: "matrix_row", question: q.name, row: String(row.value) },
          measure: q.ordinal ? "ordinal" : "nominal",
          values,
        });
      }
    } else if (q.type === "matrixdropdown") {
      const isItemMatrix = itemMatrices.has(q.name);
      for (const row of q.rows ?? []) {
        const rowId = String(row.value);
        const isItem = isItemMatrix && dataItemIds.has(rowId);
        for (const col of q.columns ?? []) {
          const abbr = isItem ? ASPECT_ABBREVIATIONS[col.name as ItemAspect] : undefined;
          const choiceCell = col.choices !== undefined && !MULTI_CHOICE_TYPES.has(col.cellType);
          drafts.push({
            ...common,
            base: abbr ? `${rowId}_${abbr}` : `${q.name}_${rowId}_${col.name}`,
            key: `${q.name}/${rowId}/${col.name}`,
            label: `${row.text}: ${col.title}`,
            path: { kind: "matrix_cell", question: q.name, row: rowId, column: col.name },
            measure: !choiceCell ? "string" : col.ordinal || (isItem && isOrderedAspect(col)) ? "ordinal" : "nominal",
            values: choiceCell ? valueCodes(col.choices ?? []) : [],
            indicatorIds: isItem ? [...(links.get(rowId) ?? [])] : [],
            ...(isItem ? { dataItemId: rowId } : {}),
          });
        }
      }
    } else if (MULTI_CHOICE_TYPES.has(q.type)) {
      for (const choice of q.choices ?? []) {
        drafts.push({
          ...common,
          base: `${q.name}_${String(choice.value)}`,
          key: `${q.name}/${String(choice.value)}`,
          label: `${q.title}: ${choice.text}`,
          labelParts: { detail: choice.text, stem: q.title },
          path: { kind: "choice_flag", question: q.name, choice: String(choice.value) },
          measure: "nominal",
          values: FLAG_VALUES,
        });
      }
    } else {
      drafts.push({
        ...common,
        base: q.name,
        key: q.name,
        label: q.title,
        path: { kind: "value", question: q.name },
        measure: scalarMeasure(q),
        values: q.choices ? valueCodes(q.choices) : [],
      });
    }
    if (q.hasOther) {
      drafts.push({
        ...common,
        base: `${q.name}_other_txt`,
        key: `${q.name}-Comment`,
        label: `${q.title}: other (text)`,
        labelParts: { detail: "Other (text)", stem: q.title },
        path: { kind: "comment", question: q.name },
        measure: "string",
        values: [],
      });
    }
  }

  // names: sanitised base; too long or clashing (case-insensitively) -> shortened + hash
  const candidates = drafts.map((d) => {
    const s = sanitise(d.base);
    return s.length <= 32 ? s : hashedName(d.base, d.key);
  });
  const counts = new Map<string, number>();
  for (const c of candidates) counts.set(c.toLowerCase(), (counts.get(c.toLowerCase()) ?? 0) + 1);
  const variables: CodebookVariable[] = drafts.map((d, i) => {
    const { base: _base, key, ...rest } = d;
    const name = (counts.get(candidates[i].toLowerCase()) ?? 0) > 1 ? hashedName(d.base, key) : candidates[i];
    const missing = missingCodes(rest, canBeRoutedOut(routing, rest.path), index[rest.questionName]);
    return { name, ...rest, missing };
  });
  return { surveyId: def.surveyId, version: def.version, hash: def.hash, variables };
}

/**
 * The codebook with a "Not asked" code also on the coded variables of `questions` (questions added
 * after a version some responses answered: those LAs were never asked them). Same object when
 * nothing changes.
 */
export function withNotAskedFor(codebook: Codebook, questions: ReadonlySet<string>): Codebook {
  let changed = false;
  const variables = codebook.variables.map((v) => {
    if (!questions.has(v.questionName) || v.values.length === 0 || v.missing.some((m) => m.reason === "not_asked")) return v;
    changed = true;
    return { ...v, missing: [...v.missing, { code: NOT_ASKED_CODE, label: NOT_ASKED_LABEL, reason: "not_asked" as const }] };
  });
  return changed ? { ...codebook, variables } : codebook;
}

// ---------------------------------------------------------------------------------------------
// Flattening one response into codebook variables (for exports). No survey-core model involved.

type Cell = string | number | null;
type Getter = (data: Record<string, unknown>) => unknown;

interface CompiledVariable {
  name: string;
  path: CodebookVariable["path"];
  /** the variable has a "Not asked" code */
  routable: boolean;
  /** a check-box flag coded Don't know (99) when the answer is only "Don't know" */
  flagDontKnow: boolean;
  get: Getter;
  kind: CodebookVariable["path"]["kind"];
  choice?: string;
  codes?: Map<string, { code: number; label: string }>;
}

const compiledCache = new WeakMap<Codebook, CompiledVariable[]>();

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function compile(codebook: Codebook): CompiledVariable[] {
  let compiled = compiledCache.get(codebook);
  if (compiled) return compiled;
  compiled = codebook.variables.map((v) => {
    const p = v.path;
    let get: Getter;
    switch (p.kind) {
      case "value":
      case "choice_flag":
        get = (d) => d[p.question];
        break;
      case "comment": {
        const key = `${p.question}-Comment`;
        get = (d) => d[key];
        break;
      }
      case "matrix_row":
        get = (d) => asObject(d[p.question])?.[p.row];
        break;
      case "matrix_cell":
        get = (d) => asObject(asObject(d[p.question])?.[p.row])?.[p.column];
        break;
    }
    const c: CompiledVariable = { name: v.name, path: p, routable: (v.missing ?? []).some((m) => m.reason === "not_asked"), flagDontKnow: p.kind === "choice_flag" && (v.missing ?? []).some((m) => m.code === DONT_KNOW_CODE), get, kind: p.kind };
    if (p.kind === "choice_flag") c.choice = p.choice;
    if (v.values.length > 0 && p.kind !== "choice_flag") {
      c.codes = new Map(v.values.map((x) => [String(x.value), { code: x.code, label: x.label }]));
    }
    return c;
  });
  compiledCache.set(codebook, compiled);
  return compiled;
}

function plain(v: unknown): Cell {
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  return JSON.stringify(v);
}

/** What encodeResponse needs to know about one response beyond its answers. */
export interface EncodeOptions {
  /** true when the questionnaire's routing hid this variable's question from the respondent (see routing.ts routedOut) */
  notAsked?: (path: CodebookVariable["path"]) => boolean;
}

/**
 * Flatten one response's data into { variableName: value } following the codebook.
 * mode "codes": numeric codes for coded variables; "labels": their labels. Unanswered -> null;
 * routed out (options.notAsked) -> the "Not asked" code (-1) or label, for variables that have one.
 * A stored value that the codebook does not know is passed through unchanged (never dropped).
 */
export function encodeResponse(
  codebook: Codebook,
  data: Record<string, unknown> | null | undefined,
  mode: "codes" | "labels" = "codes",
  options: EncodeOptions = {},
): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  const d = data ?? {};
  const notAsked = (v: CompiledVariable): string | number | null =>
    v.routable && options.notAsked?.(v.path) ? (mode === "codes" ? NOT_ASKED_CODE : NOT_ASKED_LABEL) : null;
  for (const v of compile(codebook)) {
    const raw = v.get(d);
    if (v.kind === "choice_flag") {
      if (!Array.isArray(raw) || raw.length === 0) out[v.name] = notAsked(v);
      else {
        const selected = raw.some((x) => String(x) === v.choice);
        if (!selected && v.flagDontKnow && raw.every((x) => x === "dont_know")) out[v.name] = mode === "codes" ? DONT_KNOW_CODE : "Don't know";
        else out[v.name] = mode === "codes" ? (selected ? 1 : 0) : selected ? "Selected" : "Not selected";
      }
      continue;
    }
    if (isEmpty(raw)) {
      out[v.name] = notAsked(v);
      continue;
    }
    if (v.codes) {
      const hit = v.codes.get(String(raw));
      out[v.name] = hit ? (mode === "codes" ? hit.code : hit.label) : plain(raw);
    } else {
      out[v.name] = plain(raw);
    }
  }
  return out;
}

/**
 * The inverse of encodeResponse(…, "codes"): rebuild response data from a flat row. Used to
 * check round trips and to import coded files.
 */
export function decodeResponse(codebook: Codebook, row: Record<string, string | number | null>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const byName = new Map(codebook.variables.map((v) => [v.name, v]));
  for (const [name, cell] of Object.entries(row)) {
    const v = byName.get(name);
    if (!v || cell === null) continue;
    if (cell === NOT_ASKED_CODE && v.missing.some((m) => m.reason === "not_asked")) continue; // routed out: no answer
    const p = v.path;
    const coded = v.values.find((x) => x.code === cell);
    const value = p.kind === "choice_flag" ? cell : coded && p.kind !== "comment" ? coded.value : cell;
    switch (p.kind) {
      case "value":
        data[p.question] = value;
        break;
      case "comment":
        data[`${p.question}-Comment`] = value;
        break;
      case "choice_flag": {
        const list = (data[p.question] as unknown[] | undefined) ?? [];
        if (value === 1) list.push(p.choice);
        data[p.question] = list;
        break;
      }
      case "matrix_row": {
        const m = (data[p.question] as Record<string, unknown> | undefined) ?? {};
        m[p.row] = value;
        data[p.question] = m;
        break;
      }
      case "matrix_cell": {
        const m = (data[p.question] as Record<string, Record<string, unknown>> | undefined) ?? {};
        m[p.row] = { ...(m[p.row] ?? {}), [p.column]: value };
        data[p.question] = m;
        break;
      }
    }
  }
  return data;
}
