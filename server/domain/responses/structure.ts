/**
 * The answer structure of one definition version, compiled once (with survey-core, at load time)
 * so that autosave can check question names and value shapes without building a survey-core
 * Model per request (a Model costs 100-280 ms for a 300-question survey; see notes/tech/07).
 *
 * Change keys (the keys of PATCH /api/respondent/response `changes`):
 *   "<question>"            the whole value of a question (null clears it)
 *   "<question>-Comment"    the comment / "other" text of a question that has one (string or null)
 *   "<matrix>.<row>"        one row of a `matrix` or `matrixdropdown` question (null clears the row):
 *                           for `matrix` the column value, for `matrixdropdown` an object {column: cell value}
 *   "<matrix>" with an object value {row: rowValue|null, ...} is shorthand for the listed rows only
 *   (rows not listed are left alone); "<matrix>": null clears every row.
 * Each matrix row is a separate field for merging, so colleagues can fill different rows at once.
 */
import { Model } from "survey-core";
import type { SurveyJson } from "../definitions/types.ts";

export type ValueSpec =
  | { kind: "any" }
  | { kind: "string"; maxLength?: number }
  | { kind: "string_or_number"; maxLength?: number }
  | { kind: "boolean"; values: unknown[] }
  | { kind: "choice"; choices: unknown[] }
  | { kind: "choices"; choices: unknown[] }
  | { kind: "object"; fields: Record<string, ValueSpec> }
  | { kind: "array"; of: ValueSpec }
  | { kind: "computed" };

export interface QuestionSpec {
  /** The key in response data (SurveyJS valueName, usually the question name). */
  name: string;
  type: string;
  title: string;
  page: string;
  /** Whole-question value shape (for matrices: object of rows). */
  value: ValueSpec;
  /** Matrix / matrixdropdown: merged per row. */
  rows?: { values: string[]; row: ValueSpec; titles?: Record<string, string> };
  /** Accepts "<name>-Comment" (comment area or "other" text). */
  hasComment: boolean;
}

export interface ResponseStructure {
  questions: Map<string, QuestionSpec>;
  /** Names whose values survey-core computes (expression questions, calculatedValues): never written by clients. */
  computed: Set<string>;
}

const SPECIAL_ITEMS = [
  ["showOtherItem", "otherItem"],
  ["showNoneItem", "noneItem"],
  ["showRefuseItem", "refuseItem"],
  ["showDontKnowItem", "dontKnowItem"],
] as const;

type AnyQuestion = any; // survey-core question objects are typed per class; we read a few common properties

function choiceValues(q: AnyQuestion): unknown[] | null {
  if (q.choicesByUrl?.url || q.choicesFromQuestion) return null; // dynamic: cannot be checked statically
  const values: unknown[] = (q.choices ?? []).map((c: AnyQuestion) => c.value);
  for (const [flag, item] of SPECIAL_ITEMS) {
    if (q[flag] && q[item]) values.push(q[item].value);
  }
  return values;
}

/**
 * Longest answer stored, in characters: the definition's own maxLength where it sets one, else a
 * limit no honest answer reaches (a paragraph for a one-line box, a few pages for a comment box),
 * so a single save cannot grow the response and its change log without bound.
 */
export const DEFAULT_MAX_TEXT_LENGTH = 2_000;
export const DEFAULT_MAX_COMMENT_LENGTH = 20_000;

function maxLengthOf(q: AnyQuestion, fallback: number): number {
  const own = Number(q.maxLength);
  return Number.isInteger(own) && own > 0 ? own : fallback;
}

function specForQuestion(q: AnyQuestion): ValueSpec {
  const type: string = q.getType();
  switch (type) {
    case "text":
      return { kind: "string_or_number", maxLength: maxLengthOf(q, DEFAULT_MAX_TEXT_LENGTH) };
    case "comment":
      return { kind: "string", maxLength: maxLengthOf(q, DEFAULT_MAX_COMMENT_LENGTH) };
    case "dropdown":
    case "radiogroup":
    case "imagepicker": {
      const choices = choiceValues(q);
      if (type === "imagepicker" && q.multiSelect) return choices ? { kind: "choices", choices } : { kind: "array", of: { kind: "any" } };
      return choices ? { kind: "choice", choices } : { kind: "string_or_number" };
    }
    case "checkbox":
    case "tagbox":
    case "ranking": {
      const choices = choiceValues(q);
      return choices ? { kind: "choices", choices } : { kind: "array", of: { kind: "string_or_number" } };
    }
    case "boolean":
      return { kind: "boolean", values: [q.valueTrue ?? true, q.valueFalse ?? false] };
    case "rating":
      return { kind: "choice", choices: (q.visibleRateValues ?? []).map((v: AnyQuestion) => v.value) };
    case "multipletext": {
      const fields: Record<string, ValueSpec> = {};
      for (const item of q.items ?? []) fields[item.name] = { kind: "string_or_number", maxLength: maxLengthOf(item, DEFAULT_MAX_TEXT_LENGTH) };
      return { kind: "object", fields };
    }
    case "matrix": {
      const columns: unknown[] = (q.columns ?? []).map((c: AnyQuestion) => c.value);
      return { kind: "choice", choices: columns }; // the row spec; the question spec is built by the caller
    }
    case "matrixdropdown":
    case "matrixdynamic": {
      const fields: Record<string, ValueSpec> = {};
      for (const col of q.columns ?? []) {
        const template = col.templateQuestion;
        fields[col.name] = template ? specForQuestion(template) : { kind: "any" };
      }
      const row: ValueSpec = { kind: "object", fields };
      return type === "matrixdynamic" ? { kind: "array", of: row } : row;
    }
    case "paneldynamic":
      return { kind: "array", of: { kind: "any" } };
    case "expression":
      return { kind: "computed" };
    default:
      return { kind: "any" };
  }
}

