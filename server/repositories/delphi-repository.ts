/** Every SQL statement of the Delphi consultation (studies, items, panel, rounds, ratings, decisions). */
import type { Queryable } from "./queryable.ts";
import { DEFAULT_REMINDERS, type StudySettings } from "../domain/delphi/settings.ts";

export interface StudyRow {
  id: string;
  title: string;
  settings: StudySettings;
  rulesVersion: number;
  rulesLockedAt: Date | null;
  catalogueVersion: number | null;
  createdAt: Date;
}

const toStudy = (r: Record<string, any>): StudyRow => ({
  id: String(r.id),
  title: r.title,
  // studies saved before reminders had settings get the default interval
  settings: { ...r.settings, reminders: r.settings.reminders ?? DEFAULT_REMINDERS },
  rulesVersion: r.rules_version,
  rulesLockedAt: r.rules_locked_at,
  catalogueVersion: r.catalogue_version,
  createdAt: r.created_at,
});

export async function insertStudy(db: Queryable, title: string, settings: StudySettings, catalogueVersion: number, createdBy: string): Promise<string> {
  const { rows } = await db.query(`INSERT INTO delphi_studies (title, settings, catalogue_version, created_by) VALUES ($1, $2, $3, $4) RETURNING id`, [
    title,
    JSON.stringify(settings),
    catalogueVersion,
    createdBy,
  ]);
  return String(rows[0].id);
}

export async function findStudy(db: Queryable, id: string, forUpdate = false): Promise<StudyRow | null> {
  const { rows } = await db.query(`SELECT * FROM delphi_studies WHERE id = $1${forUpdate ? " FOR UPDATE" : ""}`, [id]);
  return rows[0] ? toStudy(rows[0]) : null;
}

export async function listStudies(db: Queryable): Promise<(StudyRow & { panellists: number; rounds: number })[]> {
  const { rows } = await db.query(
    `SELECT s.*, (SELECT count(*) FROM delphi_panellists p WHERE p.study_id = s.id AND p.revoked_at IS NULL)::int AS panellists,
            (SELECT count(*) FROM delphi_rounds r WHERE r.study_id = s.id)::int AS rounds
       FROM delphi_studies s ORDER BY s.created_at DESC, s.id DESC`,
  );
  return rows.map((r) => ({ ...toStudy(r), panellists: r.panellists, rounds: r.rounds }));
}

export async function updateSettings(db: Queryable, id: string, settings: StudySettings, bumpRulesVersion: boolean): Promise<void> {
  await db.query(`UPDATE delphi_studies SET settings = $2, rules_version = rules_version + $3 WHERE id = $1`, [id, JSON.stringify(settings), bumpRulesVersion ? 1 : 0]);
}

export async function lockRules(db: Queryable, id: string): Promise<void> {
  await db.query(`UPDATE delphi_studies SET rules_locked_at = now() WHERE id = $1 AND rules_locked_at IS NULL`, [id]);
}

export interface ItemRow {
  id: string;
  indicatorId: string | null;
  name: string;
  definition: string;
  outcomeArea: string;
  origin: "catalogue" | "researcher" | "panellist";
  derivedFrom: string[];
}

