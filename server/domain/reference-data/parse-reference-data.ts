/**
 * Parse and validate the reference-data CSV files (pure: text in, records out). Every error names
 * the file, the line and the field, so a researcher loading a newer file knows what to fix.
 */
import { parse } from "csv-parse/sync";

export class ReferenceDataError extends Error {
  constructor(
    public readonly file: string,
    public readonly line: number | null,
    message: string,
  ) {
    super(`${file}${line !== null ? `, line ${line}` : ""}: ${message}`);
    this.name = "ReferenceDataError";
  }
}

export interface LaRecord {
  la_code: string;
  gss_code: string;
  name: string;
  region: string;
  la_type: string;
}

export interface OfstedRecord {
  la_code: string;
  inspection_date: string | null;
  publication_date: string | null;
  overall_effectiveness: string | null;
  leaders: string | null;
  help_and_protection: string | null;
  children_in_care: string | null;
  care_leavers: string | null;
}

export interface OfstedInspectionRecord extends Omit<OfstedRecord, "la_code" | "inspection_date"> {
  la_code: string | null;
  gss_code: string | null;
  la_name_ofsted: string;
  la_status: string;
  inspection_date: string;
  inspection_type: string;
}

export const CONTEXT_INT_COLUMNS = [
  "cin_at_31_march",
  "cpp_at_31_march",
  "cla_at_31_march",
  "referrals_in_year",
  "child_population_0_17",
] as const;
export const CONTEXT_NUM_COLUMNS = [
  "cin_rate_per_10k",
  "cpp_rate_per_10k",
  "cla_rate_per_10k",
  "rereferral_pct",
  "fsm_primary_pct",
  "fsm_secondary_pct",
  "child_low_income_pct",
  "sw_turnover_pct",
  "sw_agency_pct",
  "sw_vacancy_pct",
  "avg_caseload",
] as const;
const CONTEXT_SOURCE_COLUMNS = [
  "csc_source_year",
  "population_source_year",
  "fsm_source_date",
  "low_income_source_year",
  "sw_source_date",
] as const;

export type ContextRecord = { la_code: string; sw_joint_return: string | null; sources: Record<string, string> } & Record<
  (typeof CONTEXT_INT_COLUMNS)[number] | (typeof CONTEXT_NUM_COLUMNS)[number],
  number | null
>;

export const OFSTED_GRADES = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"] as const;

interface Row {
  line: number;
  values: Record<string, string>;
}

function readCsv(file: string, text: string, required: string[]): Row[] {
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true, trim: true }) as any;
  } catch (err) {
    const e = err as { lines?: number; message: string };
    throw new ReferenceDataError(file, e.lines ?? null, `not valid CSV (${e.message})`);
  }
  if (records.length === 0) throw new ReferenceDataError(file, null, "has no data rows");
  const header = Object.keys(records[0].record);
  for (const col of required) {
    if (!header.includes(col)) throw new ReferenceDataError(file, 1, `missing column "${col}"`);
  }
  return records.map((r) => ({ line: r.info.lines, values: r.record }));
}

function text(file: string, row: Row, col: string, opts: { required?: boolean; pattern?: RegExp } = {}): string | null {
  const v = (row.values[col] ?? "").trim();
  if (v === "") {
    if (opts.required) throw new ReferenceDataError(file, row.line, `${col} is empty`);
    return null;
  }
  if (opts.pattern && !opts.pattern.test(v)) throw new ReferenceDataError(file, row.line, `${col} "${v}" is not valid`);
  return v;
}

/** dd/mm/yyyy -> yyyy-mm-dd (validated). */
function date(file: string, row: Row, col: string, required = false): string | null {
  const v = text(file, row, col, { required });
  if (v === null) return null;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(v);
  if (!m) throw new ReferenceDataError(file, row.line, `${col} "${v}" is not a dd/mm/yyyy date`);
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    throw new ReferenceDataError(file, row.line, `${col} "${v}" is not a real date`);
  }
  return iso;
}

function grade(file: string, row: Row, col: string): string | null {
  const v = text(file, row, col);
  if (v === null) return null;
  if (!(OFSTED_GRADES as readonly string[]).includes(v)) {
    throw new ReferenceDataError(file, row.line, `${col} "${v}" is not an Ofsted grade (${OFSTED_GRADES.join(" / ")})`);
  }
  return v;
}

function num(file: string, row: Row, col: string, integer: boolean): number | null {
  const v = text(file, row, col);
  if (v === null) return null;
  if (!/^-?\d+(\.\d+)?$/.test(v)) throw new ReferenceDataError(file, row.line, `${col} "${v}" is not a number`);
  const n = Number(v);
  if (integer && !Number.isInteger(n)) throw new ReferenceDataError(file, row.line, `${col} "${v}" is not a whole number`);
  return n;
}

const LA_CODE = /^\d{3}$/;
const GSS_CODE = /^E\d{8}$/;

export function parseLaRegister(file: string, csv: string): LaRecord[] {
  const rows = readCsv(file, csv, ["la_code", "gss_code", "name", "region", "la_type"]);
  const seen = new Set<string>();
  return rows.map((row) => {
    const rec: LaRecord = {
      la_code: text(file, row, "la_code", { required: true, pattern: LA_CODE })!,
      gss_code: text(file, row, "gss_code", { required: true, pattern: GSS_CODE })!,
      name: text(file, row, "name", { required: true })!,
      region: text(file, row, "region", { required: true })!,
      la_type: text(file, row, "la_type", { required: true })!,
    };
    if (seen.has(rec.la_code)) throw new ReferenceDataError(file, row.line, `la_code ${rec.la_code} appears twice`);
    seen.add(rec.la_code);
    return rec;
  });
}

