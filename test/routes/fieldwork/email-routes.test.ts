/** Invitations and reminders sent through a real SMTP server process (smtp-server on 127.0.0.1, random port). */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedResponse } from "../../helpers/fieldwork-seed.ts";
import { hashToken } from "../../../server/domain/responses/tokens.ts";
import { startTestSmtpServer, type TestSmtpServer } from "../../support/test-smtp-server.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let researcher: LoggedIn;
let smtp: TestSmtpServer;
let inbox: TestSmtpServer["inbox"] = [];

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  inbox = smtp.inbox;
  const port = smtp.port;
  t = await buildTestApp({ config: { smtp: { host: "127.0.0.1", port, secure: false, from: "Audit Team <audit@research.example>" } } });
  researcher = await loginAs(t.app, "researcher");
  const csv = [
    "la_code,name,email,role",
    "201,Jo Bloggs,jo@la201.gov.uk,Head of BI",
    "201,Kim Lee,kim@la201.gov.uk,Analyst",
    "202,Sam Smith,sam@la202.gov.uk,",
    "203,Ann Head,ann@la203.gov.uk,",
    "204,Bo Unce,bounce@la204.gov.uk,",
  ].join("\n");
  await researcher.agent.post("/api/admin/contacts/import").set("x-csrf-token", researcher.csrfToken).send({ csv }).expect(200);
  await seedResponse(t.pool, { laCode: "203", status: "submitted", submittedAt: "2026-10-03T10:00:00Z" });
});
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const post = (url: string, body: unknown) => researcher.agent.post(url).set("x-csrf-token", researcher.csrfToken).send(body as object);

/** Start a send (202) and poll its batch until it has finished. */
async function sendAndWait(body: unknown) {
  const started = await post("/api/admin/emails/send", body).expect(202);
  for (let i = 0; i < 200; i++) {
    const b = await researcher.agent.get(`/api/admin/emails/batches/${started.body.batchId}`).expect(200);
    if (b.body.status !== "running") return { started: started.body, batch: b.body };
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("batch did not finish");
}

describe("templates", () => {
  it("edits a template, refusing unknown placeholders or a body without {{link}}", async () => {
    const bad = await researcher.agent.put("/api/admin/email-templates/invitation").set("x-csrf-token", researcher.csrfToken)
      .send({ subject: "Hello {{la_nme}}", body: "x {{link}}" });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: "subject" });
    expect(bad.body.message).toMatch(/la_nme/);
    const noLink = await researcher.agent.put("/api/admin/email-templates/invitation").set("x-csrf-token", researcher.csrfToken)
      .send({ subject: "Hello", body: "no link here" });
    expect(noLink.body.field).toBe("body");
    await researcher.agent.put("/api/admin/email-templates/invitation").set("x-csrf-token", researcher.csrfToken)
      .send({ subject: "Invitation for {{la_name}}", body: "Dear {{contact_name}},\nYour link: {{link}}\nBy {{deadline}}.\n{{sender_name}}" })
      .expect(200);
  });

  // the serializer drops any field a response schema leaves out, which would silently blank the page
  it("sends every field of a template, in the list and after saving one", async () => {
    const list = await researcher.agent.get("/api/admin/email-templates").expect(200);
    expect(list.body.placeholders).toEqual(["la_name", "la_code", "contact_name", "link", "deadline", "sender_name"]);
    expect(typeof list.body.smtpConfigured).toBe("boolean");
    const invitation = list.body.templates.find((x: { key: string }) => x.key === "invitation");
    expect(Object.keys(invitation).sort()).toEqual(["body", "key", "placeholders", "subject", "updatedAt", "updatedBy"]);
    const saved = await researcher.agent.put("/api/admin/email-templates/invitation").set("x-csrf-token", researcher.csrfToken)
      .send({ subject: invitation.subject, body: invitation.body }).expect(200);
    expect(saved.body.template).toMatchObject({ key: "invitation", subject: invitation.subject, body: invitation.body, updatedBy: researcher.user.id });
    expect(Date.parse(saved.body.template.updatedAt)).not.toBeNaN();
  });

  it("previews the rendered e-mail and its audience without sending", async () => {
    const res = await post("/api/admin/emails/preview", { kind: "invitation", laCode: "201", deadline: "1 December 2026" }).expect(200);
    expect(res.body.subject).toBe("Invitation for City of London");
    expect(res.body.body).toContain("Dear Jo Bloggs,");
    expect(res.body.body).toContain("By 1 December 2026.");
    expect(res.body.body).toContain("Audit Team");
    // 201, 202, 204 have contacts and have not submitted (203 has)
    expect(res.body.audience).toMatchObject({ las: 3, contacts: 4 });
    expect(inbox).toHaveLength(0);
  });

  it("previews for any real LA: its own contact even when this send would skip it, and no invented person without one", async () => {
    const submitted = await post("/api/admin/emails/preview", { kind: "invitation", laCode: "203" }).expect(200);
    expect(submitted.body.body).toContain("Dear Ann Head,");
    expect(submitted.body.previewedAs).toEqual({ laCode: "203", laName: expect.any(String), contactName: "Ann Head", receives: false });
    const none = await post("/api/admin/emails/preview", { kind: "invitation", laCode: "205" }).expect(200);
    const name = (await t.pool.query("SELECT name FROM las WHERE la_code = '205'")).rows[0].name;
    expect(none.body.subject).toBe(`Invitation for ${name}`);
    expect(none.body.previewedAs).toEqual({ laCode: "205", laName: name, contactName: null, receives: false });
    const reached = await post("/api/admin/emails/preview", { kind: "invitation", laCode: "202" }).expect(200);
    expect(reached.body.previewedAs).toMatchObject({ laCode: "202", receives: true });
    expect(none.body.body).not.toMatch(/Alex Example|Example Council/);
    await post("/api/admin/emails/preview", { kind: "invitation", laCode: "999" }).expect(404);
  });

  it("with no LA chosen, previews as the first LA the send would reach, and says so when it would reach none", async () => {
    // 205 has no contact and 203 has submitted: the first LA this send reaches is 202, never 205
    const first = await post("/api/admin/emails/preview", { kind: "invitation", laCodes: ["205", "203", "202", "204"] }).expect(200);
    expect(first.body.previewedAs).toMatchObject({ laCode: "202", contactName: "Sam Smith", receives: true });
    expect(first.body.body).toContain("Dear Sam Smith,");
    // nobody in the audience would get it: the preview says it reaches no LA rather than passing one off as a recipient
    const none = await post("/api/admin/emails/preview", { kind: "invitation", laCodes: ["205", "203"] }).expect(200);
    expect(none.body.audience).toMatchObject({ las: 0, contacts: 0 });
    expect(none.body.previewedAs).toMatchObject({ laCode: "205", contactName: null, receives: false });
  });
});

