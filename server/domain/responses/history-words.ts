/**
 * An LA's answer history in words. Autosave writes one change-log row per field per save, so typing
 * one comment leaves a row every couple of seconds; a reader wants one line per person per field
 * for a burst of work. Saves of the same field by the same person are folded together while each
 * follows the previous one within `gapMs` (a few minutes); the line reads from the value before
 * the first save to the value after the last. The change log itself is not touched.
 */
import type { QuestionIndex } from "../definitions/question-index.ts";
import { cellWords, EMPTY, keyWords, rowCells, valueWords } from "./answer-words.ts";

export const FOLD_GAP_MS = 5 * 60_000;

export interface ChangeInput {
  question: string;
  oldValue: unknown;
  newValue: unknown;
  contributorId: string | null;
  contributorName: string | null;
  contributorRole: string | null;
  source: string;
  at: Date | string;
}

export interface HistoryEntry {
  /** time of the last save folded into this entry */
  at: string;
  /** time of the first */
  firstAt: string;
  who: string;
  /** the whole entry as a sentence */
  text: string;
  /** how many saves were folded into it */
  saves: number;
}

interface Group {
  key: string;
  field: string;
  who: string;
  oldValue: unknown;
  newValue: unknown;
  firstAt: number;
  lastAt: number;
  saves: number;
}

function whoOf(c: ChangeInput): string {
  if (c.contributorName) return c.contributorRole ? `${c.contributorName} (${c.contributorRole})` : c.contributorName;
  return c.contributorId ? `Contributor ${c.contributorId}` : "Someone at the LA";
}

function quote(label: string): string {
  return `‘${label}’`;
}

/** One sentence part: answered / changed from … to … / cleared. */
function movement(label: string, from: string, to: string): string | null {
  if (from === to) return null;
  if (from === EMPTY) return `answered ${quote(label)}: ${to}`;
  if (to === EMPTY) return `cleared ${quote(label)} (was ${from})`;
  return `changed ${quote(label)} from ${from} to ${to}`;
}

/** The parts of a change in words; a matrix row is described aspect by aspect. */
export function describeChange(index: QuestionIndex, field: string, oldValue: unknown, newValue: unknown): string[] {
  const k = keyWords(index, field);
  if (k.question && k.row !== undefined) {
    const before = rowCells(k.question, oldValue);
    const after = rowCells(k.question, newValue);
    const parts: string[] = [];
    const labels = new Set([...before.map((c) => c.label), ...after.map((c) => c.label)]);
    for (const label of labels) {
      const b = before.find((c) => c.label === label);
      const a = after.find((c) => c.label === label);
      const column = a?.column ?? b?.column;
      const part = movement(label ? `${k.label}: ${label}` : k.label, cellWords(column, b?.value), cellWords(column, a?.value));
      if (part) parts.push(part);
    }
    return parts;
  }
  const words = (v: unknown) => (k.comment || !k.question ? valueWords(undefined, v) : valueWords(k.question, v));
  const part = movement(k.label, words(oldValue), words(newValue));
  return part ? [part] : [];
}

function joinParts(parts: string[]): string {
  if (parts.length <= 1) return parts[0] ?? "";
  return `${parts.slice(0, -1).join("; ")} and ${parts.at(-1)}`;
}

/** Folds autosaves (changes in log order) into entries, newest first. Submit and repair rows are left to their events. */
export function foldChanges(index: QuestionIndex, changes: readonly ChangeInput[], gapMs = FOLD_GAP_MS): HistoryEntry[] {
  const open = new Map<string, Group>();
  const done: Group[] = [];
  for (const c of changes) {
    if (c.source === "submit" || c.source === "repair") continue;
    const at = new Date(c.at).getTime();
    const who = whoOf(c);
    const key = `${c.contributorId ?? who}\u0000${c.question}`;
    const g = open.get(key);
    if (g && at - g.lastAt <= gapMs) {
      g.newValue = c.newValue;
      g.lastAt = at;
      g.saves++;
      continue;
    }
    if (g) done.push(g);
    open.set(key, { key, field: c.question, who, oldValue: c.oldValue, newValue: c.newValue, firstAt: at, lastAt: at, saves: 1 });
  }
  done.push(...open.values());
  const entries: HistoryEntry[] = [];
  for (const g of done) {
    const parts = describeChange(index, g.field, g.oldValue, g.newValue);
    // typed and then deleted again within the burst: still worth a line, so the activity is visible
    const text = parts.length ? `${g.who} ${joinParts(parts)}` : `${g.who} edited ${quote(keyWords(index, g.field).label)} and left it as it was`;
    entries.push({
      at: new Date(g.lastAt).toISOString(),
      firstAt: new Date(g.firstAt).toISOString(),
      who: g.who,
      text: g.saves > 1 ? `${text} (${g.saves} saves)` : text,
      saves: g.saves,
    });
  }
  return entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