export function parseOfstedLatest(file: string, csv: string, knownLas: Set<string>): OfstedRecord[] {
  const rows = readCsv(file, csv, ["la_code", "inspection_date", "overall_effectiveness"]);
  return rows.map((row) => {
    const la_code = text(file, row, "la_code", { required: true, pattern: LA_CODE })!;
    if (!knownLas.has(la_code)) throw new ReferenceDataError(file, row.line, `la_code ${la_code} is not in the LA register`);
    return {
      la_code,
      inspection_date: date(file, row, "inspection_date"),
      publication_date: date(file, row, "publication_date"),
      overall_effectiveness: grade(file, row, "overall_effectiveness"),
      leaders: grade(file, row, "leaders"),
      help_and_protection: grade(file, row, "help_and_protection"),
      children_in_care: grade(file, row, "children_in_care"),
      care_leavers: grade(file, row, "care_leavers"),
    };
  });
}

export function parseOfstedHistory(file: string, csv: string, knownLas: Set<string>): OfstedInspectionRecord[] {
  const rows = readCsv(file, csv, ["la_code", "la_name_ofsted", "la_status", "inspection_date", "inspection_type"]);
  return rows.map((row) => {
    const la_code = text(file, row, "la_code", { pattern: LA_CODE });
    if (la_code !== null && !knownLas.has(la_code)) {
      throw new ReferenceDataError(file, row.line, `la_code ${la_code} is not in the LA register`);
    }
    return {
      la_code,
      gss_code: text(file, row, "gss_code", { pattern: GSS_CODE }),
      la_name_ofsted: text(file, row, "la_name_ofsted", { required: true })!,
      la_status: text(file, row, "la_status", { required: true })!,
      inspection_date: date(file, row, "inspection_date", true)!,
      publication_date: date(file, row, "publication_date"),
      inspection_type: text(file, row, "inspection_type", { required: true })!,
      overall_effectiveness: grade(file, row, "overall_effectiveness"),
      leaders: grade(file, row, "leaders"),
      help_and_protection: grade(file, row, "help_and_protection"),
      children_in_care: grade(file, row, "children_in_care"),
      care_leavers: grade(file, row, "care_leavers"),
    };
  });
}

export function parseLaContext(file: string, csv: string, knownLas: Set<string>): ContextRecord[] {
  const rows = readCsv(file, csv, ["la_code", ...CONTEXT_INT_COLUMNS, ...CONTEXT_NUM_COLUMNS]);
  return rows.map((row) => {
    const la_code = text(file, row, "la_code", { required: true, pattern: LA_CODE })!;
    if (!knownLas.has(la_code)) throw new ReferenceDataError(file, row.line, `la_code ${la_code} is not in the LA register`);
    const rec: Record<string, unknown> = { la_code, sw_joint_return: text(file, row, "sw_joint_return") };
    for (const c of CONTEXT_INT_COLUMNS) rec[c] = num(file, row, c, true);
    for (const c of CONTEXT_NUM_COLUMNS) rec[c] = num(file, row, c, false);
    const sources: Record<string, string> = {};
    for (const c of CONTEXT_SOURCE_COLUMNS) {
      const v = text(file, row, c);
      if (v !== null) sources[c] = v;
    }
    rec.sources = sources;
    return rec as ContextRecord;
  });
}

export interface NeighbourRecord {
  la_code: string;
  rank: number;
  neighbour_code: string;
  closeness: string;
}

const CLOSENESS = ["Extremely close", "Very close", "Close", "Somewhat close", "Not close"];

/** DfE statistical neighbours: ten ranked neighbours per LA, each a known LA other than itself. */
export function parseStatisticalNeighbours(file: string, csv: string, knownLas: Set<string>): NeighbourRecord[] {
  const rows = readCsv(file, csv, ["la_code", "rank", "neighbour_code", "closeness"]);
  const seen = new Set<string>();
  return rows.map((row) => {
    const la = text(file, row, "la_code", { required: true, pattern: LA_CODE })!;
    const neighbour = text(file, row, "neighbour_code", { required: true, pattern: LA_CODE })!;
    const rank = num(file, row, "rank", true);
    const closeness = text(file, row, "closeness", { required: true })!;
    if (!knownLas.has(la)) throw new ReferenceDataError(file, row.line, `la_code ${la} is not in the LA register`);
    if (!knownLas.has(neighbour)) throw new ReferenceDataError(file, row.line, `neighbour_code ${neighbour} is not in the LA register`);
    if (neighbour === la) throw new ReferenceDataError(file, row.line, `la_code ${la} is listed as its own neighbour`);
    if (rank === null || rank < 1 || rank > 10) throw new ReferenceDataError(file, row.line, `rank must be 1 to 10`);
    if (!CLOSENESS.includes(closeness)) throw new ReferenceDataError(file, row.line, `closeness "${closeness}" is not one of ${CLOSENESS.join(" / ")}`);
    const key = `${la}:${rank}`;
    if (seen.has(key)) throw new ReferenceDataError(file, row.line, `la_code ${la} has rank ${rank} twice`);
    seen.add(key);
    return { la_code: la, rank, neighbour_code: neighbour, closeness };
  });
}