describe("sending", () => {
  it("sends invitations with a working personal link to each contact, records every send including a bounce", async () => {
    const { started, batch } = await sendAndWait({ kind: "invitation", deadline: "1 December 2026" });
    expect(started).toMatchObject({ las: 3, contacts: 4 });
    expect(batch).toMatchObject({ status: "done", total: 4, sent: 3, failed: 1 });
    expect(Object.keys(started).sort()).toEqual(["batchId", "contacts", "las", "skipped"]);
    expect(Object.keys(batch).sort()).toEqual(["batchId", "error", "failed", "kind", "sent", "status", "total"]);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual(["jo@la201.gov.uk", "kim@la201.gov.uk", "sam@la202.gov.uk"]);
    const jo = inbox.find((m) => m.to[0] === "jo@la201.gov.uk")!.mail;
    expect(jo.subject).toBe("Invitation for City of London");
    expect(jo.from?.text).toContain("audit@research.example");
    const link = /(http:\/\/localhost:3000\/r#[A-Za-z0-9_-]{43})/.exec(jo.text ?? "")?.[1];
    expect(link).toBeDefined();
    // the token in the link is live for LA 201
    const token = link!.split("#")[1]!;
    const tok = await t.pool.query(`SELECT la_code FROM respondent_tokens WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > now()`, [hashToken(token)]);
    expect(tok.rows).toEqual([{ la_code: "201" }]);
    // both 201 contacts get the same LA link
    const kim = inbox.find((m) => m.to[0] === "kim@la201.gov.uk")!.mail;
    expect(kim.text).toContain(link);

    const sends = await researcher.agent.get("/api/admin/emails/sends").expect(200);
    expect(sends.body.sends).toHaveLength(4);
    const bounce = sends.body.sends.find((s: { toAddress: string }) => s.toAddress === "bounce@la204.gov.uk");
    expect(bounce).toMatchObject({ outcome: "failed", kind: "invitation", laCode: "204", sentByEmail: researcher.user.email });
    expect(bounce.error).toMatch(/550/);
    const ok = sends.body.sends.find((s: { toAddress: string }) => s.toAddress === "sam@la202.gov.uk");
    expect(ok).toMatchObject({ outcome: "sent", sentBy: researcher.user.id });
    expect(Object.keys(ok).sort()).toEqual(["at", "contactId", "error", "id", "kind", "laCode", "outcome", "sentBy", "sentByEmail", "subject", "toAddress"]);

    const audit = await t.pool.query(`SELECT action, la_code FROM audit_log WHERE action IN ('token.issue', 'email.invitation') ORDER BY id`);
    expect(audit.rows.filter((r: { action: string }) => r.action === "token.issue").map((r: { la_code: string }) => r.la_code)).toEqual(["201", "202", "204"]);
  });

  it("a second invitation run without a list skips LAs already invited", async () => {
    const res = await post("/api/admin/emails/preview", { kind: "invitation" }).expect(200);
    expect(res.body.audience.las).toBe(1); // only 204, whose invitation bounced
  });

  it("reminders go only to LAs that have not submitted", async () => {
    inbox.length = 0;
    await t.pool.query(`UPDATE la_contacts SET is_active = false WHERE email = 'bounce@la204.gov.uk'`);
    const { started, batch } = await sendAndWait({ kind: "reminder", laCodes: ["201", "203"], deadline: "8 December 2026" });
    expect(started).toMatchObject({ las: 1, contacts: 2 });
    expect(batch).toMatchObject({ status: "done", sent: 2, failed: 0 });
    expect(started.skipped).toEqual([{ laCode: "203", reason: "already submitted" }]);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual(["jo@la201.gov.uk", "kim@la201.gov.uk"]);
    expect(inbox[0]!.mail.subject).toMatch(/^Reminder: LA Data Capability Audit for City of London/);
  });

  it("rejects unknown LA codes, and answers 503 when SMTP is not configured", async () => {
    const bad = await post("/api/admin/emails/send", { kind: "reminder", laCodes: ["998"], deadline: "x" }).expect(400);
    expect(bad.body.field).toBe("laCodes");
    const noSmtp = await buildTestApp();
    try {
      const r = await loginAs(noSmtp.app, "researcher");
      const res = await r.agent.post("/api/admin/emails/send").set("x-csrf-token", r.csrfToken).send({ kind: "reminder", deadline: "x" });
      expect(res.status).toBe(503);
      expect(res.body.message).toMatch(/SMTP_HOST/);
    } finally {
      await noSmtp.close();
    }
  });
});