const NO_VALUE_TYPES = new Set(["html", "image", "empty"]);

/** Compile a SurveyJS JSON once. Uses survey-core to read choices/rows/columns exactly as the runtime does. */
export function compileStructure(surveyJson: SurveyJson): ResponseStructure {
  const model = new Model(surveyJson);
  try {
    const questions = new Map<string, QuestionSpec>();
    const computed = new Set<string>();
    for (const q of model.getAllQuestions(false) as AnyQuestion[]) {
      const type: string = q.getType();
      if (NO_VALUE_TYPES.has(type)) continue;
      const name: string = q.getValueName();
      if (questions.has(name)) continue;
      const spec = specForQuestion(q);
      if (spec.kind === "computed") {
        computed.add(name);
      }
      const base = {
        name,
        type,
        title: String(q.title ?? name),
        page: String(q.page?.name ?? ""),
        hasComment: Boolean(q.hasComment || q.showCommentArea || q.showOtherItem),
      };
      if (type === "matrix" || type === "matrixdropdown") {
        const rowValues: string[] = (q.rows ?? []).map((r: AnyQuestion) => String(r.value));
        const titles: Record<string, string> = Object.create(null);
        for (const r of (q.rows ?? []) as AnyQuestion[]) titles[String(r.value)] = String(r.text ?? r.value);
        const fields: Record<string, ValueSpec> = {};
        for (const r of rowValues) fields[r] = spec;
        questions.set(name, { ...base, value: { kind: "object", fields }, rows: { values: rowValues, row: spec, titles } });
      } else {
        questions.set(name, { ...base, value: spec });
      }
    }
    for (const cv of (model as AnyQuestion).calculatedValues ?? []) {
      if (cv.includeIntoResult) computed.add(String(cv.name));
    }
    return { questions, computed };
  } finally {
    model.dispose();
  }
}

/** One resolved, shape-checked change: a field is a question, a question's comment, or one matrix row. */
export interface ResolvedChange {
  key: string; // field key: "q", "q-Comment" or "m.row"
  question: string;
  row?: string;
  comment?: boolean;
  value: unknown; // null = clear
}

