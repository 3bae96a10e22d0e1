// Ofsted trajectory per LA from the ILACS inspection history (standard and short inspections since 2018).
// Pure: parsed history rows in, one trajectory per LA out.

import { InvalidOfstedHistoryError } from "./errors.ts";

export const OFSTED_GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"] as const;
export type OfstedGrade = (typeof OFSTED_GRADES)[number];

export const TRAJECTORIES = [
  "improved",
  "declined",
  "stable_good_outstanding",
  "stable_ri_inadequate",
  "single_inspection",
  "not_inspected",
] as const;
export type OfstedTrajectory = (typeof TRAJECTORIES)[number];

export const TRAJECTORY_LABELS: Record<OfstedTrajectory, string> = {
  improved: "improved",
  declined: "declined",
  stable_good_outstanding: "stable good/outstanding",
  stable_ri_inadequate: "stable requires improvement/inadequate",
  single_inspection: "single inspection",
  not_inspected: "not inspected",
};

/**
 * The trajectory said of the LA's Ofsted judgement, not of the LA: "declined" on its own, beside the
 * list of LAs that declined a case study, read as the LA having said no.
 */
export const TRAJECTORY_CLAUSES: Record<OfstedTrajectory, string> = {
  improved: "better than at its first ILACS inspection",
  declined: "worse than at its first ILACS inspection",
  stable_good_outstanding: "good or outstanding at every ILACS inspection",
  stable_ri_inadequate: "requires improvement or inadequate at every ILACS inspection",
  single_inspection: "from its only ILACS inspection so far",
  not_inspected: "no ILACS inspection yet",
};

/** One row of the ILACS history (ofsted_ilacs_history_2018_2025.csv or the ofsted_inspections table). */
export interface OfstedHistoryRow {
  la_code: string | null;
  /** dd/mm/yyyy as published, or an ISO yyyy-mm-dd date, or a Date (from the database). */
  inspection_date: string | Date;
  overall_effectiveness: string | null;
  inspection_type?: string | null;
}

export interface LaTrajectory {
  la_code: string;
  trajectory: OfstedTrajectory;
  /** Overall effectiveness at the first and the latest ILACS inspection in the history (null if none). */
  first_grade: OfstedGrade | null;
  latest_grade: OfstedGrade | null;
  first_date: string | null; // ISO yyyy-mm-dd
  latest_date: string | null;
  inspections: number;
}

/** 4 = Outstanding ... 1 = Inadequate. */
export function gradeRank(grade: OfstedGrade): number {
  return 4 - OFSTED_GRADES.indexOf(grade);
}

export function parseOfstedGrade(value: string | null | undefined, field = "overall_effectiveness"): OfstedGrade | null {
  if (value == null) return null;
  const v = value.trim();
  if (v === "") return null;
  const found = OFSTED_GRADES.find((g) => g.toLowerCase() === v.toLowerCase());
  if (found) return found;
  if (v.toLowerCase() === "requires improvement") return "Requires improvement to be good";
  throw new InvalidOfstedHistoryError(field, `${field}: "${value}" is not an Ofsted grade (expected one of ${OFSTED_GRADES.join(", ")})`);
}

/** Parses dd/mm/yyyy (as published by Ofsted) or yyyy-mm-dd into an ISO yyyy-mm-dd string; throws on anything else. */
export function parseInspectionDate(value: string | Date, field = "inspection_date"): string {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidOfstedHistoryError(field, `${field}: invalid date`);
    // Dates from pg come as local midnight; use local parts so the calendar day is kept.
    return isoDay(value.getFullYear(), value.getMonth() + 1, value.getDate(), field, String(value));
  }
  const s = value.trim();
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return isoDay(Number(m[3]), Number(m[2]), Number(m[1]), field, value);
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return isoDay(Number(m[1]), Number(m[2]), Number(m[3]), field, value);
  throw new InvalidOfstedHistoryError(field, `${field}: "${value}" is not a date in dd/mm/yyyy form`);
}

function isoDay(y: number, mo: number, d: number, field: string, raw: string): string {
  const dt = new Date(Date.UTC(y, mo - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== mo - 1 || dt.getUTCDate() !== d) {
    throw new InvalidOfstedHistoryError(field, `${field}: "${raw}" is not a real calendar date`);
  }
  return `${String(y).padStart(4, "0")}-${String(mo).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

/**
 * Trajectory of one LA's inspections, comparing the overall effectiveness at the FIRST and the LATEST ILACS
 * inspection in the history (so it describes the whole period since 2018):
 * - none -> not_inspected; one -> single_inspection;
 * - latest better than first -> improved; worse -> declined;
 * - same grade -> stable_good_outstanding (Good/Outstanding) or stable_ri_inadequate (RI/Inadequate).
 * Inspections without an overall judgement are ignored.
 */
export function trajectoryOf(inspections: { date: string; grade: OfstedGrade }[]): OfstedTrajectory {
  if (inspections.length === 0) return "not_inspected";
  if (inspections.length === 1) return "single_inspection";
  const sorted = inspections.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const first = gradeRank(sorted[0].grade);
  const latest = gradeRank(sorted[sorted.length - 1].grade);
  if (latest > first) return "improved";
  if (latest < first) return "declined";
  return latest >= gradeRank("Good") ? "stable_good_outstanding" : "stable_ri_inadequate";
}

/**
 * Trajectory for every LA in `laCodes` (LAs with no rows are "not_inspected"). Rows with no la_code
 * (LAs that no longer exist) are skipped; rows for codes outside `laCodes` are ignored.
 */
export function computeOfstedTrajectories(rows: readonly OfstedHistoryRow[], laCodes: readonly string[]): Map<string, LaTrajectory> {
  const byLa = new Map<string, { date: string; grade: OfstedGrade }[]>();
  for (const code of laCodes) byLa.set(code, []);
  rows.forEach((row, i) => {
    if (row.la_code == null || row.la_code.trim() === "") return;
    const list = byLa.get(row.la_code.trim());
    if (!list) return;
    const date = parseInspectionDate(row.inspection_date, `history[${i}].inspection_date`);
    const grade = parseOfstedGrade(row.overall_effectiveness, `history[${i}].overall_effectiveness`);
    if (grade) list.push({ date, grade });
  });
  const out = new Map<string, LaTrajectory>();
  for (const [code, list] of byLa) {
    const sorted = list.slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    out.set(code, {
      la_code: code,
      trajectory: trajectoryOf(sorted),
      first_grade: sorted[0]?.grade ?? null,
      latest_grade: sorted[sorted.length - 1]?.grade ?? null,
      first_date: sorted[0]?.date ?? null,
      latest_date: sorted[sorted.length - 1]?.date ?? null,
      inspections: sorted.length,
    });
  }
  return out;
}
