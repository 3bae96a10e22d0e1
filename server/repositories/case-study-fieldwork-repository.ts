/** SQL for case-study fieldwork (migration 014): records, contacts, log, findings with frozen predictions, consultations. */
import type { Queryable } from "./queryable.ts";

export interface CaseStudyLaRow {
  laCode: string;
  name: string;
  region: string;
  laType: string;
  /** wave of the latest saved selection that picked the LA */
  wave: number;
  status: string;
  findings: number;
  consultations: number;
}

/** Every LA picked in any saved selection, with the wave of the latest selection that picked it. */
export async function listCaseStudyLas(db: Queryable): Promise<CaseStudyLaRow[]> {
  const { rows } = await db.query(
    `SELECT p.la_code, l.name, l.region, l.la_type, p.wave,
            COALESCE(r.status, 'invited') AS status,
            (SELECT count(*)::int FROM case_study_findings f WHERE f.la_code = p.la_code) AS findings,
            (SELECT count(*)::int FROM case_study_consultations c WHERE c.la_code = p.la_code) AS consultations
       FROM (SELECT DISTINCT ON (x.la_code) x.la_code, s.wave
               FROM case_study_selection_las x JOIN case_study_selections s ON s.id = x.selection_id
              WHERE x.role = 'pick'
              ORDER BY x.la_code, s.created_at DESC, s.id DESC) p
       JOIN las l ON l.la_code = p.la_code
       LEFT JOIN case_study_records r ON r.la_code = p.la_code
      ORDER BY p.wave, l.name`,
  );
  return rows.map((r) => ({
    laCode: r.la_code,
    name: r.name,
    region: r.region,
    laType: r.la_type,
    wave: Number(r.wave),
    status: r.status,
    findings: r.findings,
    consultations: r.consultations,
  }));
}

export interface CaseStudyRecord {
  status: string;
  declineReason: string | null;
  visitDates: string[];
  updatedAt: string | null;
}

export async function readRecord(db: Queryable, laCode: string): Promise<CaseStudyRecord> {
  const { rows } = await db.query(`SELECT status, decline_reason, visit_dates, updated_at FROM case_study_records WHERE la_code = $1`, [laCode]);
  if (rows.length === 0) return { status: "invited", declineReason: null, visitDates: [], updatedAt: null };
  const r = rows[0];
  return { status: r.status, declineReason: r.decline_reason, visitDates: r.visit_dates, updatedAt: new Date(r.updated_at).toISOString() };
}

export async function upsertRecord(
  db: Queryable,
  laCode: string,
  rec: { status: string; declineReason: string | null; visitDates: string[] },
  actor: string,
): Promise<void> {
  await db.query(
    `INSERT INTO case_study_records (la_code, status, decline_reason, visit_dates, updated_by)
     VALUES ($1, $2, $3, $4::jsonb, $5)
     ON CONFLICT (la_code) DO UPDATE SET status = EXCLUDED.status, decline_reason = EXCLUDED.decline_reason,
       visit_dates = EXCLUDED.visit_dates, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [laCode, rec.status, rec.declineReason, JSON.stringify(rec.visitDates), actor],
  );
}

export interface CaseStudyContact {
  id: string;
  name: string;
  email: string | null;
  role: string | null;
  erased: boolean;
}

export async function listContacts(db: Queryable, laCode: string): Promise<CaseStudyContact[]> {
  const { rows } = await db.query(`SELECT id, name, email, role, erased_at FROM case_study_contacts WHERE la_code = $1 ORDER BY id`, [laCode]);
  return rows.map((r) => ({ id: String(r.id), name: r.name, email: r.email, role: r.role, erased: r.erased_at != null }));
}

export async function insertContact(db: Queryable, laCode: string, c: { name: string; email: string | null; role: string | null }, actor: string): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO case_study_contacts (la_code, name, email, role, created_by) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [laCode, c.name, c.email, c.role, actor],
  );
  return String(rows[0].id);
}

export async function deleteContact(db: Queryable, laCode: string, id: string): Promise<boolean> {
  const { rowCount } = await db.query(`DELETE FROM case_study_contacts WHERE la_code = $1 AND id = $2`, [laCode, id]);
  return (rowCount ?? 0) > 0;
}

/** Case-study contacts with this address (erase-personal-data). */
export async function findContactIdsByEmail(db: Queryable, email: string): Promise<{ id: string; laCode: string }[]> {
  const { rows } = await db.query(`SELECT id, la_code FROM case_study_contacts WHERE lower(email) = lower($1) AND erased_at IS NULL ORDER BY id`, [email]);
  return rows.map((r) => ({ id: String(r.id), laCode: r.la_code }));
}

/** Replace a case-study contact's name and address with a pseudonym, keeping the row. */
export async function eraseContactById(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE case_study_contacts SET name = 'Erased contact ' || id, email = NULL, role = NULL, erased_at = now() WHERE id = $1`, [id]);
}

export interface LogEntry {
  id: string;
  entry: string;
  createdAt: string;
  createdBy: string;
}

export async function listLog(db: Queryable, laCode: string): Promise<LogEntry[]> {
  const { rows } = await db.query(`SELECT id, entry, created_at, created_by FROM case_study_log WHERE la_code = $1 ORDER BY created_at DESC, id DESC`, [laCode]);
  return rows.map((r) => ({ id: String(r.id), entry: r.entry, createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by }));
}

export async function insertLog(db: Queryable, laCode: string, entry: string, actor: string): Promise<void> {
  await db.query(`INSERT INTO case_study_log (la_code, entry, created_by) VALUES ($1, $2, $3)`, [laCode, entry, actor]);
}

