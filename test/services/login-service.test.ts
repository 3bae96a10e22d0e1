import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attemptLogin } from "../../server/services/login-service.ts";
import { createUser } from "../../server/services/user-admin-service.ts";
import { DEFAULT_LOCKOUT } from "../../server/domain/accounts/login-policy.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

let db: TestDatabase;
const SYSTEM = { actor: "system", actorKind: "system" as const };
const PASSWORD = "correct horse battery staple 7";

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

describe("login lockout under concurrency", () => {
  it("checks at most the policy's failures before the lock, however many guesses arrive at once", async () => {
    const user = await createUser(db.pool, { email: "parallel@research.example", role: "researcher", password: PASSWORD }, SYSTEM);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attemptLogin(db.pool, user.email, `wrong guess ${i} xyz`, DEFAULT_LOCKOUT)));
    expect(results.every((r) => !r.ok)).toBe(true);
    const checked = results.filter((r) => !r.ok && r.reason === "wrong_password").length;
    expect(checked).toBe(DEFAULT_LOCKOUT.maxFailures);
    expect(results.filter((r) => !r.ok && r.reason === "locked").length).toBe(50 - DEFAULT_LOCKOUT.maxFailures);
    const { rows } = await db.pool.query("SELECT failed_logins, locked_until FROM users WHERE id = $1", [user.id]);
    expect(rows[0].failed_logins).toBe(DEFAULT_LOCKOUT.maxFailures);
    expect(rows[0].locked_until.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    // the right password is refused while the lock lasts
    expect(await attemptLogin(db.pool, user.email, PASSWORD, DEFAULT_LOCKOUT)).toEqual({ ok: false, reason: "locked" });
    const lockouts = await db.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.lockout' AND subject = $1", [user.id]);
    expect(lockouts.rows[0].n).toBe(1);
  });

  it("starts a fresh count once a lock has run out, and a right password clears the count", async () => {
    const user = await createUser(db.pool, { email: "expiry@research.example", role: "researcher", password: PASSWORD }, SYSTEM);
    await db.pool.query("UPDATE users SET failed_logins = 5, locked_until = now() - interval '1 minute' WHERE id = $1", [user.id]);
    expect(await attemptLogin(db.pool, user.email, "still wrong here", DEFAULT_LOCKOUT)).toEqual({ ok: false, reason: "wrong_password" });
    expect((await db.pool.query("SELECT failed_logins, locked_until FROM users WHERE id = $1", [user.id])).rows[0]).toEqual({ failed_logins: 1, locked_until: null });
    expect((await attemptLogin(db.pool, user.email, PASSWORD, DEFAULT_LOCKOUT)).ok).toBe(true);
    expect((await db.pool.query("SELECT failed_logins FROM users WHERE id = $1", [user.id])).rows[0].failed_logins).toBe(0);
  });
});