export async function insertItem(db: Queryable, studyId: string, item: Omit<ItemRow, "id">, position: number): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO delphi_items (study_id, indicator_id, name, definition, outcome_area, origin, derived_from, position)
     VALUES ($1, $2, $3, $4, $5, $6, $7::bigint[], $8) RETURNING id`,
    [studyId, item.indicatorId, item.name, item.definition, item.outcomeArea, item.origin, item.derivedFrom, position],
  );
  return String(rows[0].id);
}

export async function listItems(db: Queryable, studyId: string): Promise<ItemRow[]> {
  const { rows } = await db.query(
    `SELECT id, indicator_id, name, definition, outcome_area, origin, derived_from::text[] AS derived_from
       FROM delphi_items WHERE study_id = $1 ORDER BY position, id`,
    [studyId],
  );
  return rows.map((r) => ({
    id: String(r.id),
    indicatorId: r.indicator_id,
    name: r.name,
    definition: r.definition,
    outcomeArea: r.outcome_area,
    origin: r.origin,
    derivedFrom: r.derived_from,
  }));
}

export interface PanellistRow {
  id: string;
  studyId: string;
  name: string;
  email: string;
  group: string;
  consentAt: Date | null;
  revokedAt: Date | null;
  erasedAt: Date | null;
}

export const toPanellist = (r: Record<string, any>): PanellistRow => ({
  id: String(r.id),
  studyId: String(r.study_id),
  name: r.name,
  email: r.email,
  group: r.group_key,
  consentAt: r.consent_at,
  revokedAt: r.revoked_at,
  erasedAt: r.erased_at,
});

export async function insertPanellist(db: Queryable, studyId: string, p: { name: string; email: string; group: string; consent: boolean }, tokenHash: string): Promise<string> {
  const { rows } = await db.query(
    `INSERT INTO delphi_panellists (study_id, name, email, group_key, consent_at, token_hash) VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, $6) RETURNING id`,
    [studyId, p.name, p.email, p.group, p.consent, tokenHash],
  );
  return String(rows[0].id);
}

export async function listPanellists(db: Queryable, studyId: string): Promise<PanellistRow[]> {
  const { rows } = await db.query(`SELECT * FROM delphi_panellists WHERE study_id = $1 ORDER BY id`, [studyId]);
  return rows.map(toPanellist);
}

export async function revokePanellist(db: Queryable, studyId: string, panellistId: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE delphi_panellists SET revoked_at = now() WHERE study_id = $1 AND id = $2 AND revoked_at IS NULL`, [studyId, panellistId]);
  return (rowCount ?? 0) > 0;
}

/** The live (not revoked) panellist behind a link token's hash: their first link or one sent with a reminder. */
export async function findPanellistByTokenHash(db: Queryable, tokenHash: string): Promise<PanellistRow | null> {
  const { rows } = await db.query(
    `SELECT * FROM delphi_panellists
      WHERE revoked_at IS NULL
        AND id IN (SELECT id FROM delphi_panellists WHERE token_hash = $1 UNION ALL SELECT panellist_id FROM delphi_panellist_links WHERE token_hash = $1)`,
    [tokenHash],
  );
  return rows[0] ? toPanellist(rows[0]) : null;
}

export interface RoundRow {
  id: string;
  number: number;
  itemIds: string[];
  eligible: "all" | "previousCompleters";
  openedAt: Date;
  closesAt: Date | null;
  /** closed by the researcher, or its closing time has passed */
  closed: boolean;
  closedAt: Date | null;
}

const ROUND_COLUMNS = `id, number, item_ids::text[] AS item_ids, eligible, opened_at, closes_at, closed_at,
  (closed_at IS NOT NULL OR (closes_at IS NOT NULL AND closes_at <= now())) AS closed`;

const toRound = (r: Record<string, any>): RoundRow => ({
  id: String(r.id),
  number: r.number,
  itemIds: r.item_ids,
  eligible: r.eligible,
  openedAt: r.opened_at,
  closesAt: r.closes_at,
  closed: r.closed,
  closedAt: r.closed_at ?? (r.closed ? r.closes_at : null),
});

export async function listRounds(db: Queryable, studyId: string): Promise<RoundRow[]> {
  const { rows } = await db.query(`SELECT ${ROUND_COLUMNS} FROM delphi_rounds WHERE study_id = $1 ORDER BY number`, [studyId]);
  return rows.map(toRound);
}

export async function insertRound(db: Queryable, studyId: string, number: number, itemIds: string[], eligible: string, closesAt: Date | null): Promise<RoundRow> {
  const { rows } = await db.query(
    `INSERT INTO delphi_rounds (study_id, number, item_ids, eligible, closes_at) VALUES ($1, $2, $3::bigint[], $4, $5) RETURNING ${ROUND_COLUMNS}`,
    [studyId, number, itemIds, eligible, closesAt],
  );
  return toRound(rows[0]);
}

export async function closeRound(db: Queryable, roundId: string): Promise<void> {
  await db.query(`UPDATE delphi_rounds SET closed_at = COALESCE(closed_at, LEAST(now(), COALESCE(closes_at, now()))) WHERE id = $1`, [roundId]);
}

export async function insertParticipants(db: Queryable, roundId: string, panellistIds: string[]): Promise<void> {
  await db.query(`INSERT INTO delphi_participants (round_id, panellist_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING`, [roundId, panellistIds]);
}

export interface ParticipantRow {
  panellistId: string;
  group: string;
  itemOrder: string[] | null;
  submittedAt: Date | null;
}

