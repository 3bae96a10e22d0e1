/**
 * Stored answers in words: a value turned into the labels the LA saw, and a change-log key
 * ("question", "question-Comment", "matrix.row") turned into the wording of what was asked.
 * Used by the readable response and its history; nothing here ever shows raw JSON to a reader.
 */
import type { ChoiceInfo, ColumnInfo, QuestionIndex, QuestionInfo } from "../definitions/question-index.ts";

export const EMPTY = "(no answer)";

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function labelOf(choices: ChoiceInfo[] | undefined, value: unknown): string {
  const hit = choices?.find((c) => c.value === value || String(c.value) === String(value));
  return hit ? hit.text : String(value);
}

/** A value with no choices to look up: text, a number, a yes/no, or (never expected) a structure spelled out. */
function plain(value: unknown): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (typeof value === "boolean") return value ? "Yes" : "No";
  if (Array.isArray(value)) return value.map(plain).join("; ");
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${plain(v)}`)
      .join("; ");
  }
  return String(value);
}

/** One cell of a matrix in words. */
export function cellWords(column: ColumnInfo | undefined, value: unknown): string {
  if (value === null || value === undefined || value === "") return EMPTY;
  if (column?.choices) return Array.isArray(value) ? value.map((v) => labelOf(column.choices, v)).join("; ") : labelOf(column.choices, value);
  return plain(value);
}

/** A (non-matrix) question's value in words: the choice labels, in the order given. */
export function valueWords(question: QuestionInfo | undefined, value: unknown): string {
  if (value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)) return EMPTY;
  if (question?.choices) return Array.isArray(value) ? value.map((v) => labelOf(question.choices, v)).join("; ") : labelOf(question.choices, value);
  return plain(value);
}

export function isMatrix(q: QuestionInfo | undefined): boolean {
  return !!q && (q.type === "matrix" || q.type === "matrixdropdown");
}

/** The matrix's cells as [column, value] pairs for one row (a simple matrix has one column: the row's answer). */
export function rowCells(question: QuestionInfo, rowValue: unknown): { column: ColumnInfo | undefined; label: string; value: unknown }[] {
  if (question.type === "matrix") return [{ column: { name: "answer", title: "Answer", cellType: "choice", isRequired: false, choices: (question.columns ?? []).map((c) => ({ value: c.name, text: c.title })) }, label: "", value: rowValue }];
  const cols = question.columns ?? [];
  const obj = isPlainObject(rowValue) ? rowValue : {};
  const known = cols.map((c) => ({ column: c as ColumnInfo | undefined, label: c.title, value: obj[c.name] }));
  // cells under names the questionnaire no longer has are still shown, under their own name
  const extra = Object.keys(obj)
    .filter((k) => !cols.some((c) => c.name === k))
    .map((k) => ({ column: undefined, label: k, value: obj[k] }));
  return [...known, ...extra];
}

export function rowTitle(question: QuestionInfo, row: string): string {
  return question.rows?.find((r) => String(r.value) === row)?.text ?? row;
}

export interface KeyWords {
  /** the question asked, in its words; for a matrix row "<row>" within the question */
  label: string;
  question?: QuestionInfo;
  /** set for a matrix row key */
  row?: string;
  /** set for an "other, please describe" key */
  comment?: boolean;
}

/** What a change-log key is about, in the questionnaire's words. */
export function keyWords(index: QuestionIndex, key: string): KeyWords {
  const direct = Object.hasOwn(index, key) ? index[key] : undefined;
  if (direct) return { label: direct.title, question: direct };
  if (key.endsWith("-Comment")) {
    const q = Object.hasOwn(index, key.slice(0, -8)) ? index[key.slice(0, -8)] : undefined;
    if (q) return { label: `${q.title} (other, described)`, question: q, comment: true };
  }
  const dot = key.indexOf(".");
  if (dot > 0) {
    const name = key.slice(0, dot);
    const q = Object.hasOwn(index, name) ? index[name] : undefined;
    if (q && isMatrix(q)) {
      const row = key.slice(dot + 1);
      return { label: rowTitle(q, row), question: q, row };
    }
  }
  return { label: key };
}
