/**
 * Share of a response's answer fields that hold a value: each question counts once, each row of a
 * matrix / matrixdropdown counts once (as in the respondent's progress bar). Conditional visibility
 * is ignored (a server-side estimate for the fieldwork dashboard, not a validity check).
 */
import type { ResponseStructure } from "../responses/structure.ts";

function filled(v: unknown): boolean {
  if (v === undefined || v === null || v === "") return false;
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).some(filled);
  return true;
}

export function percentComplete(structure: ResponseStructure, data: Record<string, unknown>): number {
  let total = 0;
  let answered = 0;
  for (const q of structure.questions.values()) {
    if (structure.computed.has(q.name)) continue;
    if (q.rows) {
      const value = (data[q.name] ?? {}) as Record<string, unknown>;
      for (const row of q.rows.values) {
        total++;
        if (filled(value[row])) answered++;
      }
      continue;
    }
    total++;
    if (filled(data[q.name])) answered++;
  }
  return total === 0 ? 0 : Math.round((answered / total) * 100);
}

export type FieldworkStatus = "not_started" | "in_progress" | "submitted";
export const STATUSES: FieldworkStatus[] = ["not_started", "in_progress", "submitted"];

export interface LaStatusRow {
  laCode: string;
  region: string;
  laType: string;
  status: FieldworkStatus;
  startedAt: Date | null;
  submittedAt: Date | null;
}

export type StatusCounts = Record<FieldworkStatus, number>;

export function countBy(rows: LaStatusRow[], key: (r: LaStatusRow) => string): { group: string; counts: StatusCounts; total: number }[] {
  const groups = new Map<string, StatusCounts>();
  for (const r of rows) {
    const g = key(r);
    const c = groups.get(g) ?? { not_started: 0, in_progress: 0, submitted: 0 };
    c[r.status]++;
    groups.set(g, c);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([group, counts]) => ({ group, counts, total: counts.not_started + counts.in_progress + counts.submitted }));
}

/**
 * Response rate over time: for each day from the first activity to `until`, how many LAs had
 * started (saved at least once) and how many had submitted by the end of that day, as counts and
 * as a share of all LAs. A reopened response counts as submitted from its latest submission.
 */
export function responseRateOverTime(rows: LaStatusRow[], until: Date): { date: string; started: number; submitted: number; submittedPct: number }[] {
  const total = rows.length;
  const starts = rows.map((r) => r.startedAt ?? r.submittedAt).filter((d): d is Date => d !== null);
  if (starts.length === 0 || total === 0) return [];
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const first = new Date(`${day(new Date(Math.min(...starts.map((d) => d.getTime()))))}T00:00:00Z`);
  const out: { date: string; started: number; submitted: number; submittedPct: number }[] = [];
  for (let d = first; d.getTime() <= until.getTime(); d = new Date(d.getTime() + 86_400_000)) {
    const end = d.getTime() + 86_400_000;
    const started = rows.filter((r) => (r.startedAt ?? r.submittedAt) !== null && (r.startedAt ?? r.submittedAt)!.getTime() < end).length;
    const submitted = rows.filter((r) => r.status === "submitted" && r.submittedAt !== null && r.submittedAt.getTime() < end).length;
    out.push({ date: day(d), started, submitted, submittedPct: Math.round((submitted / total) * 1000) / 10 });
    if (out.length > 3660) break;
  }
  return out;
}