export async function listParticipants(db: Queryable, roundId: string): Promise<ParticipantRow[]> {
  const { rows } = await db.query(
    `SELECT pa.panellist_id, p.group_key, pa.item_order::text[] AS item_order, pa.submitted_at
       FROM delphi_participants pa JOIN delphi_panellists p ON p.id = pa.panellist_id WHERE pa.round_id = $1 ORDER BY pa.panellist_id`,
    [roundId],
  );
  return rows.map((r) => ({ panellistId: String(r.panellist_id), group: r.group_key, itemOrder: r.item_order, submittedAt: r.submitted_at }));
}

export async function findParticipant(db: Queryable, roundId: string, panellistId: string, forUpdate = false): Promise<ParticipantRow | null> {
  const { rows } = await db.query(
    `SELECT pa.panellist_id, p.group_key, pa.item_order::text[] AS item_order, pa.submitted_at
       FROM delphi_participants pa JOIN delphi_panellists p ON p.id = pa.panellist_id
      WHERE pa.round_id = $1 AND pa.panellist_id = $2${forUpdate ? " FOR UPDATE OF pa" : ""}`,
    [roundId, panellistId],
  );
  const r = rows[0];
  return r ? { panellistId: String(r.panellist_id), group: r.group_key, itemOrder: r.item_order, submittedAt: r.submitted_at } : null;
}

export async function setItemOrder(db: Queryable, roundId: string, panellistId: string, order: string[]): Promise<void> {
  await db.query(`UPDATE delphi_participants SET item_order = $3::bigint[] WHERE round_id = $1 AND panellist_id = $2 AND item_order IS NULL`, [roundId, panellistId, order]);
}

export async function markSubmitted(db: Queryable, roundId: string, panellistId: string): Promise<void> {
  await db.query(`UPDATE delphi_participants SET submitted_at = now() WHERE round_id = $1 AND panellist_id = $2 AND submitted_at IS NULL`, [roundId, panellistId]);
}

export interface RatingRow {
  roundId: string;
  panellistId: string;
  group: string;
  itemId: string;
  rating: number | null;
  unable: boolean;
  comment: string | null;
  commentStatus: "pending" | "approved" | "redacted";
}

const toRating = (r: Record<string, any>): RatingRow => ({
  roundId: String(r.round_id),
  panellistId: String(r.panellist_id),
  group: r.group_key,
  itemId: String(r.item_id),
  rating: r.rating,
  unable: r.unable,
  comment: r.comment,
  commentStatus: r.comment_status,
});

/** Every rating of a study, each with its panellist's group. */
export async function listRatings(db: Queryable, studyId: string): Promise<RatingRow[]> {
  const { rows } = await db.query(
    `SELECT ra.*, p.group_key FROM delphi_ratings ra
       JOIN delphi_rounds r ON r.id = ra.round_id JOIN delphi_panellists p ON p.id = ra.panellist_id
      WHERE r.study_id = $1 ORDER BY ra.round_id, ra.item_id, ra.panellist_id`,
    [studyId],
  );
  return rows.map(toRating);
}

/** One panellist's ratings in a round. */
export async function listOwnRatings(db: Queryable, roundId: string, panellistId: string): Promise<RatingRow[]> {
  const { rows } = await db.query(
    `SELECT ra.*, p.group_key FROM delphi_ratings ra JOIN delphi_panellists p ON p.id = ra.panellist_id WHERE ra.round_id = $1 AND ra.panellist_id = $2`,
    [roundId, panellistId],
  );
  return rows.map(toRating);
}

export async function upsertRating(db: Queryable, roundId: string, panellistId: string, itemId: string, rating: number | null, unable: boolean): Promise<void> {
  await db.query(
    `INSERT INTO delphi_ratings (round_id, panellist_id, item_id, rating, unable) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (round_id, panellist_id, item_id) DO UPDATE SET rating = EXCLUDED.rating, unable = EXCLUDED.unable, updated_at = now()`,
    [roundId, panellistId, itemId, rating, unable],
  );
}

/** A changed comment goes back to moderation. */
export async function upsertComment(db: Queryable, roundId: string, panellistId: string, itemId: string, comment: string | null): Promise<void> {
  await db.query(
    `INSERT INTO delphi_ratings (round_id, panellist_id, item_id, comment) VALUES ($1, $2, $3, $4)
     ON CONFLICT (round_id, panellist_id, item_id) DO UPDATE
       SET comment = EXCLUDED.comment, updated_at = now(),
           comment_status = CASE WHEN delphi_ratings.comment IS DISTINCT FROM EXCLUDED.comment THEN 'pending' ELSE delphi_ratings.comment_status END`,
    [roundId, panellistId, itemId, comment],
  );
}

