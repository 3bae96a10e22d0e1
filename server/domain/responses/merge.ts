/**
 * Per-field merge with optimistic concurrency.
 *
 * A response keeps, for every field (question, question comment, or one matrix row), the response
 * version at which that field last changed (`fieldVersions`). A save is based on the version the
 * client last saw (If-Match). A change to a field that changed after that base version, to a value
 * different from the one being saved, is a conflict: the whole save is refused (nothing is written)
 * and both values are returned so the person can choose. Changes to other fields (other questions,
 * other rows of the same matrix) merge. Never silent last-write-wins.
 */
import type { ResolvedChange, ResponseStructure } from "./structure.ts";
import { resolveKey } from "./structure.ts";

export type ResponseData = Record<string, unknown>;
export type FieldVersions = Record<string, number>;

export interface MergeState {
  data: ResponseData;
  version: number;
  fieldVersions: FieldVersions;
}

export interface Conflict {
  question: string; // the change key
  yours: unknown;
  theirs: unknown;
}

export interface AppliedChange {
  question: string; // the change key
  oldValue: unknown;
  newValue: unknown;
}

export type MergeResult =
  | {
      ok: true;
      data: ResponseData;
      fieldVersions: FieldVersions;
      version: number;
      applied: AppliedChange[];
      /** Top-level keys of `data` this save wrote (to send only those to the database). */
      touchedKeys: string[];
      /** Fields others changed after the base version (and not in this save): key -> current value. */
      updates: Record<string, unknown>;
    }
  | { ok: false; conflicts: Conflict[] };

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && deepEqual(ao[k], bo[k]));
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The current value of one field (null when absent). */
export function readField(data: ResponseData, change: Pick<ResolvedChange, "key" | "question" | "row" | "comment">): unknown {
  if (change.comment) return data[change.key] ?? null;
  const value = data[change.question];
  if (change.row !== undefined) return isPlainObject(value) ? (value[change.row] ?? null) : null;
  return value ?? null;
}

function writeField(data: ResponseData, change: ResolvedChange): void {
  if (change.comment) {
    if (change.value === null) delete data[change.key];
    else data[change.key] = change.value;
    return;
  }
  if (change.row !== undefined) {
    const current = isPlainObject(data[change.question]) ? { ...(data[change.question] as Record<string, unknown>) } : {};
    if (change.value === null) delete current[change.row];
    else current[change.row] = change.value;
    if (Object.keys(current).length === 0) delete data[change.question];
    else data[change.question] = current;
    return;
  }
  if (change.value === null) delete data[change.question];
  else data[change.question] = change.value;
}

/**
 * Apply resolved changes saved against `baseVersion`. Pure: returns new data / field versions.
 * No-op changes (same value as stored) are not applied and bump nothing. The version increases by
 * one when at least one field changes.
 */
export function mergeChanges(
  state: MergeState,
  baseVersion: number,
  changes: ResolvedChange[],
  structure: ResponseStructure,
): MergeResult {
  const conflicts: Conflict[] = [];
  for (const c of changes) {
    const changedAt = state.fieldVersions[c.key] ?? 0;
    if (changedAt > baseVersion) {
      const theirs = readField(state.data, c);
      if (!deepEqual(theirs, c.value)) conflicts.push({ question: c.key, yours: c.value, theirs });
    }
  }
  if (conflicts.length > 0) return { ok: false, conflicts };

  // Shallow copy: writeField replaces top-level values and copies a matrix before changing a row,
  // so the stored state is never mutated (no deep clone of the whole response per save).
  const data: ResponseData = { ...state.data };
  const applied: AppliedChange[] = [];
  const touched = new Set<string>();
  for (const c of changes) {
    const oldValue = readField(data, c);
    if (deepEqual(oldValue, c.value)) continue;
    writeField(data, c);
    applied.push({ question: c.key, oldValue, newValue: c.value });
    touched.add(c.comment ? c.key : c.question);
  }
  const version = applied.length > 0 ? state.version + 1 : state.version;
  const fieldVersions: FieldVersions = { ...state.fieldVersions };
  for (const a of applied) fieldVersions[a.question] = version;

  const mine = new Set(changes.map((c) => c.key));
  const updates: Record<string, unknown> = {};
  for (const [key, at] of Object.entries(state.fieldVersions)) {
    if (at <= baseVersion || mine.has(key)) continue;
    const resolved = resolveKey(structure, key);
    if (!resolved || "computed" in resolved) continue;
    updates[key] = readField(data, {
      key,
      question: resolved.question.name,
      row: resolved.row,
      comment: resolved.comment,
    });
  }
  return { ok: true, data, fieldVersions, version, applied, touchedKeys: [...touched], updates };
}

/**
 * Field versions for a whole-data replacement (e.g. values stripped at submit): every field whose
 * value differs between `before` and `after` gets `version`. Matrix questions are compared per row.
 */
export function diffFields(
  before: ResponseData,
  after: ResponseData,
  structure: ResponseStructure,
): AppliedChange[] {
  const out: AppliedChange[] = [];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (structure.computed.has(key)) continue;
    const q = structure.questions.get(key);
    if (q?.rows) {
      const b = isPlainObject(before[key]) ? (before[key] as Record<string, unknown>) : {};
      const a = isPlainObject(after[key]) ? (after[key] as Record<string, unknown>) : {};
      for (const row of new Set([...Object.keys(b), ...Object.keys(a)])) {
        if (!deepEqual(b[row] ?? null, a[row] ?? null)) {
          out.push({ question: `${key}.${row}`, oldValue: b[row] ?? null, newValue: a[row] ?? null });
        }
      }
      continue;
    }
    if (!deepEqual(before[key] ?? null, after[key] ?? null)) {
      out.push({ question: key, oldValue: before[key] ?? null, newValue: after[key] ?? null });
    }
  }
  return out;
}
