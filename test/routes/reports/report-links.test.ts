/**
 * Read-only report links: issued on release (hash only), the mail-merge CSV of fresh links (admin,
 * audited, formula-safe), the LA reading its own report with its link (bearer or the page's cookie),
 * and 401 for a wrong, expired, revoked or withdrawn link. A report link never opens the questionnaire.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { parse } from "csv-parse/sync";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedDemoSubmissions } from "../../helpers/report-seed.ts";
import { hashToken } from "../../../server/domain/responses/tokens.ts";
import { releaseAndWait } from "../../helpers/release-job.ts";

let t: TestApp;
let admin: LoggedIn;
let researcher: LoggedIn;
let laA: string;
let laB: string;
let laC: string;

const TOKEN_LINK = /^http:\/\/localhost:3000\/report#([A-Za-z0-9_-]{43})$/;

function linksCsv(who: LoggedIn) {
  return who.agent.get("/api/admin/reports/links.csv");
}
function rowsOf(csv: string): Record<string, string>[] {
  return parse(csv, { columns: true }) as Record<string, string>[];
}
const asLa = (token: string, path: string) => supertest(t.app.server).get(path).set("authorization", `Bearer ${token}`);

beforeAll(async () => {
  t = await buildTestApp();
  const world = await seedDemoSubmissions(t.pool);
  [laA, laB, laC] = world.submitted.map((s) => s.la.laCode);
  admin = await loginAs(t.app, "admin");
  researcher = await loginAs(t.app, "researcher");
  // a researcher previews before releasing: this scores every seeded response once, outside the release's time
  await researcher.agent.get(`/api/admin/reports/${laA}`).expect(200);
}, 300_000);
afterAll(async () => t?.close());

describe("report links", () => {
  it("before any release there are no links to give out (409), and only admins may ask", async () => {
    const none = await linksCsv(admin);
    expect(none.status).toBe(409);
    expect(none.body.message).toMatch(/No feedback report has been released yet/);
    expect((await linksCsv(researcher)).status).toBe(403);
    expect((await supertest(t.app.server).get("/api/admin/reports/links.csv")).status).toBe(401);
  });

  it("a release issues each released LA a link stored only as a hash, with an expiry, and audited", { timeout: 240_000 }, async () => {
    const released = await releaseAndWait(researcher, { laCodes: [laA, laB] });
    // no SMTP here: the release says plainly that nobody was e-mailed and where the links are
    expect(released.emailsOff).toMatch(/E-mail is not configured.*report-links CSV/);
    expect(released.las.map((l) => l.emailState)).toEqual(["off", "off"]);
    const { rows } = await t.pool.query("SELECT la_code, token_hash, issued_via, expires_at, revoked_at FROM report_links ORDER BY la_code");
    expect(rows.map((r) => [r.la_code, r.issued_via])).toEqual([[laA, "release"], [laB, "release"]].sort());
    for (const r of rows) {
      expect(r.token_hash).toMatch(/^[0-9a-f]{64}$/);
      const days = (new Date(r.expires_at).getTime() - Date.now()) / 86_400_000;
      expect(Math.round(days)).toBe(t.config.reportLinkTtlDays);
      expect(r.revoked_at).toBeNull();
    }
    const audit = await t.pool.query("SELECT la_code, details FROM audit_log WHERE action = 'report_link.issue' ORDER BY la_code");
    expect(audit.rows.map((r) => r.la_code)).toEqual([laA, laB].sort());
    const list = await researcher.agent.get("/api/admin/reports").expect(200);
    const rowA = list.body.las.find((l: { laCode: string }) => l.laCode === laA);
    expect(rowA.reportLinks).toMatchObject({ live: 1, lastUsedAt: null });
    expect(list.body.las.find((l: { laCode: string }) => l.laCode === laC).reportLinks).toEqual({ live: 0, lastUsedAt: null, expiresAt: null });
  });

  it("the mail-merge CSV gives a working link per released LA, audited, with no cell a spreadsheet would run", async () => {
    // an LA name that a spreadsheet would take for a formula
    await t.pool.query("UPDATE las SET name = '=HYPERLINK(\"http://evil.example\")' WHERE la_code = $1", [laB]);
    const res = await linksCsv(admin).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="report-links-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.text.split("\n")[0]).toBe("la_code,la_name,link");
    const rows = rowsOf(res.text);
    expect(rows.map((r) => r.la_code)).toEqual([laA, laB].sort());
    expect(rows.find((r) => r.la_code === laB)!.la_name).toBe("'=HYPERLINK(\"http://evil.example\")");
    for (const r of rows) {
      const token = TOKEN_LINK.exec(r.link)?.[1];
      expect(token, r.link).toBeDefined();
      const report = await asLa(token!, "/api/report").expect(200);
      expect(report.body.laCode).toBe(r.la_code);
    }
    const audit = await t.pool.query("SELECT actor, details FROM audit_log WHERE action = 'report_links.csv_download'");
    expect(audit.rows).toEqual([{ actor: admin.user.id, details: { issued: 2 } }]);
    // the earlier links still work: two live links for each LA now
    const list = await researcher.agent.get("/api/admin/reports").expect(200);
    expect(list.body.las.find((l: { laCode: string }) => l.laCode === laA).reportLinks.live).toBe(2);
  });

  it("the LA reads its report, PDF and CSV with its link (bearer or the page's cookie), and nothing else", async () => {
    const token = TOKEN_LINK.exec(rowsOf((await linksCsv(admin).expect(200)).text).find((r) => r.la_code === laA)!.link)![1]!;
    const json = await asLa(token, "/api/report").expect(200);
    expect(json.body.laCode).toBe(laA);
    expect(json.headers["cache-control"]).toBe("no-store");
    const pdf = await asLa(token, "/api/report.pdf").buffer(true).parse((r, cb) => {
      const chunks: Buffer[] = [];
      r.on("data", (c: Buffer) => chunks.push(c));
      r.on("end", () => cb(null, Buffer.concat(chunks)));
    });
    expect(pdf.status).toBe(200);
    const stored = await t.pool.query("SELECT pdf FROM report_releases WHERE la_code = $1 AND withdrawn_at IS NULL", [laA]);
    expect(Buffer.compare(pdf.body as Buffer, stored.rows[0].pdf)).toBe(0);
    const csv = await asLa(token, "/api/report.csv").expect(200);
    expect(csv.text.split("\n")[1]).toMatch(new RegExp(`^${laA},`));

    // the page exchanges the token once for an HttpOnly cookie that reaches /api/report*
    const session = await supertest(t.app.server).post("/api/report/session").send({ token }).expect(200);
    expect(session.body).toEqual({ la: { code: laA, name: expect.any(String) } });
    const cookie = String(session.headers["set-cookie"]);
    expect(cookie).toMatch(/^lada_report=[A-Za-z0-9_-]{43}; Path=\/api; HttpOnly; SameSite=Strict; Max-Age=\d+/);
    expect(cookie).not.toContain(token);
    const viaCookie = await supertest(t.app.server).get("/api/report.csv").set("cookie", cookie.split(";")[0]!).expect(200);
    expect(viaCookie.text).toBe(csv.text);
    expect((await t.pool.query("SELECT last_used_at FROM report_links WHERE token_hash = $1", [hashToken(token)])).rows[0].last_used_at).not.toBeNull();

    // a report link is not a survey link: the questionnaire stays shut
    expect((await asLa(token, "/api/respondent/response")).status).toBe(401);
    expect((await asLa(token, "/api/respondent/report")).status).toBe(401);
  });

  it("a wrong, malformed, expired or survey link is 401 with a plain message; a bad session body is 400 naming the field", async () => {
    const wrong = await asLa("A".repeat(43), "/api/report");
    expect(wrong.status).toBe(401);
    expect(wrong.body.message).toMatch(/not valid, has expired or has been withdrawn/);
    expect((await asLa("short", "/api/report.pdf")).status).toBe(401);
    expect((await supertest(t.app.server).get("/api/report")).status).toBe(401);
    const bad = await supertest(t.app.server).post("/api/report/session").send({});
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/token/);

    const token = TOKEN_LINK.exec(rowsOf((await linksCsv(admin).expect(200)).text).find((r) => r.la_code === laB)!.link)![1]!;
    await t.pool.query("UPDATE report_links SET expires_at = now() - interval '1 minute' WHERE token_hash = $1", [hashToken(token)]);
    expect((await asLa(token, "/api/report")).status).toBe(401);
  });

  it("admins revoke an LA's report links (401 after, cookies too); researchers cannot; unknown LA 404; none left 409", async () => {
    const token = TOKEN_LINK.exec(rowsOf((await linksCsv(admin).expect(200)).text).find((r) => r.la_code === laA)!.link)![1]!;
    const session = await supertest(t.app.server).post("/api/report/session").send({ token }).expect(200);
    const cookie = String(session.headers["set-cookie"]).split(";")[0]!;
    const revoke = (who: LoggedIn, la: string) => who.agent.post(`/api/admin/reports/${la}/links/revoke`).set("x-csrf-token", who.csrfToken).send();
    expect((await revoke(researcher, laA)).status).toBe(403);
    expect((await revoke(admin, "999")).status).toBe(404);
    const ok = await revoke(admin, laA).expect(200);
    expect(ok.body.laCode).toBe(laA);
    expect(ok.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await asLa(token, "/api/report")).status).toBe(401);
    expect((await supertest(t.app.server).get("/api/report").set("cookie", cookie)).status).toBe(401);
    const again = await revoke(admin, laA);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/no working report link/);
    const audit = await t.pool.query("SELECT la_code FROM audit_log WHERE action = 'report_link.revoke'");
    expect(audit.rows).toEqual([{ la_code: laA }]);
  });

  it("withdrawing a report revokes its links: 401, not the report", { timeout: 120_000 }, async () => {
    const token = TOKEN_LINK.exec(rowsOf((await linksCsv(admin).expect(200)).text).find((r) => r.la_code === laB)!.link)![1]!;
    await asLa(token, "/api/report").expect(200);
    await researcher.agent.post("/api/admin/reports/withdraw").set("x-csrf-token", researcher.csrfToken).send({ laCodes: [laB] }).expect(200);
    expect((await asLa(token, "/api/report")).status).toBe(401);
    expect((await asLa(token, "/api/report.pdf")).status).toBe(401);
    const audit = await t.pool.query("SELECT details FROM audit_log WHERE action = 'report.withdraw' AND la_code = $1", [laB]);
    expect(audit.rows[0].details.linksRevoked).toBeGreaterThanOrEqual(1);
  });
});
