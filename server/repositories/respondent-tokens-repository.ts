import type { Queryable } from "./queryable.ts";
import {
  contributorsAndLastEditsSql,
  contributorsFromJson,
  lastEditsFromJson,
  toResponse,
  type ContributorSummary,
  type LastEdits,
  type StoredResponse,
} from "./responses-repository.ts";

export interface LiveToken {
  id: string;
  laCode: string;
  laName: string;
  expiresAt: Date;
}

/** Insert a token (hash only). */
export async function insertToken(db: Queryable, laCode: string, tokenHash: string, expiresAt: Date): Promise<void> {
  await db.query("INSERT INTO respondent_tokens (la_code, token_hash, expires_at) VALUES ($1, $2, $3)", [laCode, tokenHash, expiresAt]);
}

/** The live (not revoked, not expired) token with this hash, or null. Records use at most every 10 minutes. */
export async function findLiveToken(db: Queryable, tokenHash: string): Promise<LiveToken | null> {
  const { rows } = await db.query(
    `SELECT t.id, t.la_code, l.name, t.expires_at,
            (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
       FROM respondent_tokens t JOIN las l ON l.la_code = t.la_code
      WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > now()`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.stale) await db.query("UPDATE respondent_tokens SET last_used_at = now() WHERE id = $1", [r.id]);
  return { id: String(r.id), laCode: r.la_code, laName: r.name, expiresAt: new Date(r.expires_at) };
}

/**
 * The live token (and the LA's response) behind a link token's hash, or behind a browser session's
 * hash: a session counts only while it has not ended or expired AND its token is still live. One
 * round trip: every respondent request starts here. It also records the link's use (at most every
 * 10 minutes; when a colleague's request is recording it at this moment, that one is enough, so
 * nobody waits for its row lock), and with `withView` reads who is answering and who last changed
 * each field (what the survey page shows with the response).
 */
export async function findLiveTokenWithResponse(
  db: Queryable,
  hash: string,
  by: "token" | "session" = "token",
  opts: { withView?: boolean } = {},
): Promise<{ token: LiveToken; response: StoredResponse | null; view?: { contributors: ContributorSummary[]; lastEdits: LastEdits } } | null> {
  const source = by === "token" ? "respondent_tokens t" : "respondent_sessions s JOIN respondent_tokens t ON t.id = s.token_id";
  const match = by === "token" ? "t.token_hash = $1" : "s.session_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()";
  const { rows } = await db.query(
    `WITH tok AS (
       SELECT t.id AS token_id, t.la_code AS token_la_code, l.name AS la_name, t.expires_at,
              (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
         FROM ${source}
         JOIN las l ON l.la_code = t.la_code
        WHERE ${match} AND t.revoked_at IS NULL AND t.expires_at > now()
     ), touched AS (
       UPDATE respondent_tokens SET last_used_at = now()
        WHERE id IN (SELECT u.id FROM respondent_tokens u WHERE u.id IN (SELECT token_id FROM tok WHERE stale) FOR NO KEY UPDATE SKIP LOCKED)
       RETURNING 1
     )
     SELECT tok.token_id, tok.token_la_code, tok.la_name, tok.expires_at,
            r.id, r.la_code, r.survey_id, r.definition_version, r.definition_hash, r.data, r.field_versions, r.ui_state,
            r.version, r.status, r.first_saved_at, r.last_saved_at, r.submitted_at, r.submitted_by
            ${opts.withView ? `, ${contributorsAndLastEditsSql("tok.token_la_code", "r.id")}` : ""}
       FROM tok
       LEFT JOIN responses r ON r.la_code = tok.token_la_code`,
    [hash],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    token: { id: String(row.token_id), laCode: row.token_la_code, laName: row.la_name, expiresAt: new Date(row.expires_at) },
    response: row.id == null ? null : toResponse(row),
    ...(opts.withView ? { view: { contributors: contributorsFromJson(row.contributors), lastEdits: lastEditsFromJson(row.last_edits) } } : {}),
  };
}

export async function createRespondentSession(db: Queryable, tokenId: string, sessionHash: string, expiresAt: Date): Promise<void> {
  await db.query(`INSERT INTO respondent_sessions (session_hash, token_id, expires_at) VALUES ($1, $2, $3)`, [sessionHash, tokenId, expiresAt]);
}