export async function setCommentStatus(db: Queryable, studyId: string, roundId: string, panellistId: string, itemId: string, status: "approved" | "redacted"): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE delphi_ratings ra SET comment_status = $5 FROM delphi_rounds r
      WHERE r.id = ra.round_id AND r.study_id = $1 AND ra.round_id = $2 AND ra.panellist_id = $3 AND ra.item_id = $4 AND ra.comment IS NOT NULL`,
    [studyId, roundId, panellistId, itemId, status],
  );
  return (rowCount ?? 0) > 0;
}

export interface DecisionRow {
  itemId: string;
  decision: "include" | "exclude";
  reason: string;
  decidedAt: Date;
}

export async function upsertDecision(db: Queryable, studyId: string, itemId: string, decision: string, reason: string, decidedBy: string): Promise<void> {
  await db.query(
    `INSERT INTO delphi_decisions (study_id, item_id, decision, reason, decided_by) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (study_id, item_id) DO UPDATE SET decision = EXCLUDED.decision, reason = EXCLUDED.reason, decided_by = EXCLUDED.decided_by, decided_at = now()`,
    [studyId, itemId, decision, reason, decidedBy],
  );
}

export async function listDecisions(db: Queryable, studyId: string): Promise<DecisionRow[]> {
  const { rows } = await db.query(`SELECT item_id, decision, reason, decided_at FROM delphi_decisions WHERE study_id = $1`, [studyId]);
  return rows.map((r) => ({ itemId: String(r.item_id), decision: r.decision, reason: r.reason, decidedAt: r.decided_at }));
}

/** Pseudonymise every panellist with this e-mail address; returns their ids. */
export async function erasePanellistsByEmail(db: Queryable, email: string, dryRun: boolean): Promise<{ id: string; studyId: string }[]> {
  const sql = dryRun
    ? `SELECT id, study_id FROM delphi_panellists WHERE lower(email) = lower($1) AND erased_at IS NULL`
    : `UPDATE delphi_panellists SET name = 'erased panellist ' || id::text, email = 'erased-panellist-' || id::text || '@invalid', erased_at = now(), revoked_at = COALESCE(revoked_at, now())
        WHERE lower(email) = lower($1) AND erased_at IS NULL RETURNING id, study_id`;
  const { rows } = await db.query(sql, [email]);
  return rows.map((r) => ({ id: String(r.id), studyId: String(r.study_id) }));
}

export interface ProposalRow {
  id: string;
  name: string;
  rationale: string;
  status: "pending" | "accepted" | "merged" | "declined";
  reason: string | null;
  itemId: string | null;
  createdAt: Date;
}

const toProposal = (r: Record<string, any>): ProposalRow => ({
  id: String(r.id),
  name: r.name,
  rationale: r.rationale,
  status: r.status,
  reason: r.reason,
  itemId: r.item_id === null ? null : String(r.item_id),
  createdAt: r.created_at,
});

export async function insertProposal(db: Queryable, studyId: string, panellistId: string, name: string, rationale: string): Promise<string> {
  const { rows } = await db.query(`INSERT INTO delphi_proposals (study_id, panellist_id, name, rationale) VALUES ($1, $2, $3, $4) RETURNING id`, [studyId, panellistId, name, rationale]);
  return String(rows[0].id);
}

export async function listProposals(db: Queryable, studyId: string): Promise<ProposalRow[]> {
  const { rows } = await db.query(`SELECT * FROM delphi_proposals WHERE study_id = $1 ORDER BY id`, [studyId]);
  return rows.map(toProposal);
}

export async function findProposal(db: Queryable, studyId: string, proposalId: string): Promise<ProposalRow | null> {
  const { rows } = await db.query(`SELECT * FROM delphi_proposals WHERE study_id = $1 AND id = $2 FOR UPDATE`, [studyId, proposalId]);
  return rows[0] ? toProposal(rows[0]) : null;
}

export async function decideProposal(db: Queryable, proposalId: string, status: string, reason: string, itemId: string | null, decidedBy: string): Promise<void> {
  await db.query(`UPDATE delphi_proposals SET status = $2, reason = $3, item_id = $4, decided_by = $5, decided_at = now() WHERE id = $1`, [proposalId, status, reason, itemId, decidedBy]);
}
