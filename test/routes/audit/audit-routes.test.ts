import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { parse } from "csv-parse/sync";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let admin: LoggedIn;
let researcher: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, "admin");
  researcher = await loginAs(t.app, "researcher");
  await researcher.agent.post("/api/admin/contacts").set("x-csrf-token", researcher.csrfToken)
    .send({ laCode: "211", name: "=HYPERLINK(\"x\")", email: "f@la211.gov.uk" }).expect(201);
});
afterAll(async () => {
  await t?.close();
});

describe("audit trail API", () => {
  it("lists logins, failed logins and changes, filterable by LA and action (admin only)", async () => {
    await researcher.agent.get("/api/admin/audit").expect(403);
    const all = await admin.agent.get("/api/admin/audit").expect(200);
    const actions = all.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["user.create", "auth.login", "contact.create"]));
    const login = all.body.entries.find((e: { action: string; actor: string }) => e.action === "auth.login" && e.actor === researcher.user.id);
    expect(login.actorLabel).toBe(researcher.user.email);
    const la = await admin.agent.get("/api/admin/audit?laCode=211").expect(200);
    expect(la.body.entries.map((e: { action: string }) => e.action)).toEqual(["contact.create"]);
  });

  it("exports CSV without personal data by default, with e-mails only on request; each export is recorded", async () => {
    const res = await admin.agent.get("/api/admin/audit/export.csv").expect(200);
    expect(res.headers["content-type"]).toMatch(/text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="audit-trail-all-/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["id", "at", "actor", "actor_kind", "action", "la_code", "subject", "details"]);
    expect(res.text).not.toContain(researcher.user.email);
    expect(res.text).not.toContain("f@la211.gov.uk");
    const withPd = await admin.agent.get("/api/admin/audit/export.csv?includePersonal=true").expect(200);
    expect(withPd.text).toContain(researcher.user.email);
    const exports = await t.pool.query(`SELECT actor, details FROM audit_log WHERE action = 'export.audit' ORDER BY id`);
    expect(exports.rows.map((r: { details: { includePersonal: boolean } }) => r.details.includePersonal)).toEqual([false, true]);
    expect(exports.rows[0].actor).toBe(admin.user.id);
  });

  it("rejects a bad date range naming the field", async () => {
    const res = await admin.agent.get("/api/admin/audit?since=2026-02-01&until=2026-01-01").expect(400);
    expect(res.body.field).toBe("since");
  });
});
