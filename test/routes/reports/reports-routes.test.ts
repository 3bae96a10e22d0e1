import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import supertest from "supertest";
import { readZip } from "../../domain/exports/read-zip.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedDemoSubmissions } from "../../helpers/report-seed.ts";
import { makeToken } from "../respondent/respondent-fixtures.ts";
import type { DemoWorld } from "../../support/demo-reports.ts";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import { releaseAndWait, releasedBy, skippedBy } from "../../helpers/release-job.ts";

let t: TestApp;
let researcher: LoggedIn;
let viewer: LoggedIn;
let world: DemoWorld;
let laA: string;
let laB: string;
let lateLa: string;

const release = (body: unknown, who: LoggedIn = researcher) => who.agent.post("/api/admin/reports/release").set("x-csrf-token", who.csrfToken).send(body as object);
const withdraw = (laCodes: string[]) => researcher.agent.post("/api/admin/reports/withdraw").set("x-csrf-token", researcher.csrfToken).send({ laCodes });

beforeAll(async () => {
  t = await buildTestApp();
  const submitted = (await import("../../support/demo-reports.ts")).demoWorld().submitted.map((s) => s.la.laCode);
  lateLa = submitted[submitted.length - 1];
  world = await seedDemoSubmissions(t.pool, { inProgress: [lateLa] });
  [laA, laB] = submitted;
  researcher = await loginAs(t.app, "researcher");
  viewer = await loginAs(t.app, "viewer");
}, 300_000);
afterAll(async () => t?.close());

