import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedResponse } from "../../helpers/fieldwork-seed.ts";
import { FieldworkReads } from "../../../server/services/fieldwork-service.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let researcher: LoggedIn;
let viewer: LoggedIn;
let totalLas: number;

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  viewer = await loginAs(t.app, "viewer");
  totalLas = (await t.pool.query(`SELECT count(*)::int AS n FROM las`)).rows[0].n;
  // 202 Camden (London) in progress: 3 of 12 answer fields filled; 203 submitted; the rest not started
  await seedResponse(t.pool, {
    laCode: "202",
    status: "in_progress",
    data: { lead_name: "Sam", case_system: "mosaic", items_safe: { di_referral_date: { recorded: "structured" } } },
    startedAt: "2026-10-01T09:00:00Z",
    contributor: { name: "Sam Analyst", role: "BI lead" },
  });
  await seedResponse(t.pool, {
    laCode: "203",
    status: "submitted",
    data: { lead_name: "Ann", sign_off: "yes" },
    startedAt: "2026-10-01T10:00:00Z",
    submittedAt: "2026-10-03T10:00:00Z",
    contributor: { name: "Ann Head", role: "Head of service" },
  });
});
afterAll(async () => {
  await t?.close();
});

describe("GET /api/admin/fieldwork/summary (viewer)", () => {
  it("counts LAs by status overall, by region and by LA type, and the response rate per day", async () => {
    const res = await viewer.agent.get("/api/admin/fieldwork/summary").expect(200);
    expect(res.body.total).toBe(totalLas);
    expect(res.body.totals).toEqual({ not_started: totalLas - 2, in_progress: 1, submitted: 1 });
    const london = res.body.byRegion.find((g: { group: string }) => g.group === "London");
    expect(london.counts.in_progress + london.counts.submitted).toBeGreaterThanOrEqual(1);
    const regionSum = res.body.byRegion.reduce((n: number, g: { total: number }) => n + g.total, 0);
    expect(regionSum).toBe(totalLas);
    const typeSum = res.body.byLaType.reduce((n: number, g: { total: number }) => n + g.total, 0);
    expect(typeSum).toBe(totalLas);
    const byDate = Object.fromEntries(res.body.overTime.map((d: { date: string }) => [d.date, d]));
    expect(byDate["2026-10-01"]).toMatchObject({ started: 2, submitted: 0 });
    expect(byDate["2026-10-03"]).toMatchObject({ started: 2, submitted: 1 });
  });
});

describe("GET /api/admin/fieldwork/las (researcher)", () => {
  it("lists every LA with status, % complete, last activity and contributors; viewers get 403", async () => {
    await viewer.agent.get("/api/admin/fieldwork/las").expect(403);
    const res = await researcher.agent.get("/api/admin/fieldwork/las").expect(200);
    expect(res.body.las).toHaveLength(totalLas);
    const camden = res.body.las.find((l: { laCode: string }) => l.laCode === "202");
    // fields: lead_name, case_system, tools, has_dpo, dpo_email, analysts, 2 item rows, 2 maturity rows, confidence, notes, sign_off = 13
    expect(camden).toMatchObject({ status: "in_progress", contributors: 1, percentComplete: Math.round((3 / 13) * 100), lastActivity: "2026-10-01T09:00:00.000Z" });
    expect(res.body.las.find((l: { laCode: string }) => l.laCode === "203")).toMatchObject({ status: "submitted", percentComplete: 100 });
    expect(res.body.las.find((l: { laCode: string }) => l.laCode === "201")).toMatchObject({ status: "not_started", percentComplete: 0, lastActivity: null });
  });
});

describe("GET /api/admin/fieldwork/las/:laCode and its timeline", () => {
  it("shows the response, contributors and a merged timeline (answers, submission, audit entries)", async () => {
    const res = await researcher.agent.get("/api/admin/fieldwork/las/203").expect(200);
    expect(res.body.la.laCode).toBe("203");
    expect(res.body.response).toMatchObject({ status: "submitted", data: { lead_name: "Ann", sign_off: "yes" } });
    expect(res.body.contributors).toEqual([expect.objectContaining({ name: "Ann Head", role: "Head of service", changes: 2 })]);
    // an audit entry for this LA (a contact added through the API)
    await researcher.agent.post("/api/admin/contacts").set("x-csrf-token", researcher.csrfToken)
      .send({ laCode: "203", name: "Pat Contact", email: "pat@la203.gov.uk", role: "Data lead" }).expect(201);
    const tl = await researcher.agent.get("/api/admin/fieldwork/las/203/timeline").expect(200);
    const kinds = tl.body.entries.map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(["contact.create", "submitted", "answers"]);
    // researchers see the role, not the colleague's e-mail (the audit trail is admin-only)
    expect(tl.body.entries[0].who).toBe("a console user (researcher)");
    expect(JSON.stringify(tl.body)).not.toContain(researcher.user.email);
    expect(tl.body.entries[2]).toMatchObject({ who: "Ann Head (Head of service)", summary: "Changed 2 answers" });
    expect(tl.body.entries[2].changes).toEqual(expect.arrayContaining([{ question: "sign_off", oldValue: null, newValue: "yes" }]));
  });

  it("404 for an unknown LA code", async () => {
    await researcher.agent.get("/api/admin/fieldwork/las/999").expect(404);
  });
});

describe("fieldwork response schemas", () => {
  // the serializer drops any field a response schema leaves out, which would silently blank a page
  it("send every field the service returns, for the LA list, one LA and its timeline", async () => {
    const reads = new FieldworkReads(t.pool);
    const plain = (v: unknown) => JSON.parse(JSON.stringify(v));
    const las = await researcher.agent.get("/api/admin/fieldwork/las").expect(200);
    expect(las.body).toEqual(plain(await reads.las()));
    const la = await researcher.agent.get("/api/admin/fieldwork/las/202").expect(200);
    expect(la.body).toEqual(plain(await reads.la("202")));
    expect(Object.keys(la.body.response)).toEqual(expect.arrayContaining(["surveyId", "startedAt", "lastSavedAt", "submittedAt", "data"]));
    const timeline = await researcher.agent.get("/api/admin/fieldwork/las/203/timeline").expect(200);
    expect(timeline.body).toEqual(plain(await reads.timeline("203", { role: "researcher" })));
  });
});