export interface Prediction {
  indicatorId: string;
  band: string;
  score: number | null;
  rulesVersion: number;
  capabilityBand: string | null;
}

/** The LA's stored scores now, per indicator (empty when the LA has not been scored). */
export async function readPredictions(db: Queryable, laCode: string): Promise<Map<string, Prediction>> {
  const { rows } = await db.query(
    `SELECT i.indicator_id, i.band, i.score::float8 AS score, s.rules_version, s.capability_band
       FROM indicator_scores i JOIN la_scores s ON s.la_code = i.la_code WHERE i.la_code = $1`,
    [laCode],
  );
  return new Map(
    rows.map((r) => [r.indicator_id, { indicatorId: r.indicator_id, band: r.band, score: r.score, rulesVersion: r.rules_version, capabilityBand: r.capability_band }]),
  );
}

export interface FindingRow {
  laCode: string;
  indicatorId: string;
  result: string;
  reason: string | null;
  notes: string;
  definitionChange: string | null;
  proposalStatus: string | null;
  predictedBand: string;
  predictedScore: number | null;
  rulesVersion: number | null;
  wave: number | null;
  capabilityBand: string | null;
  ofstedTrajectory: string | null;
  recordedAt: string;
  recordedBy: string;
}

function findingRow(r: Record<string, any>): FindingRow {
  return {
    laCode: r.la_code,
    indicatorId: r.indicator_id,
    result: r.result,
    reason: r.reason,
    notes: r.notes,
    definitionChange: r.definition_change,
    proposalStatus: r.proposal_status,
    predictedBand: r.predicted_band,
    predictedScore: r.predicted_score == null ? null : Number(r.predicted_score),
    rulesVersion: r.rules_version,
    wave: r.wave,
    capabilityBand: r.capability_band,
    ofstedTrajectory: r.ofsted_trajectory,
    recordedAt: new Date(r.recorded_at).toISOString(),
    recordedBy: r.recorded_by,
  };
}

export async function listFindings(db: Queryable, laCode?: string): Promise<FindingRow[]> {
  const { rows } = await db.query(
    `SELECT * FROM case_study_findings WHERE ($1::text IS NULL OR la_code = $1) ORDER BY la_code, indicator_id`,
    [laCode ?? null],
  );
  return rows.map(findingRow);
}

export interface FindingWrite {
  indicatorId: string;
  result: string;
  reason: string | null;
  notes: string;
  definitionChange: string | null;
  prediction: { band: string; score: number | null; rulesVersion: number | null };
  wave: number;
  capabilityBand: string | null;
  ofstedTrajectory: string | null;
}

/**
 * Insert or update one finding. The prediction and the LA's grouping facts are written only on
 * insert: a later edit of the finding keeps what the survey said when the finding was first recorded.
 */
export async function upsertFinding(db: Queryable, laCode: string, f: FindingWrite, actor: string): Promise<void> {
  await db.query(
    `INSERT INTO case_study_findings (la_code, indicator_id, result, reason, notes, definition_change, proposal_status,
        predicted_band, predicted_score, rules_version, wave, capability_band, ofsted_trajectory, recorded_by)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE 'proposed' END, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT (la_code, indicator_id) DO UPDATE SET result = EXCLUDED.result, reason = EXCLUDED.reason, notes = EXCLUDED.notes,
       proposal_status = CASE WHEN EXCLUDED.definition_change IS NULL THEN NULL
                              WHEN EXCLUDED.definition_change IS DISTINCT FROM case_study_findings.definition_change THEN 'proposed'
                              ELSE case_study_findings.proposal_status END,
       definition_change = EXCLUDED.definition_change, updated_at = now()`,
    [
      laCode,
      f.indicatorId,
      f.result,
      f.reason,
      f.notes,
      f.definitionChange,
      f.prediction.band,
      f.prediction.score,
      f.prediction.rulesVersion,
      f.wave,
      f.capabilityBand,
      f.ofstedTrajectory,
      actor,
    ],
  );
}

export async function setProposalStatus(db: Queryable, laCode: string, indicatorId: string, status: string): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE case_study_findings SET proposal_status = $3 WHERE la_code = $1 AND indicator_id = $2 AND definition_change IS NOT NULL`,
    [laCode, indicatorId, status],
  );
  return (rowCount ?? 0) > 0;
}

export interface ConsultationRow {
  id: string;
  laCode: string;
  heldOn: string;
  format: string;
  group: string;
  participants: number;
  themes: { theme: string; outcomeArea: string | null; indicatorIds: string[] }[];
  createdAt: string;
}

export async function listConsultations(db: Queryable, laCode?: string): Promise<ConsultationRow[]> {
  const { rows } = await db.query(
    `SELECT id, la_code, to_char(held_on, 'YYYY-MM-DD') AS held_on, format, group_label, participants, themes, created_at
       FROM case_study_consultations WHERE ($1::text IS NULL OR la_code = $1) ORDER BY held_on DESC, id DESC`,
    [laCode ?? null],
  );
  return rows.map((r) => ({
    id: String(r.id),
    laCode: r.la_code,
    heldOn: r.held_on,
    format: r.format,
    group: r.group_label,
    participants: r.participants,
    themes: r.themes,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}

export async function insertConsultation(
  db: Queryable,
  laCode: string,
  c: { heldOn: string; format: string; group: string; participants: number; themes: ConsultationRow["themes"] },
  actor: string,
): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO case_study_consultations (la_code, held_on, format, group_label, participants, themes, created_by)
     VALUES ($1, $2::date, $3, $4, $5, $6::jsonb, $7) RETURNING id`,
    [laCode, c.heldOn, c.format, c.group, c.participants, JSON.stringify(c.themes), actor],
  );
  return String(rows[0].id);
}
