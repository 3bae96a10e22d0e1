/**
 * The release e-mail through a real SMTP server process (smtp-server on 127.0.0.1, random port):
 * researchers preview it, a release e-mails each released LA's active contacts its own report link
 * (which opens that LA's report and nothing else), every attempt is in the send log and the audit
 * trail, and a dry run or notify:false sends nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer, type TestSmtpServer } from "../../support/test-smtp-server.ts";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedDemoSubmissions } from "../../helpers/report-seed.ts";
import { releaseAndWait, releasedBy } from "../../helpers/release-job.ts";

let t: TestApp;
let researcher: LoggedIn;
let smtp: TestSmtpServer;
let inbox: TestSmtpServer["inbox"] = [];
let laA: string;
let laB: string;
let laC: string;
let nameA: string;

const post = (url: string, body: unknown) => researcher.agent.post(url).set("x-csrf-token", researcher.csrfToken).send(body as object);

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  inbox = smtp.inbox;
  const port = smtp.port;
  t = await buildTestApp({ config: { smtp: { host: "127.0.0.1", port, secure: false, from: "Audit Team <audit@research.example>" } } });
  const world = await seedDemoSubmissions(t.pool);
  [laA, laB, laC] = world.submitted.map((s) => s.la.laCode);
  nameA = world.submitted[0]!.la.name;
  researcher = await loginAs(t.app, "researcher");
  const csv = ["la_code,name,email,role", `${laA},Jo Bloggs,jo@la-a.gov.uk,Head of BI`, `${laA},Kim Lee,kim@la-a.gov.uk,Analyst`, `${laC},Bo Unce,bounce@la-c.gov.uk,`].join("\n");
  await post("/api/admin/contacts/import", { csv }).expect(200);
  // a researcher previews before releasing: this scores every seeded response once, outside the release's time
  await researcher.agent.get(`/api/admin/reports/${laA}`).expect(200);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("the release e-mail", () => {
  it("previews the e-mail for an LA: its contact, its name, where the link will go; viewers cannot", async () => {
    const res = await researcher.agent.get(`/api/admin/reports/${laA}/release-email`).expect(200);
    expect(res.body).toMatchObject({ laCode: laA, laName: nameA, smtpConfigured: true });
    expect(res.body.subject).toBe(`Your feedback report from the LA Data Capability Audit: ${nameA}`);
    expect(res.body.body).toContain("Dear Jo Bloggs,");
    expect(res.body.body).toContain("http://localhost:3000/report#(report link created when the report is released)");
    expect(res.body.body).toContain("Audit Team");
    expect(res.body.recipients).toEqual([
      { name: "Jo Bloggs", email: "jo@la-a.gov.uk" },
      { name: "Kim Lee", email: "kim@la-a.gov.uk" },
    ]);
    const none = await researcher.agent.get(`/api/admin/reports/${laB}/release-email`).expect(200);
    expect(none.body.recipients).toEqual([]);
    expect(none.body.body).toContain("Dear (the LA contact's name),");
    expect((await researcher.agent.get("/api/admin/reports/999/release-email")).status).toBe(404);
    const viewer = await loginAs(t.app, "viewer");
    expect((await viewer.agent.get(`/api/admin/reports/${laA}/release-email`)).status).toBe(403);
    expect(inbox).toHaveLength(0);
  });

  it("an edited template is what the preview shows (and it must keep {{link}})", async () => {
    const bad = await researcher.agent.put("/api/admin/email-templates/report_release").set("x-csrf-token", researcher.csrfToken).send({ subject: "Report", body: "no link" });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("body");
    const list = await researcher.agent.get("/api/admin/email-templates").expect(200);
    const stored = list.body.templates.find((x: { key: string }) => x.key === "report_release");
    await researcher.agent.put("/api/admin/email-templates/report_release").set("x-csrf-token", researcher.csrfToken)
      .send({ subject: `Report ready for {{la_name}}`, body: `${stored.body}\nP.S. {{la_code}}` }).expect(200);
    const res = await researcher.agent.get(`/api/admin/reports/${laA}/release-email`).expect(200);
    expect(res.body.subject).toBe(`Report ready for ${nameA}`);
    expect(res.body.body).toContain(`P.S. ${laA}`);
  });

  it("a dry run and a release with notify:false e-mail nobody", { timeout: 240_000 }, async () => {
    const dry = await post("/api/admin/reports/release", { laCodes: [laC], dryRun: true }).expect(200);
    expect(dry.body.emails).toBeNull();
    const quiet = await releaseAndWait(researcher, { laCodes: [laC], notify: false });
    expect(releasedBy(quiet)).toEqual([laC]);
    expect(quiet).toMatchObject({ emailsOff: expect.stringMatching(/without e-mails/), counts: { emailsSent: 0, emailsFailed: 0 } });
    expect(quiet.las[0].emailState).toBe("off");
    expect(inbox).toHaveLength(0);
  });

  it("a release e-mails each released LA's contacts its own working report link; LAs without a contact are named; all recorded", { timeout: 240_000 }, async () => {
    const job = await releaseAndWait(researcher, { laCodes: [laA, laB] });
    expect(releasedBy(job)).toEqual([laA, laB]);
    expect(job).toMatchObject({ status: "done", emailsOff: null, counts: { emailsSent: 2, emailsFailed: 0 } });
    expect(job.las.map((l) => [l.laCode, l.emailState, l.emailsSent])).toEqual([[laA, "sent", 2], [laB, "no_contact", 0]]);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual(["jo@la-a.gov.uk", "kim@la-a.gov.uk"]);
    const jo = inbox.find((m) => m.to[0] === "jo@la-a.gov.uk")!.mail;
    expect(jo.subject).toBe(`Report ready for ${nameA}`);
    expect(jo.from?.text).toContain("audit@research.example");
    expect(jo.text).toContain("Dear Jo Bloggs,");
    const link = /(http:\/\/localhost:3000\/report#[A-Za-z0-9_-]{43})\s/.exec(jo.text ?? "")?.[1];
    expect(link, jo.text).toBeDefined();
    // both contacts of the LA get the same link, and it opens this LA's released report only
    expect(inbox.find((m) => m.to[0] === "kim@la-a.gov.uk")!.mail.text).toContain(link);
    const token = link!.split("#")[1]!;
    const report = await supertest(t.app.server).get("/api/report").set("authorization", `Bearer ${token}`).expect(200);
    expect(report.body.laCode).toBe(laA);
    expect((await supertest(t.app.server).get("/api/respondent/response").set("authorization", `Bearer ${token}`)).status).toBe(401);

    const sends = await researcher.agent.get(`/api/admin/emails/sends?laCode=${laA}`).expect(200);
    expect(sends.body.sends.map((s: { kind: string; outcome: string; toAddress: string }) => [s.kind, s.outcome, s.toAddress]).sort()).toEqual([
      ["report_release", "sent", "jo@la-a.gov.uk"],
      ["report_release", "sent", "kim@la-a.gov.uk"],
    ]);
    const audit = await t.pool.query("SELECT la_code, details FROM audit_log WHERE action = 'email.report_release'");
    expect(audit.rows).toEqual([{ la_code: laA, details: { batchId: expect.any(String), sent: 2, failed: 0 } }]);
  });

  it("a bounced address is recorded as failed, and the release itself stands", { timeout: 240_000 }, async () => {
    const job = await releaseAndWait(researcher, { laCodes: [laC], newSnapshot: true });
    expect(releasedBy(job)).toContain(laC);
    expect(job.counts).toMatchObject({ emailsSent: 0, emailsFailed: 1 });
    // the console names the LA whose e-mail failed
    expect(job.las.find((l) => l.laCode === laC)).toMatchObject({ laName: expect.any(String), emailState: "failed", emailsFailed: 1 });
    const sends = await researcher.agent.get(`/api/admin/emails/sends?laCode=${laC}`).expect(200);
    expect(sends.body.sends[0]).toMatchObject({ kind: "report_release", outcome: "failed", toAddress: "bounce@la-c.gov.uk" });
    expect(sends.body.sends[0].error).toMatch(/550/);
    const live = await t.pool.query("SELECT count(*)::int AS n FROM report_releases WHERE la_code = $1 AND withdrawn_at IS NULL", [laC]);
    expect(live.rows[0].n).toBe(1);
  });
});
