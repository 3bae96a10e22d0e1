import type { Queryable } from "./queryable.ts";

/** Server-side session rows for @fastify/session (see server/plugins/pg-session-store.ts). */

export async function getSession(q: Queryable, sid: string): Promise<Record<string, unknown> | null> {
  const { rows } = await q.query<{ data: Record<string, unknown> }>(
    `SELECT data FROM sessions WHERE sid = $1 AND expires_at > now()`,
    [sid],
  );
  return rows[0]?.data ?? null;
}

/**
 * Insert or replace a session. The expiry is fixed when the session is first stored (absolute
 * lifetime); later saves keep it.
 */
export async function upsertSession(
  q: Queryable,
  sid: string,
  data: Record<string, unknown>,
  userId: string | null,
  ttlSeconds: number,
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (sid, user_id, data, expires_at)
     VALUES ($1, $2, $3::jsonb, now() + make_interval(secs => $4))
     ON CONFLICT (sid) DO UPDATE SET data = excluded.data, user_id = excluded.user_id`,
    [sid, userId, JSON.stringify(data), ttlSeconds],
  );
}

export async function deleteSession(q: Queryable, sid: string): Promise<void> {
  await q.query(`DELETE FROM sessions WHERE sid = $1`, [sid]);
}

export async function deleteSessionsOfUser(q: Queryable, userId: string): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM sessions WHERE user_id = $1`, [userId]);
  return rowCount ?? 0;
}

export async function deleteExpiredSessions(q: Queryable): Promise<number> {
  const { rowCount } = await q.query(`DELETE FROM sessions WHERE expires_at <= now()`);
  return rowCount ?? 0;
}