export async function endRespondentSession(db: Queryable, sessionHash: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE respondent_sessions SET ended_at = now() WHERE session_hash = $1 AND ended_at IS NULL`, [sessionHash]);
  return (rowCount ?? 0) > 0;
}

/** Revoke every live token of an LA; returns how many were revoked. */
export async function revokeTokens(db: Queryable, laCode: string): Promise<number> {
  const { rowCount } = await db.query(
    "UPDATE respondent_tokens SET revoked_at = now() WHERE la_code = $1 AND revoked_at IS NULL AND expires_at > now()",
    [laCode],
  );
  return rowCount ?? 0;
}

export interface LaForInvite {
  laCode: string;
  laName: string;
  region: string;
}

/** LAs that have no live token, in la_code order. */
export async function lasWithoutLiveToken(db: Queryable): Promise<LaForInvite[]> {
  const { rows } = await db.query(
    `SELECT l.la_code, l.name, l.region FROM las l
      WHERE NOT EXISTS (SELECT 1 FROM respondent_tokens t
                         WHERE t.la_code = l.la_code AND t.revoked_at IS NULL AND t.expires_at > now())
      ORDER BY l.la_code`,
  );
  return rows.map((r) => ({ laCode: r.la_code, laName: r.name, region: r.region }));
}

export async function findLa(db: Queryable, laCode: string): Promise<LaForInvite | null> {
  const { rows } = await db.query("SELECT la_code, name, region FROM las WHERE la_code = $1", [laCode]);
  return rows[0] ? { laCode: rows[0].la_code, laName: rows[0].name, region: rows[0].region } : null;
}

export interface LaLinkRow {
  laCode: string;
  laName: string;
  region: string;
  state: "live" | "expired" | "revoked" | "none";
  liveLinks: number;
  issuedAt: Date | null;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

/**
 * Every LA with the state of its links: how many work now, when the newest was issued, when any was
 * last used, when the live ones stop working (the latest expiry) and when the newest was revoked.
 */
export async function listLaLinks(db: Queryable): Promise<LaLinkRow[]> {
  const { rows } = await db.query(
    `SELECT l.la_code, l.name, l.region,
            count(t.id) FILTER (WHERE t.revoked_at IS NULL AND t.expires_at > now())::int AS live,
            max(t.created_at) AS issued_at,
            max(t.last_used_at) AS last_used_at,
            max(t.expires_at) FILTER (WHERE t.revoked_at IS NULL AND t.expires_at > now()) AS live_expires_at,
            newest.revoked_at AS newest_revoked_at, newest.expires_at AS newest_expires_at, newest.id IS NOT NULL AS any_issued
       FROM las l
       LEFT JOIN respondent_tokens t ON t.la_code = l.la_code
       LEFT JOIN LATERAL (SELECT n.id, n.revoked_at, n.expires_at FROM respondent_tokens n
                           WHERE n.la_code = l.la_code ORDER BY n.created_at DESC, n.id DESC LIMIT 1) newest ON true
      GROUP BY l.la_code, l.name, l.region, newest.id, newest.revoked_at, newest.expires_at
      ORDER BY l.name`,
  );
  const date = (v: unknown) => (v == null ? null : new Date(v as string));
  return rows.map((r) => ({
    laCode: r.la_code,
    laName: r.name,
    region: r.region,
    state: r.live > 0 ? "live" : !r.any_issued ? "none" : r.newest_revoked_at ? "revoked" : "expired",
    liveLinks: r.live,
    issuedAt: date(r.issued_at),
    lastUsedAt: date(r.last_used_at),
    expiresAt: date(r.live > 0 ? r.live_expires_at : r.newest_expires_at),
    revokedAt: r.live > 0 ? null : date(r.newest_revoked_at),
  }));
}

/** How many links of an LA work now. Locks the LA's row so two admins cannot both issue a first link. */
export async function countLiveTokensForUpdate(db: Queryable, laCode: string): Promise<number> {
  await db.query("SELECT 1 FROM las WHERE la_code = $1 FOR UPDATE", [laCode]);
  const { rows } = await db.query(
    "SELECT count(*)::int AS n FROM respondent_tokens WHERE la_code = $1 AND revoked_at IS NULL AND expires_at > now()",
    [laCode],
  );
  return rows[0].n;
}
