import type { Queryable } from "./queryable.ts";
import {
  CONTEXT_INT_COLUMNS,
  CONTEXT_NUM_COLUMNS,
  type ContextRecord,
  type LaRecord,
  type OfstedInspectionRecord,
  type OfstedRecord,
  type NeighbourRecord,
} from "../domain/reference-data/parse-reference-data.ts";

export interface UpsertCounts {
  added: number;
  changed: number;
  unchanged: number;
}

/**
 * Upsert rows one statement per row; RETURNING (xmax = 0) tells an insert from an update, and the
 * WHERE ... IS DISTINCT FROM clause skips identical rows so they count as unchanged.
 */
async function upsert(q: Queryable, sql: string, rows: unknown[][]): Promise<UpsertCounts> {
  const counts: UpsertCounts = { added: 0, changed: 0, unchanged: 0 };
  for (const params of rows) {
    const r = await q.query<{ inserted: boolean }>(sql, params);
    if (r.rowCount === 0) counts.unchanged++;
    else if (r.rows[0].inserted) counts.added++;
    else counts.changed++;
  }
  return counts;
}

export function upsertLas(q: Queryable, las: LaRecord[]): Promise<UpsertCounts> {
  return upsert(
    q,
    `INSERT INTO las (la_code, gss_code, name, region, la_type) VALUES ($1,$2,$3,$4,$5)
     ON CONFLICT (la_code) DO UPDATE SET gss_code = excluded.gss_code, name = excluded.name,
       region = excluded.region, la_type = excluded.la_type, updated_at = now()
     WHERE (las.gss_code, las.name, las.region, las.la_type)
       IS DISTINCT FROM (excluded.gss_code, excluded.name, excluded.region, excluded.la_type)
     RETURNING (xmax = 0) AS inserted`,
    las.map((l) => [l.la_code, l.gss_code, l.name, l.region, l.la_type]),
  );
}

const OFSTED_COLS = [
  "inspection_date",
  "publication_date",
  "overall_effectiveness",
  "leaders",
  "help_and_protection",
  "children_in_care",
  "care_leavers",
] as const;

export function upsertOfstedLatest(q: Queryable, rows: OfstedRecord[], asAt: string, sourceFile: string): Promise<UpsertCounts> {
  const cols = [...OFSTED_COLS, "as_at", "source_file"];
  const set = cols.map((c) => `${c} = excluded.${c}`).join(", ");
  const distinct = `(${cols.map((c) => `ofsted_judgements.${c}`).join(",")}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(",")})`;
  return upsert(
    q,
    `INSERT INTO ofsted_judgements (la_code, ${cols.join(", ")}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)
     ON CONFLICT (la_code) DO UPDATE SET ${set} WHERE ${distinct}
     RETURNING (xmax = 0) AS inserted`,
    rows.map((r) => [r.la_code, ...OFSTED_COLS.map((c) => r[c]), asAt, sourceFile]),
  );
}

export function upsertOfstedHistory(q: Queryable, rows: OfstedInspectionRecord[], sourceFile: string): Promise<UpsertCounts> {
  const cols = ["la_code", "gss_code", "la_status", "publication_date", "overall_effectiveness", "leaders", "help_and_protection", "children_in_care", "care_leavers", "source_file"];
  const set = cols.map((c) => `${c} = excluded.${c}`).join(", ");
  const distinct = `(${cols.map((c) => `ofsted_inspections.${c}`).join(",")}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(",")})`;
  return upsert(
    q,
    `INSERT INTO ofsted_inspections (la_name_ofsted, inspection_date, inspection_type, ${cols.join(", ")})
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)
     ON CONFLICT (la_name_ofsted, inspection_date, inspection_type) DO UPDATE SET ${set} WHERE ${distinct}
     RETURNING (xmax = 0) AS inserted`,
    rows.map((r) => [
      r.la_name_ofsted, r.inspection_date, r.inspection_type, r.la_code, r.gss_code, r.la_status, r.publication_date,
      r.overall_effectiveness, r.leaders, r.help_and_protection, r.children_in_care, r.care_leavers, sourceFile,
    ]),
  );
}

export function upsertLaContext(q: Queryable, rows: ContextRecord[], year: number): Promise<UpsertCounts> {
  const cols = [...CONTEXT_INT_COLUMNS, ...CONTEXT_NUM_COLUMNS, "sw_joint_return", "sources"];
  const placeholders = cols.map((_, i) => `$${i + 3}`).join(",");
  const set = cols.map((c) => `${c} = excluded.${c}`).join(", ");
  const distinct = `(${cols.map((c) => `la_context.${c}`).join(",")}) IS DISTINCT FROM (${cols.map((c) => `excluded.${c}`).join(",")})`;
  return upsert(
    q,
    `INSERT INTO la_context (la_code, year, ${cols.join(", ")}) VALUES ($1,$2,${placeholders})
     ON CONFLICT (la_code, year) DO UPDATE SET ${set} WHERE ${distinct}
     RETURNING (xmax = 0) AS inserted`,
    rows.map((r) => [r.la_code, year, ...cols.map((c) => (c === "sources" ? JSON.stringify(r.sources) : (r as any)[c]))]),
  );
}

export async function recordLoad(q: Queryable, dataset: string, sourceFile: string, sha256: string, c: UpsertCounts) {
  await q.query(
    `INSERT INTO reference_data_loads (dataset, source_file, sha256, added, changed, unchanged) VALUES ($1,$2,$3,$4,$5,$6)`,
    [dataset, sourceFile, sha256, c.added, c.changed, c.unchanged],
  );
}

export async function laCodes(q: Queryable): Promise<Set<string>> {
  const r = await q.query<{ la_code: string }>("SELECT la_code FROM las");
  return new Set(r.rows.map((x) => x.la_code));
}

export async function listLas(q: Queryable) {
  const r = await q.query<LaRecord>("SELECT la_code, gss_code, name, region, la_type FROM las ORDER BY la_code");
  return r.rows;
}

/** Children aged 0-17 in each LA from its latest LA context year with a figure (for per-10,000 rates in scoring). */
export async function childPopulations(q: Queryable, laCode?: string): Promise<Map<string, number>> {
  const r = await q.query<{ la_code: string; child_population: number }>(
    `SELECT DISTINCT ON (la_code) la_code, child_population_0_17::float8 AS child_population
       FROM la_context
      WHERE child_population_0_17 IS NOT NULL AND ($1::text IS NULL OR la_code = $1)
      ORDER BY la_code, year DESC`,
    [laCode ?? null],
  );
  return new Map(r.rows.map((x) => [x.la_code, x.child_population]));
}

/** One LA's register name, or null when the code is not in the register. */
export async function findLaName(q: Queryable, laCode: string): Promise<string | null> {
  const r = await q.query<{ name: string }>("SELECT name FROM las WHERE la_code = $1", [laCode]);
  return r.rows[0]?.name ?? null;
}

export function upsertStatisticalNeighbours(q: Queryable, rows: NeighbourRecord[]): Promise<UpsertCounts> {
  return upsert(
    q,
    `INSERT INTO statistical_neighbours (la_code, rank, neighbour_code, closeness) VALUES ($1,$2,$3,$4)
     ON CONFLICT (la_code, rank) DO UPDATE SET neighbour_code = excluded.neighbour_code, closeness = excluded.closeness
     WHERE (statistical_neighbours.neighbour_code, statistical_neighbours.closeness) IS DISTINCT FROM (excluded.neighbour_code, excluded.closeness)
     RETURNING (xmax = 0) AS inserted`,
    rows.map((r) => [r.la_code, r.rank, r.neighbour_code, r.closeness]),
  );
}
