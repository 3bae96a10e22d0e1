import type { Queryable } from "../repositories/queryable.ts";
import { countActiveAdmins, eraseUser, findUserByEmail, findUserById, insertUser, listUsers, updateUser, type UserRow } from "../repositories/users-repository.ts";
import { deleteSessionsOfUser } from "../repositories/sessions-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { isEmail, normaliseEmail, passwordProblem } from "../domain/accounts/login-policy.ts";
import { isRole, type Role } from "../domain/accounts/roles.ts";
import { hashPassword } from "../lib/passwords.ts";
import { AppError } from "../domain/errors.ts";

export type { UserRow };

/** Console accounts whose data has not been erased. */
export async function listActiveUsers(db: Queryable): Promise<UserRow[]> {
  return (await listUsers(db)).filter((u) => !u.erasedAt);
}

export type Actor = Pick<AuditEntry, "actor" | "actorKind">;

/** Create a console account (used by `npm run admin:create`, the demo and POST /api/admin/users). */
export async function createUser(db: Queryable, input: { email: string; role: Role; password: string }, actor: Actor): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (!isEmail(email)) throw new AppError("invalid", `email "${input.email}" is not a valid e-mail address`, { field: "email" });
  if (!isRole(input.role)) throw new AppError("invalid", `role must be admin, researcher or viewer`, { field: "role" });
  const problem = passwordProblem(input.password, email);
  if (problem) throw new AppError("invalid", problem, { field: "password" });
  if (await findUserByEmail(db, email)) throw new AppError("conflict", `An account for ${email} already exists`, { field: "email" });
  const user = await insertUser(db, { email, role: input.role, passwordHash: await hashPassword(input.password) });
  await recordAudit(db, { ...actor, action: "user.create", subject: user.id, details: { role: user.role } });
  return user;
}

/** Change role / disabled / password. Keeps at least one active admin. Ends the user's sessions on disable or password change. */
export async function changeUser(
  db: Queryable,
  id: string,
  patch: { role?: Role; disabled?: boolean; password?: string },
  actor: Actor,
): Promise<UserRow> {
  const before = await findUserById(db, id);
  if (!before || before.erasedAt) throw new AppError("notFound", `No account with id ${id}`);
  const losesAdmin = before.role === "admin" && !before.disabled && ((patch.role && patch.role !== "admin") || patch.disabled === true);
  if (losesAdmin && (await countActiveAdmins(db)) <= 1) {
    throw new AppError("conflict", "This is the last active admin account; make another admin first", { field: patch.role ? "role" : "disabled" });
  }
  let passwordHash: string | undefined;
  if (patch.password !== undefined) {
    const problem = passwordProblem(patch.password, before.email);
    if (problem) throw new AppError("invalid", problem, { field: "password" });
    passwordHash = await hashPassword(patch.password);
  }
  const after = await updateUser(db, id, { role: patch.role, disabled: patch.disabled, passwordHash });
  if (!after) throw new AppError("notFound", `No account with id ${id}`);
  if (patch.disabled === true || passwordHash) await deleteSessionsOfUser(db, id);
  const changes: Record<string, unknown> = {};
  if (patch.role !== undefined && patch.role !== before.role) changes.role = { old: before.role, new: patch.role };
  if (patch.disabled !== undefined && patch.disabled !== before.disabled) changes.disabled = { old: before.disabled, new: patch.disabled };
  if (passwordHash) changes.password = "reset";
  await recordAudit(db, { ...actor, action: "user.update", subject: id, details: changes });
  return after;
}

/** Erase a console user's personal data (keeps the id so audit entries stay attributable to a pseudonym). */
export async function eraseUserData(db: Queryable, id: string, actor: Actor): Promise<boolean> {
  const before = await findUserById(db, id);
  if (!before) return false;
  if (before.role === "admin" && !before.disabled && !before.erasedAt && (await countActiveAdmins(db)) <= 1) {
    throw new AppError("conflict", "This is the last active admin account; make another admin first");
  }
  const done = await eraseUser(db, id);
  if (done) await recordAudit(db, { ...actor, action: "user.erase", subject: id });
  return done;
}
