/**
 * Data for case-study selection: the candidate LAs with their reference data, survey status,
 * case-study answer and capability from scoring; the ILACS history; and saved selections
 * (migration 007). SQL only; the selection itself is server/domain/case-studies.
 */
import type { Queryable } from "./queryable.ts";
import type { SelectionResult } from "../domain/case-studies/types.ts";

export interface CandidateRow {
  la_code: string;
  name: string;
  region: string;
  la_type: string;
  /** latest overall effectiveness (ofsted_judgements), null if none */
  ofsted: string | null;
  child_population: number | null;
  cin_count: number | null;
  /** primary FSM %, or secondary when primary is suppressed */
  fsm_pct: number | null;
  /** responses.status, null when the LA has no response row */
  response_status: string | null;
  /** answer to "Would your authority be willing to take part in case-study work?" (cs_willing) */
  cs_willing: string | null;
  /** from la_scores (migration 006); null when the LA has not been scored */
  capability_band: string | null;
  capability_score: number | null;
}

/** One row per LA in the register (153), in la_code order. */
export async function listCandidateRows(db: Queryable): Promise<CandidateRow[]> {
  const { rows } = await db.query<CandidateRow>(
    `SELECT l.la_code, l.name, l.region, l.la_type,
            NULLIF(o.overall_effectiveness, '') AS ofsted,
            c.child_population_0_17::float8 AS child_population,
            c.cin_at_31_march::float8 AS cin_count,
            COALESCE(c.fsm_primary_pct, c.fsm_secondary_pct)::float8 AS fsm_pct,
            r.status AS response_status,
            r.data->>'cs_willing' AS cs_willing,
            s.capability_band,
            s.capability_score::float8 AS capability_score
       FROM las l
       LEFT JOIN ofsted_judgements o ON o.la_code = l.la_code
       LEFT JOIN LATERAL (SELECT * FROM la_context x WHERE x.la_code = l.la_code ORDER BY x.year DESC LIMIT 1) c ON true
       LEFT JOIN responses r ON r.la_code = l.la_code
       LEFT JOIN la_scores s ON s.la_code = l.la_code
      ORDER BY l.la_code`,
  );
  return rows;
}

export interface HistoryRow {
  la_code: string | null;
  /** ISO yyyy-mm-dd */
  inspection_date: string;
  overall_effectiveness: string | null;
  inspection_type: string;
}

/** Every ILACS standard and short inspection in ofsted_inspections (defunct LAs have la_code NULL). */
export async function listOfstedHistory(db: Queryable): Promise<HistoryRow[]> {
  const { rows } = await db.query<HistoryRow>(
    `SELECT la_code, to_char(inspection_date, 'YYYY-MM-DD') AS inspection_date, overall_effectiveness, inspection_type
       FROM ofsted_inspections ORDER BY la_code NULLS LAST, inspection_date`,
  );
  return rows;
}

export interface NewSelection {
  wave: 1 | 2;
  k: number;
  seed: number;
  objective: number;
  parameters: Record<string, unknown>;
  result: SelectionResult;
  createdBy: string;
  createdByKind: "user" | "system";
}

export interface SavedSelection {
  id: string;
  wave: 1 | 2;
  k: number;
  seed: number;
  objective: number;
  parameters: Record<string, unknown>;
  result: SelectionResult;
  isCurrent: boolean;
  createdBy: string;
  createdByKind: "user" | "system";
  createdAt: Date;
  /** la_codes of the picks, in result order */
  picks: string[];
}

interface SelectionDbRow {
  id: string;
  wave: number;
  k: number;
  seed: number;
  objective: number;
  parameters: Record<string, unknown>;
  result: SelectionResult;
  is_current: boolean;
  created_by: string;
  created_by_kind: "user" | "system";
  created_at: Date;
}

function toSaved(r: SelectionDbRow): SavedSelection {
  return {
    id: String(r.id),
    wave: r.wave as 1 | 2,
    k: r.k,
    seed: r.seed,
    objective: Number(r.objective),
    parameters: r.parameters,
    result: r.result,
    isCurrent: r.is_current,
    createdBy: r.created_by,
    createdByKind: r.created_by_kind,
    createdAt: r.created_at,
    picks: r.result.picks.map((p) => p.la_code),
  };
}

const COLUMNS = `id::text AS id, wave, k, seed, objective, parameters, result, is_current, created_by, created_by_kind, created_at`;

/**
 * Save a selection as the current one of its wave (the previous current one stays as history).
 * Two statements plus the pick rows: call it inside a transaction (withTransaction) with its client.
 */
