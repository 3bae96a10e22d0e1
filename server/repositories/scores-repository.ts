/**
 * Stored feasibility scores (sql/migrations/006_create_scores.sql). Functions take a Queryable: pass
 * the pool, or the transaction's client when inside a transaction (PGlite deadlocks otherwise).
 */
import type { BandId, BarrierCode } from "../domain/definitions/types.ts";
import type { CapabilityBand, CapabilityProfile, IndicatorExplanation, ItemScore, LaScores } from "../domain/scoring/types.ts";
import type { Queryable } from "./queryable.ts";

/** What one scoring of one LA's response produced, ready to store. */
export interface StoredScoresInput {
  laCode: string;
  responseId: number | string;
  responseVersion: number;
  responseStatus: string;
  surveyId: string;
  definitionVersion: number;
  definitionHash: string;
  answeredVersion: number;
  engineVersion: number;
  scores: LaScores;
  /** One per indicator, in the same order as scores.indicators. */
  explanations: IndicatorExplanation[];
}

/** Advisory lock class for score replacement (the migration number), so concurrent recomputes of one LA serialise. */
const LOCK_CLASS = 6;

function num(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

/**
 * Replaces every stored score of one LA (LA row, indicators, items) with `input`. Run it inside a
 * transaction (the caller's client): it takes a transaction-scoped advisory lock on the LA, deletes
 * the old rows and inserts the new ones with three statements.
 */
export async function replaceScoresForLa(db: Queryable, input: StoredScoresInput): Promise<void> {
  const s = input.scores;
  const counts: Record<BandId, number> = { ready_now: 0, feasible_with_development: 0, not_feasible_now: 0, not_enough_information: 0 };
  for (const i of s.indicators) counts[i.band]++;
  const cap = s.capability.summary;
  await db.query("SELECT pg_advisory_xact_lock($1, hashtext($2))", [LOCK_CLASS, input.laCode]);
  await db.query("DELETE FROM la_scores WHERE la_code = $1", [input.laCode]);
  await db.query(
    `INSERT INTO la_scores (la_code, response_id, response_version, response_status, survey_id, definition_version,
       definition_hash, answered_version, rules_id, rules_version, engine_version, capability_band, capability_score,
       median_level, lowest_level, capability, ready_now, feasible_with_development, not_feasible_now, not_enough_information)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)`,
    [
      input.laCode,
      input.responseId,
      input.responseVersion,
      input.responseStatus,
      input.surveyId,
      input.definitionVersion,
      input.definitionHash,
      input.answeredVersion,
      s.rulesId,
      s.rulesVersion,
      input.engineVersion,
      cap.band,
      cap.score,
      cap.medianLevel,
      cap.lowestLevel,
      JSON.stringify(s.capability),
      counts.ready_now,
      counts.feasible_with_development,
      counts.not_feasible_now,
      counts.not_enough_information,
    ],
  );
  if (s.indicators.length > 0) {
    await db.query(
      `INSERT INTO indicator_scores (la_code, indicator_id, position, score, band, barriers, weakest_item_ids, summary, explanation)
       SELECT $1, t.indicator_id, t.position, t.score, t.band, string_to_array(t.barriers, ','), string_to_array(t.weakest, ','), t.summary, t.explanation::jsonb
       FROM unnest($2::text[], $3::numeric[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[]) WITH ORDINALITY
         AS t(indicator_id, score, band, barriers, weakest, summary, explanation, position)`,
      [
        input.laCode,
        s.indicators.map((i) => i.indicatorId),
        s.indicators.map((i) => i.score),
        s.indicators.map((i) => i.band),
        s.indicators.map((i) => i.barriers.join(",")),
        s.indicators.map((i) => i.weakestItemIds.join(",")),
        s.indicators.map((i) => i.summary),
        input.explanations.map((e) => JSON.stringify(e)),
      ],
    );
  }
  if (s.items.length > 0) {
    await db.query(
      `INSERT INTO item_scores (la_code, item_id, position, score, barriers, explanation)
       SELECT $1, t.item_id, t.position, t.score, string_to_array(t.barriers, ','), t.explanation::jsonb
       FROM unnest($2::text[], $3::numeric[], $4::text[], $5::text[]) WITH ORDINALITY AS t(item_id, score, barriers, explanation, position)`,
      [
        input.laCode,
        s.items.map((i) => i.itemId),
        s.items.map((i) => i.score),
        s.items.map((i) => i.barriers.join(",")),
        s.items.map((i) => JSON.stringify(i)),
      ],
    );
  }
}

export async function deleteScoresForLa(db: Queryable, laCode: string): Promise<boolean> {
  const r = await db.query("DELETE FROM la_scores WHERE la_code = $1", [laCode]);
  return (r.rowCount ?? 0) > 0;
}

/** Which responses have no stored scores, or scores that no longer match (response, definition or engine changed). */
export interface StaleScoreRow {
  responseId: string;
  laCode: string;
}

export async function findStaleScores(
  db: Queryable,
  target: { surveyId: string; definitionHash: string; engineVersion: number },
): Promise<StaleScoreRow[]> {
  const r = await db.query<{ id: string; la_code: string }>(
    `SELECT r.id, r.la_code
     FROM responses r
     LEFT JOIN la_scores s ON s.la_code = r.la_code
     WHERE r.survey_id = $1
       AND (s.la_code IS NULL OR s.response_id <> r.id OR s.response_version <> r.version OR s.response_status <> r.status
            OR s.definition_hash <> $2 OR s.engine_version <> $3)
     ORDER BY r.la_code`,
    [target.surveyId, target.definitionHash, target.engineVersion],
  );
  return r.rows.map((x) => ({ responseId: String(x.id), laCode: x.la_code }));
}

/** Scores stored for LAs whose response is gone or belongs to another survey are removed. */
export async function deleteOrphanScores(db: Queryable): Promise<number> {
  const r = await db.query(`DELETE FROM la_scores s WHERE NOT EXISTS (SELECT 1 FROM responses r WHERE r.id = s.response_id)`);
  return r.rowCount ?? 0;
}

export type ResponseStatusFilter = "submitted" | "started" | "all";

function statusClause(status: ResponseStatusFilter): string {
  if (status === "submitted") return "AND r.status = 'submitted'";
  if (status === "started") return "AND r.status IN ('in_progress', 'submitted')";
  return "";
}

export interface MatrixLaRow {
  laCode: string;
  name: string;
  region: string;
  laType: string;
  ofsted: string | null;
  responseStatus: string;
  isDemo: boolean;
  definitionVersion: number;
  answeredVersion: number;
  rulesVersion: number;
  capabilityBand: CapabilityBand;
  capabilityScore: number | null;
  medianLevel: number | null;
  lowestLevel: number | null;
  bandCounts: Record<BandId, number>;
  computedAt: string;
  /** indicator id -> score and band */
  scores: Record<string, { score: number | null; band: BandId }>;
}

interface LaHeaderDb {
  la_code: string;
  name: string;
  region: string;
  la_type: string;
  ofsted: string | null;
  response_status: string;
  is_demo: boolean;
  definition_version: number;
  answered_version: number;
  rules_version: number;
  capability_band: CapabilityBand;
  capability_score: string | null;
  median_level: number | null;
  lowest_level: number | null;
  ready_now: number;
  feasible_with_development: number;
  not_feasible_now: number;
  not_enough_information: number;
  computed_at: Date;
}

const HEADER_SELECT = `
  SELECT s.la_code, l.name, l.region, l.la_type, o.overall_effectiveness AS ofsted, r.status AS response_status, r.is_demo,
         s.definition_version, s.answered_version, s.rules_version, s.capability_band, s.capability_score,
         s.median_level, s.lowest_level, s.ready_now, s.feasible_with_development, s.not_feasible_now,
         s.not_enough_information, s.computed_at
  FROM la_scores s
  JOIN las l ON l.la_code = s.la_code
  JOIN responses r ON r.id = s.response_id
  LEFT JOIN ofsted_judgements o ON o.la_code = s.la_code`;

function header(x: LaHeaderDb): Omit<MatrixLaRow, "scores"> {
  return {
    laCode: x.la_code,
    name: x.name,
    region: x.region,
    laType: x.la_type,
    ofsted: x.ofsted,
    responseStatus: x.response_status,
    isDemo: x.is_demo,
    definitionVersion: x.definition_version,
    answeredVersion: x.answered_version,
    rulesVersion: x.rules_version,
    capabilityBand: x.capability_band,
    capabilityScore: num(x.capability_score),
    medianLevel: x.median_level,
    lowestLevel: x.lowest_level,
    bandCounts: {
      ready_now: x.ready_now,
      feasible_with_development: x.feasible_with_development,
      not_feasible_now: x.not_feasible_now,
      not_enough_information: x.not_enough_information,
    },
    computedAt: new Date(x.computed_at).toISOString(),
  };
}

/** The LA x indicator matrix: one row per scored LA (ordered by LA name) with every indicator's score and band. */
export async function readScoreMatrix(
  db: Queryable,
  opts: { status?: ResponseStatusFilter; surveyId?: string; includeDemo?: boolean } = {},
): Promise<MatrixLaRow[]> {
  const status = statusClause(opts.status ?? "all");
  const params = [opts.surveyId ?? null, opts.includeDemo ?? true];
  const heads = await db.query<LaHeaderDb>(
    `${HEADER_SELECT} WHERE ($1::text IS NULL OR s.survey_id = $1) AND ($2::boolean OR NOT r.is_demo) ${status} ORDER BY l.name, s.la_code`,
    params,
  );
  const cells = await db.query<{ la_code: string; indicator_id: string; score: string | null; band: BandId }>(
    `SELECT i.la_code, i.indicator_id, i.score, i.band
     FROM indicator_scores i JOIN la_scores s ON s.la_code = i.la_code JOIN responses r ON r.id = s.response_id
     WHERE ($1::text IS NULL OR s.survey_id = $1) AND ($2::boolean OR NOT r.is_demo) ${status}`,
    params,
  );
  const byLa = new Map<string, MatrixLaRow>();
  const rows = heads.rows.map((h) => {
    const row: MatrixLaRow = { ...header(h), scores: {} };
    byLa.set(row.laCode, row);
    return row;
  });
  for (const c of cells.rows) {
    const row = byLa.get(c.la_code);
    if (row) row.scores[c.indicator_id] = { score: num(c.score), band: c.band };
  }
  return rows;
}

export interface LaScoresRecord extends Omit<MatrixLaRow, "scores"> {
  surveyId: string;
  definitionHash: string;
  rulesId: string;
  engineVersion: number;
  responseVersion: number;
  capability: CapabilityProfile;
  indicators: IndicatorExplanation[];
  items: ItemScore[];
}

/** One LA's stored scores with every explanation; null when the LA has none. Indicators/items in stored order. */
export async function readLaScores(db: Queryable, laCode: string): Promise<LaScoresRecord | null> {
  const h = await db.query<LaHeaderDb & { survey_id: string; definition_hash: string; rules_id: string; engine_version: number; response_version: number; capability: CapabilityProfile }>(
    `SELECT q.*, s.survey_id, s.definition_hash, s.rules_id, s.engine_version, s.response_version, s.capability
     FROM (${HEADER_SELECT} WHERE s.la_code = $1) q JOIN la_scores s ON s.la_code = q.la_code`,
    [laCode],
  );
  if (h.rows.length === 0) return null;
  const x = h.rows[0];
  const [ind, items] = [
    await db.query<{ explanation: IndicatorExplanation }>("SELECT explanation FROM indicator_scores WHERE la_code = $1 ORDER BY position", [laCode]),
    await db.query<{ explanation: ItemScore }>("SELECT explanation FROM item_scores WHERE la_code = $1 ORDER BY position", [laCode]),
  ];
  return {
    ...header(x),
    surveyId: x.survey_id,
    definitionHash: x.definition_hash,
    rulesId: x.rules_id,
    engineVersion: x.engine_version,
    responseVersion: x.response_version,
    capability: x.capability,
    indicators: ind.rows.map((r) => r.explanation),
    items: items.rows.map((r) => r.explanation),
  };
}

/** Per-LA indicator bands and barriers for the national summary (summariseIndicators input). */
export interface ScoredLaRow {
  laCode: string;
  region: string;
  laType: string;
  scores: { indicators: { indicatorId: string; score: number | null; band: BandId; barriers: BarrierCode[] }[] };
}

export async function readScoredLas(
  db: Queryable,
  opts: { status?: ResponseStatusFilter; surveyId?: string; includeDemo?: boolean } = {},
): Promise<ScoredLaRow[]> {
  const r = await db.query<{ la_code: string; region: string; la_type: string; indicator_id: string; score: string | null; band: BandId; barriers: BarrierCode[] }>(
    `SELECT s.la_code, l.region, l.la_type, i.indicator_id, i.score, i.band, i.barriers
     FROM la_scores s
     JOIN las l ON l.la_code = s.la_code
     JOIN responses r ON r.id = s.response_id
     JOIN indicator_scores i ON i.la_code = s.la_code
     WHERE ($1::text IS NULL OR s.survey_id = $1) AND ($2::boolean OR NOT r.is_demo) ${statusClause(opts.status ?? "submitted")}
     ORDER BY s.la_code`,
    [opts.surveyId ?? null, opts.includeDemo ?? true],
  );
  const out: ScoredLaRow[] = [];
  let cur: ScoredLaRow | undefined;
  for (const x of r.rows) {
    if (!cur || cur.laCode !== x.la_code) {
      cur = { laCode: x.la_code, region: x.region, laType: x.la_type, scores: { indicators: [] } };
      out.push(cur);
    }
    cur.scores.indicators.push({ indicatorId: x.indicator_id, score: num(x.score), band: x.band, barriers: x.barriers });
  }
  return out;
}
