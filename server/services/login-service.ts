import type { Queryable } from "../repositories/queryable.ts";
import { findUserByEmail, recordLoginSuccess, reserveLoginAttempt } from "../repositories/users-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { deleteExpiredSessions } from "../repositories/sessions-repository.ts";
import { normaliseEmail, type LockoutPolicy } from "../domain/accounts/login-policy.ts";
import { burnVerify, verifyPassword } from "../lib/passwords.ts";
import type { Role } from "../domain/accounts/roles.ts";

/** One message for every failure, so the reply does not reveal whether an account exists or is locked. */
export const LOGIN_FAILED_MESSAGE =
  "Email or password not recognised. After repeated failed attempts an account is locked for a few minutes.";

export type LoginResult = { ok: true; user: { id: string; email: string; role: Role } } | { ok: false; reason: string };

/** Check credentials, apply the lockout policy and record the attempt in the audit trail. */
export async function attemptLogin(db: Queryable, emailRaw: string, password: string, policy: LockoutPolicy, now = new Date()): Promise<LoginResult> {
  const email = normaliseEmail(emailRaw);
  const user = await findUserByEmail(db, email);
  if (!user || !user.passwordHash || user.erasedAt) {
    await burnVerify(password);
    await recordAudit(db, { actor: "anonymous", actorKind: "anonymous", action: "auth.login_failed", details: { reason: "unknown_account" } });
    return { ok: false, reason: "unknown_account" };
  }
  if (user.disabled) {
    await burnVerify(password);
    await recordAudit(db, { actor: user.id, actorKind: "user", action: "auth.login_failed", subject: user.id, details: { reason: "disabled" } });
    return { ok: false, reason: "disabled" };
  }
  // The attempt is counted (and the lock set on the last allowed one) before the password is checked,
  // so parallel guesses cannot all be checked against one stale count.
  const reserved = await reserveLoginAttempt(db, user.id, now, policy);
  if (!reserved) {
    await burnVerify(password);
    await recordAudit(db, { actor: user.id, actorKind: "user", action: "auth.login_failed", subject: user.id, details: { reason: "locked" } });
    return { ok: false, reason: "locked" };
  }
  const valid = await verifyPassword(user.passwordHash, password);
  if (!valid) {
    await recordAudit(db, { actor: user.id, actorKind: "user", action: "auth.login_failed", subject: user.id, details: { reason: "wrong_password", failedLogins: reserved.failedLogins } });
    if (reserved.lockedUntil) {
      await recordAudit(db, { actor: "system", actorKind: "system", action: "auth.lockout", subject: user.id, details: { lockedUntil: reserved.lockedUntil, failedLogins: reserved.failedLogins } });
    }
    return { ok: false, reason: "wrong_password" };
  }
  await recordLoginSuccess(db, user.id);
  await recordAudit(db, { actor: user.id, actorKind: "user", action: "auth.login", subject: user.id });
  return { ok: true, user: { id: user.id, email: user.email, role: user.role } };
}

/** After a successful sign-in: expired console sessions are never read again, so drop them now and then. */
export async function tidySessions(db: Queryable): Promise<void> {
  await deleteExpiredSessions(db);
}

export async function recordLogout(db: Queryable, userId: string): Promise<void> {
  await recordAudit(db, { actor: userId, actorKind: "user", action: "auth.logout", subject: userId });
}