export async function insertSelection(db: Queryable, s: NewSelection): Promise<SavedSelection> {
  await db.query(`UPDATE case_study_selections SET is_current = false WHERE wave = $1 AND is_current`, [s.wave]);
  const { rows } = await db.query<SelectionDbRow>(
    `INSERT INTO case_study_selections (wave, k, seed, objective, parameters, result, created_by, created_by_kind)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb, $7, $8) RETURNING ${COLUMNS}`,
    [s.wave, s.k, s.seed, s.objective, JSON.stringify(s.parameters), JSON.stringify(s.result), s.createdBy, s.createdByKind],
  );
  const saved = toSaved(rows[0]);
  const values: unknown[] = [];
  const tuples: string[] = [];
  const push = (role: string, position: number, laCode: string, forLaCode: string | null, rationale: string) => {
    const b = values.length;
    tuples.push(`($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6})`);
    values.push(saved.id, role, position, laCode, forLaCode, rationale);
  };
  s.result.picks.forEach((p, i) => push("pick", i + 1, p.la_code, null, p.rationale));
  s.result.reserves.forEach((r) => {
    const position = s.result.picks.findIndex((p) => p.la_code === r.for_la_code) + 1;
    if (r.la_code && position > 0) push("reserve", position, r.la_code, r.for_la_code, r.note);
  });
  if (tuples.length) {
    await db.query(
      `INSERT INTO case_study_selection_las (selection_id, role, position, la_code, for_la_code, rationale) VALUES ${tuples.join(", ")}`,
      values,
    );
  }
  return saved;
}

/** The current (latest saved) selection of a wave, or null. */
export async function findCurrentSelection(db: Queryable, wave: 1 | 2): Promise<SavedSelection | null> {
  const { rows } = await db.query<SelectionDbRow>(`SELECT ${COLUMNS} FROM case_study_selections WHERE wave = $1 AND is_current`, [wave]);
  return rows[0] ? toSaved(rows[0]) : null;
}

/** Saved selections, newest first. */
export async function listSelections(db: Queryable, f: { wave?: 1 | 2; limit?: number } = {}): Promise<SavedSelection[]> {
  const { rows } = await db.query<SelectionDbRow>(
    `SELECT ${COLUMNS} FROM case_study_selections WHERE ($1::smallint IS NULL OR wave = $1) ORDER BY created_at DESC, id DESC LIMIT $2`,
    [f.wave ?? null, f.limit ?? 100],
  );
  return rows.map(toSaved);
}

export interface SelectionLaRow {
  selection_id: string;
  wave: number;
  role: "pick" | "reserve";
  position: number;
  la_code: string;
  la_name: string;
  for_la_code: string | null;
  rationale: string;
  created_at: Date;
}

/** Picks and reserves of the current selection of each wave (for the export's "Case studies" sheet). */
export async function listCurrentSelectionLas(db: Queryable): Promise<SelectionLaRow[]> {
  const { rows } = await db.query<SelectionLaRow>(
    `SELECT s.id::text AS selection_id, s.wave, x.role, x.position, x.la_code, l.name AS la_name, x.for_la_code, x.rationale, s.created_at
       FROM case_study_selections s
       JOIN case_study_selection_las x ON x.selection_id = s.id
       JOIN las l ON l.la_code = x.la_code
      WHERE s.is_current
      ORDER BY s.wave, x.position, x.role`,
  );
  return rows;
}

/** One row per pick and per reserve of every saved selection (newest first), shaped for the export's
 *  "Case studies" sheet (server/domain/exports/build-sheets.ts CaseStudyRecord). `createdBy` is the
 *  saver's e-mail (personal: the export shows it only with includePersonal) or "command line". */
export async function caseStudyRecordsForExport(db: Queryable): Promise<
  {
    selectionId: string;
    selectionName: string;
    createdAt: Date;
    laCode: string;
    laName: string;
    role: "selected" | "reserve";
    stratum: string | null;
    rationale: string;
    createdBy: string | null;
  }[]
> {
  const selections = await listSelections(db, { limit: 10_000 });
  const userIds = [...new Set(selections.filter((s) => s.createdByKind === "user").map((s) => s.createdBy))];
  const labels = new Map<string, string>();
  if (userIds.length) {
    const { rows } = await db.query<{ id: string; email: string; erased: boolean }>(
      `SELECT id::text AS id, email, erased_at IS NOT NULL AS erased FROM users WHERE id::text = ANY($1::text[])`,
      [userIds],
    );
    for (const r of rows) labels.set(r.id, r.erased ? `erased user ${r.id.slice(0, 8)}` : r.email);
  }
  const trajectoryWords: Record<string, string> = {
    improved: "improved",
    declined: "declined",
    stable_good_outstanding: "stable good/outstanding",
    stable_ri_inadequate: "stable RI/inadequate",
    single_inspection: "single inspection",
    not_inspected: "not inspected",
  };
  return selections.flatMap((s) => {
    const name = `Wave ${s.wave} selection #${s.id} (k = ${s.k}, seed ${s.seed}, objective ${(s.objective * 100).toFixed(1)})${s.isCurrent ? " current" : " superseded"}`;
    const createdBy = s.createdByKind === "user" ? (labels.get(s.createdBy) ?? s.createdBy) : "command line";
    const picks = s.result.picks.map((p) => ({
      selectionId: s.id,
      selectionName: name,
      createdAt: s.createdAt,
      laCode: p.la_code,
      laName: p.la_name,
      role: "selected" as const,
      stratum: `${trajectoryWords[p.trajectory] ?? p.trajectory} x ${p.capability_band}`,
      rationale: p.rationale,
      createdBy,
    }));
    const reserves = s.result.reserves
      .filter((r) => r.la_code)
      .map((r) => ({
        selectionId: s.id,
        selectionName: name,
        createdAt: s.createdAt,
        laCode: r.la_code!,
        laName: r.la_name!,
        role: "reserve" as const,
        stratum: null,
        rationale: `Reserve for ${r.for_la_code}. ${r.note}`,
        createdBy,
      }));
    return [...picks, ...reserves];
  });
}
