/**
 * Read-only feedback-report links and their browser sessions (sql/migrations/032_create_report_links.sql).
 * Only hashes of tokens and session ids are stored.
 */
import type { Queryable } from "./queryable.ts";

export interface LiveReportLink {
  id: string;
  laCode: string;
  laName: string;
  expiresAt: Date;
}

export async function insertReportLink(
  db: Queryable,
  l: { laCode: string; tokenHash: string; via: "release" | "links-csv"; createdBy: string | null; expiresAt: Date },
): Promise<void> {
  await db.query("INSERT INTO report_links (la_code, token_hash, issued_via, created_by, expires_at) VALUES ($1, $2, $3, $4, $5)", [
    l.laCode,
    l.tokenHash,
    l.via,
    l.createdBy,
    l.expiresAt,
  ]);
}

/**
 * The live (not revoked, not expired) link behind a token's hash, or behind a browser session's
 * hash: a session counts only while it has not expired AND its link is still live. Records use at
 * most every 10 minutes.
 */
export async function findLiveReportLink(db: Queryable, hash: string, by: "token" | "session"): Promise<LiveReportLink | null> {
  const source = by === "token" ? "report_links k" : "report_link_sessions s JOIN report_links k ON k.id = s.link_id";
  const match = by === "token" ? "k.token_hash = $1" : "s.session_hash = $1 AND s.expires_at > now()";
  const { rows } = await db.query<{ id: string; la_code: string; name: string; expires_at: Date; stale: boolean }>(
    `SELECT k.id, k.la_code, l.name, k.expires_at, (k.last_used_at IS NULL OR k.last_used_at < now() - interval '10 minutes') AS stale
       FROM ${source} JOIN las l ON l.la_code = k.la_code
      WHERE ${match} AND k.revoked_at IS NULL AND k.expires_at > now()`,
    [hash],
  );
  const r = rows[0];
  if (!r) return null;
  if (r.stale) await db.query("UPDATE report_links SET last_used_at = now() WHERE id = $1", [r.id]);
  return { id: String(r.id), laCode: r.la_code, laName: r.name, expiresAt: new Date(r.expires_at) };
}

export async function insertReportLinkSession(db: Queryable, linkId: string, sessionHash: string, expiresAt: Date): Promise<void> {
  await db.query("INSERT INTO report_link_sessions (session_hash, link_id, expires_at) VALUES ($1, $2, $3)", [sessionHash, linkId, expiresAt]);
}

/** Revokes every live report link of the LA; returns how many. */
export async function revokeReportLinks(db: Queryable, laCode: string): Promise<number> {
  const { rowCount } = await db.query("UPDATE report_links SET revoked_at = now() WHERE la_code = $1 AND revoked_at IS NULL AND expires_at > now()", [laCode]);
  return rowCount ?? 0;
}

export interface ReportLinkState {
  liveLinks: number;
  lastUsedAt: string | null;
  expiresAt: string | null;
}

/** Per LA: how many report links work now, when any was last used, and when the live ones stop working. */
export async function reportLinkStates(db: Queryable): Promise<Map<string, ReportLinkState>> {
  const { rows } = await db.query<{ la_code: string; live: number; last_used_at: Date | null; expires_at: Date | null }>(
    `SELECT la_code, count(*) FILTER (WHERE revoked_at IS NULL AND expires_at > now())::int AS live, max(last_used_at) AS last_used_at,
            max(expires_at) FILTER (WHERE revoked_at IS NULL AND expires_at > now()) AS expires_at
       FROM report_links GROUP BY la_code`,
  );
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return new Map(rows.map((r) => [r.la_code, { liveLinks: r.live, lastUsedAt: iso(r.last_used_at), expiresAt: iso(r.expires_at) }]));
}
