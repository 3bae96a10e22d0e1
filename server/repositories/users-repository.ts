import type { Queryable } from "./queryable.ts";
import type { Role } from "../domain/accounts/roles.ts";

export interface UserRow {
  id: string;
  email: string;
  role: Role;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  lastLoginAt: Date | null;
  createdAt: Date;
  erasedAt: Date | null;
}

export interface UserWithHash extends UserRow {
  passwordHash: string | null;
}

const COLUMNS = `id, email, role, disabled, failed_logins AS "failedLogins", locked_until AS "lockedUntil",
  last_login_at AS "lastLoginAt", created_at AS "createdAt", erased_at AS "erasedAt"`;

export async function findUserByEmail(q: Queryable, email: string): Promise<UserWithHash | null> {
  const { rows } = await q.query<UserWithHash>(
    `SELECT ${COLUMNS}, password_hash AS "passwordHash" FROM users WHERE lower(email) = lower($1)`,
    [email],
  );
  return rows[0] ?? null;
}

export async function findUserById(q: Queryable, id: string): Promise<UserRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0] ?? null;
}

export async function listUsers(q: Queryable): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${COLUMNS} FROM users ORDER BY lower(email)`);
  return rows;
}

export async function insertUser(q: Queryable, u: { email: string; passwordHash: string; role: Role }): Promise<UserRow> {
  const { rows } = await q.query<UserRow>(
    `INSERT INTO users (email, password_hash, role) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
    [u.email, u.passwordHash, u.role],
  );
  return rows[0]!;
}

export async function updateUser(
  q: Queryable,
  id: string,
  patch: { role?: Role; disabled?: boolean; passwordHash?: string },
): Promise<UserRow | null> {
  const sets: string[] = [];
  const params: unknown[] = [id];
  if (patch.role !== undefined) {
    params.push(patch.role);
    sets.push(`role = $${params.length}`);
  }
  if (patch.disabled !== undefined) {
    params.push(patch.disabled);
    sets.push(`disabled = $${params.length}`);
  }
  if (patch.passwordHash !== undefined) {
    params.push(patch.passwordHash);
    sets.push(`password_hash = $${params.length}, failed_logins = 0, locked_until = NULL`);
  }
  if (sets.length === 0) return findUserById(q, id);
  const { rows } = await q.query<UserRow>(
    `UPDATE users SET ${sets.join(", ")}, updated_at = now() WHERE id = $1 RETURNING ${COLUMNS}`,
    params,
  );
  return rows[0] ?? null;
}

/**
 * Count a login attempt as a failure BEFORE its password is checked, in one statement, so that
 * parallel attempts queue on the row and at most `maxFailures` of them are ever checked before the
 * lock: the attempt that reaches the limit sets the lock itself. A lock that has run out starts a
 * fresh count. Returns null while the account is locked (no attempt allowed).
 */
export async function reserveLoginAttempt(
  q: Queryable,
  id: string,
  now: Date,
  policy: { maxFailures: number; lockMinutes: number },
): Promise<{ failedLogins: number; lockedUntil: Date | null } | null> {
  const { rows } = await q.query<{ failedLogins: number; lockedUntil: Date | null }>(
    `WITH next AS (
       SELECT id, CASE WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN 1 ELSE failed_logins + 1 END AS n
         FROM users WHERE id = $1 AND (locked_until IS NULL OR locked_until <= $2) FOR UPDATE
     )
     UPDATE users u SET failed_logins = next.n,
            locked_until = CASE WHEN next.n >= $3 THEN $2::timestamptz + make_interval(mins => $4::int) ELSE NULL END
       FROM next WHERE u.id = next.id
     RETURNING u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil"`,
    [id, now, policy.maxFailures, policy.lockMinutes],
  );
  return rows[0] ?? null;
}

export async function recordLoginSuccess(q: Queryable, id: string): Promise<void> {
  await q.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [id]);
}

export async function countActiveAdmins(q: Queryable): Promise<number> {
  const { rows } = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM users WHERE role = 'admin' AND NOT disabled AND erased_at IS NULL`,
  );
  return rows[0]!.n;
}

/**
 * Erase a console user's personal data: the e-mail becomes a pseudonym, the password hash goes,
 * the account is disabled and its sessions end. The id (used as the audit actor) stays.
 */
export async function eraseUser(q: Queryable, id: string): Promise<boolean> {
  const { rowCount } = await q.query(
    `UPDATE users SET email = 'erased-user-' || id::text || '@invalid', password_hash = NULL, disabled = true,
       erased_at = now(), updated_at = now(), failed_logins = 0, locked_until = NULL
     WHERE id = $1 AND erased_at IS NULL`,
    [id],
  );
  await q.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
  return (rowCount ?? 0) > 0;
}
