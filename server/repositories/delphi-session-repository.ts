/** SQL of Delphi panellists' browser sessions (the cookie holds a random id; only its hash is stored). */
import type { Queryable } from "./queryable.ts";
import { toPanellist, type PanellistRow } from "./delphi-repository.ts";

export async function insertSession(db: Queryable, panellistId: string, sessionHash: string, expiresAt: Date): Promise<void> {
  await db.query(`INSERT INTO delphi_sessions (session_hash, panellist_id, expires_at) VALUES ($1, $2, $3)`, [sessionHash, panellistId, expiresAt]);
}

export async function endSession(db: Queryable, sessionHash: string): Promise<boolean> {
  const { rowCount } = await db.query(`UPDATE delphi_sessions SET ended_at = now() WHERE session_hash = $1 AND ended_at IS NULL`, [sessionHash]);
  return (rowCount ?? 0) > 0;
}

/** The live panellist behind a session: the session has not ended or expired and the link is not withdrawn. */
export async function findPanellistBySessionHash(db: Queryable, sessionHash: string): Promise<PanellistRow | null> {
  const { rows } = await db.query(
    `SELECT p.* FROM delphi_sessions s JOIN delphi_panellists p ON p.id = s.panellist_id
      WHERE s.session_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now() AND p.revoked_at IS NULL`,
    [sessionHash],
  );
  return rows[0] ? toPanellist(rows[0]) : null;
}
