/**
 * Stored answers are checked on the way in, but a response may still hold data written before a
 * check existed (or by a definition migration gone wrong). Such a value must never break the
 * survey page or submit: the page gets the answers it can show and the names of those it cannot,
 * and an admin can remove the unreadable ones (repair), which the change log records.
 */
import { checkChanges, type QuestionSpec, type ResponseStructure } from "./structure.ts";

export interface UnreadableAnswer {
  /** The stored key: a question name, "<question>-Comment", or "<matrix>.<row>" for one row. */
  key: string;
  /** The question's wording, for people; the key itself when the key names no question. */
  label: string;
  message: string;
}

export interface ReadableSplit {
  /** The stored data without the unreadable values (safe to hand to survey-core). */
  readable: Record<string, unknown>;
  unreadable: UnreadableAnswer[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function labelOf(structure: ResponseStructure, key: string): string {
  const base = key.endsWith("-Comment") ? key.slice(0, -"-Comment".length) : key;
  const q = structure.questions.get(base) ?? structure.questions.get(key.split(".")[0]);
  return q?.title || key;
}

function rowLabel(question: QuestionSpec, row: string): string {
  const title = question.rows?.titles && Object.hasOwn(question.rows.titles, row) ? question.rows.titles[row] : row;
  return `${question.title}: ${title}`;
}

export function splitReadable(structure: ResponseStructure, data: Record<string, unknown>): ReadableSplit {
  const readable: Record<string, unknown> = {};
  const unreadable: UnreadableAnswer[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (structure.computed.has(key)) {
      readable[key] = value; // survey-core recomputes these; never written by people
      continue;
    }
    const question = structure.questions.get(key); // a Map: inherited names ("constructor") are never found
    if (question?.rows && isPlainObject(value)) {
      // one bad row must not hide the rest of a matrix
      const kept: Record<string, unknown> = {};
      for (const [row, rowValue] of Object.entries(value)) {
        const rowKey = `${key}.${row}`;
        const { errors } = checkChanges(structure, { [rowKey]: rowValue });
        if (errors.length === 0) kept[row] = rowValue;
        else unreadable.push({ key: rowKey, label: rowLabel(question, row), message: errors[0].message });
      }
      if (Object.keys(kept).length > 0) readable[key] = kept;
      continue;
    }
    const { errors } = checkChanges(structure, { [key]: value });
    if (errors.length === 0) readable[key] = value;
    else unreadable.push({ key, label: labelOf(structure, key), message: errors[0].message });
  }
  // in questionnaire order (stored JSON has no useful order), keys that name no question last
  const position = new Map([...structure.questions.keys()].map((name, i) => [name, i]));
  const rank = (key: string) => position.get(key.replace(/-Comment$/, "")) ?? position.get(key.split(".")[0]) ?? Number.MAX_SAFE_INTEGER;
  unreadable.sort((a, b) => rank(a.key) - rank(b.key) || a.key.localeCompare(b.key));
  return { readable, unreadable };
}
