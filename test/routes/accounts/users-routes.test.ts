import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let admin: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, "admin");
});
afterAll(async () => {
  await t?.close();
});

describe("/api/admin/users", () => {
  it("creates an account with a generated password shown once, which then signs in", async () => {
    const res = await admin.agent.post("/api/admin/users").set("x-csrf-token", admin.csrfToken).send({ email: "New.Person@LA.gov.uk", role: "viewer" });
    expect(res.status).toBe(201);
    expect(res.body.user).toMatchObject({ email: "new.person@la.gov.uk", role: "viewer", disabled: false });
    expect(res.body.generatedPassword).toMatch(/^\S{20}$/);
    await supertest(t.app.server).post("/api/auth/login").send({ email: "new.person@la.gov.uk", password: res.body.generatedPassword }).expect(200);
    const list = await admin.agent.get("/api/admin/users").expect(200);
    expect(list.body.users.map((u: { email: string }) => u.email)).toContain("new.person@la.gov.uk");
  });

  it("rejects a duplicate e-mail (409) and a weak password (400 naming the field)", async () => {
    await admin.agent.post("/api/admin/users").set("x-csrf-token", admin.csrfToken).send({ email: "dup@la.gov.uk", role: "viewer" }).expect(201);
    const dup = await admin.agent.post("/api/admin/users").set("x-csrf-token", admin.csrfToken).send({ email: "DUP@la.gov.uk", role: "viewer" });
    expect(dup.status).toBe(409);
    const weak = await admin.agent.post("/api/admin/users").set("x-csrf-token", admin.csrfToken).send({ email: "weak@la.gov.uk", role: "viewer", password: "short" });
    expect(weak.status).toBe(400);
    expect(weak.body.field).toBe("password");
  });

  it("changing role takes effect at once; disabling ends the user's sessions; both are audited", async () => {
    const r = await loginAs(t.app, "researcher");
    await r.agent.get("/api/admin/users").expect(403);
    await admin.agent.patch(`/api/admin/users/${r.user.id}`).set("x-csrf-token", admin.csrfToken).send({ role: "admin" }).expect(200);
    await r.agent.get("/api/admin/users").expect(200);
    await admin.agent.patch(`/api/admin/users/${r.user.id}`).set("x-csrf-token", admin.csrfToken).send({ disabled: true }).expect(200);
    await r.agent.get("/api/auth/me").expect(401);
    const { rows } = await t.pool.query(`SELECT actor, details FROM audit_log WHERE action = 'user.update' AND subject = $1 ORDER BY id`, [r.user.id]);
    expect(rows.map((x: { details: unknown }) => x.details)).toEqual([{ role: { old: "researcher", new: "admin" } }, { disabled: { old: false, new: true } }]);
    expect(rows[0].actor).toBe(admin.user.id);
  });

  it("keeps at least one active admin", async () => {
    const { rows } = await t.pool.query(`SELECT id FROM users WHERE role = 'admin' AND NOT disabled AND id <> $1`, [admin.user.id]);
    for (const row of rows) await t.pool.query(`UPDATE users SET disabled = true WHERE id = $1`, [row.id]);
    const res = await admin.agent.patch(`/api/admin/users/${admin.user.id}`).set("x-csrf-token", admin.csrfToken).send({ role: "viewer" });
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/last active admin/);
  });
});
