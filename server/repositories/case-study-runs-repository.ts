/**
 * Kept case-study selection runs (migration 030): every run, saved or not, with what was asked, what
 * it resolved to and its result. SQL only.
 */
import type { Queryable } from "./queryable.ts";
import type { SelectionResult } from "../domain/case-studies/types.ts";

export interface NewRun {
  wave: 1 | 2;
  k: number;
  seed: number;
  objective: number;
  request: Record<string, unknown>;
  parameters: Record<string, unknown>;
  result: SelectionResult;
  note: string | null;
  selectionId: string | null;
  createdBy: string;
  createdByKind: "user" | "system";
}

export interface KeptRun extends NewRun {
  id: string;
  createdAt: Date;
}

interface RunRow {
  id: string;
  wave: number;
  k: number;
  seed: number;
  objective: number;
  request: Record<string, unknown>;
  parameters: Record<string, unknown>;
  result: SelectionResult;
  note: string | null;
  selection_id: string | null;
  created_by: string;
  created_by_kind: "user" | "system";
  created_at: Date;
}

const COLUMNS = `id::text AS id, wave, k, seed, objective, request, parameters, result, note, selection_id::text AS selection_id,
  created_by, created_by_kind, created_at`;

function toRun(r: RunRow): KeptRun {
  return {
    id: r.id,
    wave: r.wave as 1 | 2,
    k: r.k,
    seed: r.seed,
    objective: Number(r.objective),
    request: r.request,
    parameters: r.parameters,
    result: r.result,
    note: r.note,
    selectionId: r.selection_id,
    createdBy: r.created_by,
    createdByKind: r.created_by_kind,
    createdAt: r.created_at,
  };
}

export async function insertRun(db: Queryable, r: NewRun): Promise<KeptRun> {
  const { rows } = await db.query<RunRow>(
    `INSERT INTO case_study_runs (wave, k, seed, objective, request, parameters, result, note, selection_id, created_by, created_by_kind)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7::jsonb, $8, $9::bigint, $10, $11) RETURNING ${COLUMNS}`,
    [r.wave, r.k, r.seed, r.objective, JSON.stringify(r.request), JSON.stringify(r.parameters), JSON.stringify(r.result), r.note, r.selectionId, r.createdBy, r.createdByKind],
  );
  return toRun(rows[0]);
}

/** Kept runs, newest first. */
export async function listRuns(db: Queryable, f: { limit: number }): Promise<KeptRun[]> {
  const { rows } = await db.query<RunRow>(`SELECT ${COLUMNS} FROM case_study_runs ORDER BY created_at DESC, id DESC LIMIT $1`, [f.limit]);
  return rows.map(toRun);
}

export async function findRun(db: Queryable, id: string): Promise<KeptRun | null> {
  const { rows } = await db.query<RunRow>(`SELECT ${COLUMNS} FROM case_study_runs WHERE id = $1::bigint`, [id]);
  return rows[0] ? toRun(rows[0]) : null;
}

export async function linkRunToSelection(db: Queryable, runId: string, selectionId: string): Promise<void> {
  await db.query(`UPDATE case_study_runs SET selection_id = $2::bigint WHERE id = $1::bigint`, [runId, selectionId]);
}

export interface RecordedDecline {
  laCode: string;
  laName: string;
  reason: string | null;
  recordedAt: string;
}

/** LAs whose case-study fieldwork record says they declined, with the reason, newest first. */
export async function listRecordedDeclines(db: Queryable): Promise<RecordedDecline[]> {
  const { rows } = await db.query<{ la_code: string; name: string; decline_reason: string | null; updated_at: Date }>(
    `SELECT r.la_code, l.name, r.decline_reason, r.updated_at
       FROM case_study_records r JOIN las l ON l.la_code = r.la_code
      WHERE r.status = 'declined'
      ORDER BY r.updated_at DESC, r.la_code`,
  );
  return rows.map((r) => ({ laCode: r.la_code, laName: r.name, reason: r.decline_reason, recordedAt: new Date(r.updated_at).toISOString() }));
}