export interface ChangeError {
  question: string;
  message: string;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** Returns an error message, or null when `value` fits `spec`. `label` names the field in messages. */
function tooLong(value: string, max: number | undefined, label: string): string | null {
  return max !== undefined && value.length > max ? `"${label}" is longer than ${max.toLocaleString("en-GB")} characters` : null;
}

export function checkValue(spec: ValueSpec, value: unknown, label: string): string | null {
  switch (spec.kind) {
    case "any":
      return null;
    case "computed":
      return `"${label}" is calculated by the survey and cannot be set`;
    case "string":
      if (typeof value !== "string") return `"${label}" must be text`;
      return tooLong(value, spec.maxLength, label);
    case "string_or_number":
      if (typeof value === "string") return tooLong(value, spec.maxLength, label);
      return typeof value === "number" && Number.isFinite(value) ? null : `"${label}" must be text or a number`;
    case "boolean":
      return spec.values.some((x) => x === value) ? null : `"${label}" must be one of ${show(spec.values)}`;
    case "choice":
      if (isPlainObject(value) || Array.isArray(value)) return `"${label}" must be a single choice value`;
      return spec.choices.some((c) => c === value) ? null : `"${label}": ${show(value)} is not one of its choices`;
    case "choices": {
      if (!Array.isArray(value)) return `"${label}" must be a list of choice values`;
      for (const v of value) {
        if (!spec.choices.some((c) => c === v)) return `"${label}": ${show(v)} is not one of its choices`;
      }
      if (new Set(value).size !== value.length) return `"${label}" lists a choice twice`;
      return null;
    }
    case "object": {
      if (!isPlainObject(value)) return `"${label}" must be an object`;
      for (const [k, v] of Object.entries(value)) {
        // own properties only: "constructor", "toString", "__proto__"... are inherited, never fields
        const fieldSpec = Object.hasOwn(spec.fields, k) ? spec.fields[k] : undefined;
        if (!fieldSpec) return `"${label}": unknown field "${k}"`;
        if (v === null || v === undefined) continue;
        const err = checkValue(fieldSpec, v, `${label}.${k}`);
        if (err) return err;
      }
      return null;
    }
    case "array": {
      if (!Array.isArray(value)) return `"${label}" must be a list`;
      for (let i = 0; i < value.length; i++) {
        const err = checkValue(spec.of, value[i], `${label}[${i}]`);
        if (err) return err;
      }
      return null;
    }
    default:
      return `"${label}" cannot be set`;
  }
}

function normalise(value: unknown): unknown {
  if (value === undefined) return null;
  if (Array.isArray(value) && value.length === 0) return null;
  if (isPlainObject(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== null && v !== undefined);
    return entries.length === 0 ? null : Object.fromEntries(entries);
  }
  if (value === "") return null;
  return value;
}

/**
 * Resolve a change key to its question (and matrix row). Returns null when the key names nothing.
 * A matrix row key is "<matrix>.<row>"; the longest question-name prefix wins.
 */
export function resolveKey(
  structure: ResponseStructure,
  key: string,
): { question: QuestionSpec; row?: string; comment?: boolean } | { computed: string } | null {
  const q = structure.questions.get(key);
  if (q) return { question: q };
  if (structure.computed.has(key)) return { computed: key };
  if (key.endsWith("-Comment")) {
    const base = structure.questions.get(key.slice(0, -"-Comment".length));
    if (base?.hasComment) return { question: base, comment: true };
  }
  for (let i = key.lastIndexOf("."); i > 0; i = key.lastIndexOf(".", i - 1)) {
    const m = structure.questions.get(key.slice(0, i));
    if (m?.rows) {
      const row = key.slice(i + 1);
      return m.rows.values.includes(row) ? { question: m, row } : null;
    }
  }
  return null;
}

/**
 * Check a PATCH `changes` object against the structure; expand matrix shorthands into row fields.
 * Empty strings, empty arrays and empty objects are treated as "clear" (null), as SurveyJS does.
 */
export function checkChanges(
  structure: ResponseStructure,
  changes: Record<string, unknown>,
): { changes: ResolvedChange[]; errors: ChangeError[] } {
  const out: ResolvedChange[] = [];
  const errors: ChangeError[] = [];
  for (const [key, rawValue] of Object.entries(changes)) {
    const value = normalise(rawValue);
    const resolved = resolveKey(structure, key);
    if (!resolved) {
      const dot = key.lastIndexOf(".");
      const matrix = dot > 0 ? structure.questions.get(key.slice(0, dot)) : undefined;
      errors.push({
        question: key,
        message: matrix?.rows ? `"${matrix.name}" has no row "${key.slice(dot + 1)}"` : `Unknown question "${key}"`,
      });
      continue;
    }
    if ("computed" in resolved) {
      errors.push({ question: key, message: `"${key}" is calculated by the survey and cannot be set` });
      continue;
    }
    const { question } = resolved;
    if (resolved.comment) {
      if (value !== null && typeof value !== "string") {
        errors.push({ question: key, message: `"${key}" must be text` });
        continue;
      }
      const long = typeof value === "string" ? tooLong(value, DEFAULT_MAX_COMMENT_LENGTH, key) : null;
      if (long) {
        errors.push({ question: key, message: long });
        continue;
      }
      out.push({ key, question: question.name, comment: true, value });
      continue;
    }
    if (question.rows) {
      const rowSpec = question.rows.row;
      if (resolved.row !== undefined) {
        const err = value === null ? null : checkValue(rowSpec, value, key);
        if (err) errors.push({ question: key, message: err });
        else out.push({ key, question: question.name, row: resolved.row, value });
        continue;
      }
      if (value === null) {
        for (const row of question.rows.values) out.push({ key: `${key}.${row}`, question: question.name, row, value: null });
        continue;
      }
      if (!isPlainObject(rawValue)) {
        errors.push({ question: key, message: `"${key}" must be an object of rows` });
        continue;
      }
      const rowChanges: ResolvedChange[] = [];
      let bad: ChangeError | null = null;
      for (const [row, rowRaw] of Object.entries(rawValue)) {
        if (!question.rows.values.includes(row)) {
          bad = { question: key, message: `"${key}" has no row "${row}"` };
          break;
        }
        const rowValue = normalise(rowRaw);
        const err = rowValue === null ? null : checkValue(rowSpec, rowValue, `${key}.${row}`);
        if (err) {
          bad = { question: key, message: err };
          break;
        }
        rowChanges.push({ key: `${key}.${row}`, question: question.name, row, value: rowValue });
      }
      if (bad) errors.push(bad);
      else out.push(...rowChanges);
      continue;
    }
    const err = value === null ? null : checkValue(question.value, value, key);
    if (err) errors.push({ question: key, message: err });
    else out.push({ key, question: question.name, value });
  }
  return { changes: out, errors };
}

/** Check a whole stored data object (e.g. before submit): every key must be a known question with a valid value. */
export function checkData(structure: ResponseStructure, data: Record<string, unknown>): ChangeError[] {
  const writable: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) {
    if (structure.computed.has(k)) continue; // recomputed by survey-core
    writable[k] = v;
  }
  return checkChanges(structure, writable).errors;
}
