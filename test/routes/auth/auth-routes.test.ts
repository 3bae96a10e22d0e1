import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { createAccount, loginAs } from "../../helpers/auth.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function auditActions(subject: string): Promise<string[]> {
  const { rows } = await t.pool.query(`SELECT action FROM audit_log WHERE subject = $1 ORDER BY id`, [subject]);
  return rows.map((r: { action: string }) => r.action);
}

describe("POST /api/auth/login", () => {
  it("sets an HttpOnly SameSite=Strict session cookie, stores the session in PostgreSQL and returns user + csrfToken", async () => {
    const acc = await createAccount(t.app, "researcher");
    const res = await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email.toUpperCase(), password: acc.password });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual({ id: acc.id, email: acc.email, role: "researcher" });
    expect(typeof res.body.csrfToken).toBe("string");
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/lada_sid=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i); // PUBLIC_URL is http in tests
    const { rows } = await t.pool.query(`SELECT user_id FROM sessions WHERE user_id = $1`, [acc.id]);
    expect(rows).toHaveLength(1);
    expect(await auditActions(acc.id)).toContain("auth.login");
  });

  it("answers wrong password and unknown e-mail with the same 401 and records both", async () => {
    const acc = await createAccount(t.app, "viewer");
    const wrong = await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: "not-the-password" });
    const unknown = await supertest(t.app.server).post("/api/auth/login").send({ email: "nobody@test.example", password: "whatever-password" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.headers["set-cookie"]).toBeUndefined();
    expect(await auditActions(acc.id)).toEqual(["user.create", "auth.login_failed"]);
    const { rows } = await t.pool.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'auth.login_failed' AND actor_kind = 'anonymous'`);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it("locks the account after 5 failures, even for the right password, until the lock runs out", async () => {
    const acc = await createAccount(t.app, "researcher");
    for (let i = 0; i < 5; i++) {
      await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: `wrong-${i}-password` }).expect(401);
    }
    await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: acc.password }).expect(401);
    expect(await auditActions(acc.id)).toContain("auth.lockout");
    // the lock has run out
    await t.pool.query(`UPDATE users SET locked_until = now() - interval '1 second' WHERE id = $1`, [acc.id]);
    await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: acc.password }).expect(200);
  });

  it("refuses a disabled account", async () => {
    const acc = await createAccount(t.app, "researcher");
    await t.pool.query(`UPDATE users SET disabled = true WHERE id = $1`, [acc.id]);
    await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: acc.password }).expect(401);
  });

  it("rejects a malformed body with 400 naming the field", async () => {
    const res = await supertest(t.app.server).post("/api/auth/login").send({ email: "a@b.example" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/password/);
  });
});

describe("GET /api/auth/me and POST /api/auth/logout", () => {
  it("me returns the user and a CSRF token; 401 without a session", async () => {
    const { agent, user } = await loginAs(t.app, "viewer");
    const me = await agent.get("/api/auth/me").expect(200);
    expect(me.body.user).toEqual(user);
    expect(typeof me.body.csrfToken).toBe("string");
    await supertest(t.app.server).get("/api/auth/me").expect(401);
  });

  it("logout needs the CSRF token, then ends the server-side session", async () => {
    const { agent, csrfToken, user } = await loginAs(t.app, "researcher");
    await agent.post("/api/auth/logout").expect(403);
    await agent.post("/api/auth/logout").set("x-csrf-token", "forged").expect(403);
    await agent.get("/api/auth/me").expect(200);
    await agent.post("/api/auth/logout").set("x-csrf-token", csrfToken).expect(204);
    await agent.get("/api/auth/me").expect(401);
    const { rows } = await t.pool.query(`SELECT 1 FROM sessions WHERE user_id = $1`, [user.id]);
    expect(rows).toHaveLength(0);
    expect(await auditActions(user.id)).toContain("auth.logout");
  });

  it("a disabled account loses its session on the next request", async () => {
    const { agent, user } = await loginAs(t.app, "researcher");
    await agent.get("/api/auth/me").expect(200);
    await t.pool.query(`UPDATE users SET disabled = true WHERE id = $1`, [user.id]);
    await agent.get("/api/auth/me").expect(401);
  });

  it("a new session id is issued at login (no session fixation)", async () => {
    const acc = await createAccount(t.app, "viewer");
    const first = await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: acc.password }).expect(200);
    const cookie1 = String(first.headers["set-cookie"]).split(";")[0]!;
    const second = await supertest(t.app.server).post("/api/auth/login").set("cookie", cookie1).send({ email: acc.email, password: acc.password }).expect(200);
    const cookie2 = String(second.headers["set-cookie"]).split(";")[0]!;
    expect(cookie2).not.toBe(cookie1);
    await supertest(t.app.server).get("/api/auth/me").set("cookie", cookie1).expect(401);
  });
});

describe("audit_log is append-only", () => {
  it("refuses UPDATE and DELETE", async () => {
    await expect(t.pool.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });
});