describe("feedback reports: researchers", () => {
  it("refuses an empty release body (never 'all'), unknown LA codes, and viewers", async () => {
    expect((await release({})).status).toBe(422);
    expect((await release({ all: true, laCodes: [laA] })).status).toBe(422);
    const unknown = await release({ laCodes: ["999"] });
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain("999");
    expect((await release({ all: true }, viewer)).status).toBe(403);
    expect((await viewer.agent.get(`/api/admin/reports/${laA}`)).status).toBe(403);
    expect((await viewer.agent.get(`/api/admin/reports/${laA}.pdf`)).status).toBe(403);
    expect((await researcher.agent.post("/api/admin/reports/release").send({ all: true })).status).toBe(403); // no CSRF token
  });

  it("previews one LA's report with its own figures, and refuses an LA that has not submitted", async () => {
    const res = await researcher.agent.get(`/api/admin/reports/${laA}`).expect(200);
    const report = res.body as FeedbackReportDto;
    const own = world.submitted.find((s) => s.la.laCode === laA)!;
    expect(report).toMatchObject({ laCode: laA, laName: own.la.name });
    const bands = report.areas.flatMap((a) => a.indicators).map((i) => [i.indicatorId, i.band]);
    expect(Object.fromEntries(bands)).toEqual(Object.fromEntries(own.scores.indicators.map((i) => [i.indicatorId, i.band])));
    expect((await researcher.agent.get(`/api/admin/reports/${lateLa}`)).status).toBe(409);
    const pdf = await researcher.agent.get(`/api/admin/reports/${laA}.pdf`).buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a dry run lists what would be released and skipped without releasing anything", async () => {
    const dry = await release({ laCodes: [laA, lateLa], dryRun: true }).expect(200);
    expect(dry.body).toMatchObject({ released: [laA], skipped: [{ laCode: lateLa, reason: "no submitted response" }], dryRun: true });
    const list = await researcher.agent.get("/api/admin/reports").expect(200);
    expect(list.body.snapshot).toBeNull();
    expect(list.body.las.find((l: { laCode: string }) => l.laCode === laA).releasedVersion).toBeNull();
  });

  it("releases two LAs on one snapshot (audited), each LA reads only its own report, and withdrawal ends it", async () => {
    const tokenA = await makeToken(t.pool, laA);
    const tokenB = await makeToken(t.pool, laB);
    const a = supertest(t.app.server);
    // before release: 404
    expect((await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenA}`)).status).toBe(404);

    const job = await releaseAndWait(researcher, { laCodes: [laA, laB] });
    expect(job).toMatchObject({ status: "done", scope: "list", counts: { total: 2, released: 2, pending: 0, failed: 0 } });
    expect(releasedBy(job)).toEqual([laA, laB]);
    const snapshotId = job.snapshotId;
    expect(snapshotId).toBeGreaterThan(0);

    const mine = await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenA}`).expect(200);
    expect(mine.body.laCode).toBe(laA);
    const theirs = await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenB}`).expect(200);
    expect(theirs.body.laCode).toBe(laB);
    expect(JSON.stringify(mine.body)).not.toContain(`"laCode":"${laB}"`);
    // the stored PDF of the release is what the LA downloads
    const pdf = await a.get("/api/respondent/report.pdf").set("authorization", `Bearer ${tokenA}`).expect(200);
    expect(pdf.headers["content-type"]).toBe("application/pdf");
    // the LA's own figures as CSV, the same as the report
    const csv = await a.get("/api/respondent/report.csv").set("authorization", `Bearer ${tokenA}`).expect(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = csv.text.trim().split("\n");
    expect(lines[0]).toBe("la_code,section,area,measure,value,score,england,region,la_type,statistical_neighbours");
    const ready = mine.body.summary.bandCounts.find((b: { band: string }) => b.band === "ready_now").count;
    expect(lines).toContain(`${laA},summary,,Indicators: Ready now,${ready},,,,,`);
    expect(lines.filter((l) => l.includes(",indicator,")).length).toBe(mine.body.areas.flatMap((x: { indicators: unknown[] }) => x.indicators).length);
    const stored = await t.pool.query("SELECT pdf_sha256, snapshot_id FROM report_releases WHERE la_code = $1", [laA]);
    expect(String(stored.rows[0].snapshot_id)).toBe(String(snapshotId));
    // the list says which snapshot each live report is on and whether a release e-mails anyone,
    // so the page can say how many LAs a release would reach before it starts one
    const listed = await researcher.agent.get("/api/admin/reports").expect(200);
    expect(listed.body.smtpConfigured).toBe(false);
    expect(listed.body.snapshot.id).toBe(snapshotId);
    expect(listed.body.las.find((l: { laCode: string }) => l.laCode === laA).snapshotId).toBe(snapshotId);
    expect(listed.body.las.find((l: { laCode: string }) => l.laCode === lateLa).snapshotId).toBeNull();

    // a later release (the late LA submits) reuses the snapshot, so the figures others saw do not move
    await t.pool.query("UPDATE responses SET status = 'submitted', submitted_at = now() WHERE la_code = $1", [lateLa]);
    const late = await releaseAndWait(researcher, { laCodes: [lateLa] });
    expect(late).toMatchObject({ snapshotId });
    expect(releasedBy(late)).toEqual([lateLa]);
    const again = await releaseAndWait(researcher, { laCodes: [laA] });
    expect(skippedBy(again)).toEqual([{ laCode: laA, reason: "already released (version 1) on this snapshot" }]);

    const audit = await t.pool.query("SELECT action, la_code FROM audit_log WHERE action LIKE 'report.%' ORDER BY id");
    const [start, done] = ["report.release_job.start:", "report.release_job.done:"];
    expect(audit.rows.map((r) => `${r.action}:${r.la_code ?? ""}`)).toEqual(["report.snapshot:", start, `report.release:${laA}`, `report.release:${laB}`, done, start, `report.release:${lateLa}`, done, start, done]);

    // every released PDF in one zip, byte for byte what each LA received
    const zip = await researcher.agent.get("/api/admin/reports.zip").buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(zip.status).toBe(200);
    const entries = await readZip(zip.body as Buffer);
    expect([...entries.keys()].sort()).toEqual([laA, laB, lateLa].sort().map((c) => `feedback-report-${c}-v1.pdf`));
    expect(crypto.createHash("sha256").update(entries.get(`feedback-report-${laA}-v1.pdf`)!).digest("hex")).toBe(stored.rows[0].pdf_sha256);
    expect((await viewer.agent.get("/api/admin/reports.zip")).status).toBe(403);

    await withdraw([laA]).expect(200);
    expect((await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenA}`)).status).toBe(404);
    expect((await a.get("/api/respondent/report.pdf").set("authorization", `Bearer ${tokenA}`)).status).toBe(404);
    expect((await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenB}`)).status).toBe(200);
    const list = await researcher.agent.get("/api/admin/reports").expect(200);
    const row = list.body.las.find((l: { laCode: string }) => l.laCode === laA);
    expect(row).toMatchObject({ releasedVersion: null });
    expect(row.withdrawnAt).not.toBeNull();
    // a revoked link reaches nothing
    await t.pool.query("UPDATE respondent_tokens SET revoked_at = now() WHERE la_code = $1", [laB]);
    expect((await a.get("/api/respondent/report").set("authorization", `Bearer ${tokenB}`)).status).toBe(401);
  });
});
