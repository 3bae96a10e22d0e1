import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { parse } from "csv-parse/sync";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedResponse } from "../../helpers/fieldwork-seed.ts";
import { addPanellists, createStudy, openRound, studyDetail } from "../../../server/services/delphi-service.ts";
import { panellistByToken, submitRound } from "../../../server/services/delphi-panellist-service.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let admin: LoggedIn;
let researcher: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, "admin");
  researcher = await loginAs(t.app, "researcher");
  await researcher.agent.post("/api/admin/contacts").set("x-csrf-token", researcher.csrfToken)
    .send({ laCode: "211", name: "Fran Contact", email: "f@la211.gov.uk" }).expect(201);
  await seedResponse(t.pool, {
    laCode: "212",
    status: "submitted",
    data: { lead_name: "Lou Lead", analysts: 3, notes: "n" },
    submittedAt: "2026-10-05T10:00:00Z",
    startedAt: "2026-10-04T10:00:00Z",
    contributor: { name: "Lou Lead", role: "BI manager" },
  });
});
afterAll(async () => {
  await t?.close();
});

describe("audit trail API", () => {
  it("lists entries newest first, in words: who, what, the LA by name, details as phrases", async () => {
    await supertest(t.app.server).post("/api/auth/login").send({ email: researcher.user.email, password: "not the password" }).expect(401);
    const res = await admin.agent.get("/api/admin/audit").expect(200);
    const at = res.body.entries.map((e: { at: string }) => e.at);
    expect(at).toEqual([...at].sort().reverse());
    const failed = res.body.entries.find((e: { action: string }) => e.action === "auth.login_failed");
    expect(failed).toMatchObject({ who: researcher.user.email, what: "Failed to sign in" });
    expect(failed.detailWords).toEqual(expect.arrayContaining(["reason: wrong password"]));
    const contact = res.body.entries.find((e: { action: string }) => e.action === "contact.create");
    const la = (await t.pool.query("SELECT name FROM las WHERE la_code = '211'")).rows[0].name;
    expect(contact).toMatchObject({ what: "Added an LA contact", laName: la, laCode: "211" });
    expect(res.body.actions).toEqual(expect.arrayContaining([{ action: "auth.login_failed", label: "Failed to sign in" }]));
  });

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
    expect(res.text).not.toContain("Fran Contact");
    const withPd = await admin.agent.get("/api/admin/audit/export.csv?includePersonal=true").expect(200);
    expect(withPd.text).toContain(researcher.user.email);
    const exports = await t.pool.query(`SELECT actor, details FROM audit_log WHERE action = 'export.audit' ORDER BY id`);
    expect(exports.rows.slice(0, 2).map((r: { details: { includePersonal: boolean } }) => r.details.includePersonal)).toEqual([false, true]);
    expect(exports.rows[0].actor).toBe(admin.user.id);
  });

  it("the CSV holds every answer change (who, when, question, old -> new) and submissions, with contact answers masked by default", async () => {
    const res = await admin.agent.get("/api/admin/audit/export.csv?laCode=212").expect(200);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    const changes = rows.filter((r) => r.action === "response.change");
    expect(changes.map((r) => r.subject).sort()).toEqual(["analysts", "lead_name", "notes"]);
    const analysts = changes.find((r) => r.subject === "analysts")!;
    expect(analysts).toMatchObject({ actor_kind: "respondent", la_code: "212", at: "2026-10-04T10:00:00.000Z" });
    expect(analysts.actor).toMatch(/^contributor:\d+$/);
    expect(JSON.parse(analysts.details)).toEqual({ version: 1, old: null, new: 3 });
    expect(JSON.parse(changes.find((r) => r.subject === "lead_name")!.details).new).toBe("[personal data left out]");
    expect(rows.some((r) => r.action === "response.submitted" && r.at === "2026-10-05T10:00:00.000Z")).toBe(true);
    expect(res.text).not.toContain("Lou Lead");

    const full = await admin.agent.get("/api/admin/audit/export.csv?laCode=212&includePersonal=true").expect(200);
    const fullRows = parse(full.text, { columns: true }) as Record<string, string>[];
    const lead = fullRows.find((r) => r.subject === "lead_name")!;
    expect(lead.actor_label).toBe("Lou Lead (BI manager)");
    expect(JSON.parse(lead.details).new).toBe("Lou Lead");
  });

  it("attributes a Delphi panellist's submission to the panellist, and names the study Delphi entries are about", async () => {
    const actor = { actor: researcher.user.id, actorKind: "user" as const };
    const current = t.app.definitions.current();
    const studyId = await createStudy(t.pool, "Audit words study", current.catalogue, current.version, actor);
    const [link] = await addPanellists(t.pool, studyId, [{ name: "Pat Panel", email: "pat@panel.example", group: "practitioners" }], "http://localhost", actor);
    const items = (await studyDetail(t.pool, studyId)).items.slice(0, 1).map((i) => i.id);
    await openRound(t.pool, studyId, { items }, actor);
    const panellist = await panellistByToken(t.pool, link.link.split("#")[1]);
    await submitRound(t.pool, panellist);

    const res = await admin.agent.get("/api/admin/audit?action=delphi.round_submit").expect(200);
    const submitted = res.body.entries.find((e: { subject: string }) => e.subject === `delphi:${studyId}`);
    expect(submitted).toMatchObject({ who: "A Delphi panellist", what: "Submitted their Delphi ratings", about: "the study “Audit words study”", detailWords: ["round 1"] });
    const added = (await admin.agent.get("/api/admin/audit?action=delphi.panellists_add").expect(200)).body.entries[0];
    expect(added).toMatchObject({ who: researcher.user.email, what: "Added Delphi panellists", about: "the study “Audit words study”", detailWords: ["1 panellist"] });
    expect(res.body.actions).toEqual(expect.arrayContaining([{ action: "delphi.panellists_add", label: "Added Delphi panellists" }]));
  });

  it("rejects a bad date range naming the field", async () => {
    const res = await admin.agent.get("/api/admin/audit?since=2026-02-01&until=2026-01-01").expect(400);
    expect(res.body).toMatchObject({ field: "since", message: "The ‘From’ date must be on or before the ‘To’ date" });
  });
});
