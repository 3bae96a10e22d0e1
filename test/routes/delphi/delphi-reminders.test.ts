/**
 * Reminders to Delphi panellists through a real SMTP server process (smtp-server on 127.0.0.1):
 * only those who have not submitted the open round get one, each with a fresh working link; nobody
 * is reminded twice within the interval; a refused address is recorded as failed; the batch is
 * audited by id; without an open round it is a 409, without SMTP a 503, both in words; an unknown study 404.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import type { TestSmtpServer } from "../../support/test-smtp-server.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { postAs, startDelphiPanel, type DelphiPanelFixture } from "../../support/delphi-panel-fixture.ts";
import { listAudit } from "../../../server/repositories/audit-repository.ts";

let t: TestApp;
let researcher: LoggedIn;
let viewer: LoggedIn;
let smtp: TestSmtpServer;
let studyId: string;
let tokens: string[] = [];
let inbox: TestSmtpServer["inbox"] = [];
let fixture: DelphiPanelFixture | undefined;
const post = postAs;

beforeAll(async () => {
  fixture = await startDelphiPanel("Reminder study", [
    { name: "Ann Done", email: "ann@panel.example", group: "practitioners" },
    { name: "Bob Waiting", email: "bob@panel.example", group: "practitioners" },
    { name: "Cat Waiting", email: "cat@panel.example", group: "la_leaders" },
    { name: "Dan Bounce", email: "bounce@panel.example", group: "la_leaders" },
  ]);
  ({ t, smtp, researcher, viewer, studyId, tokens } = fixture);
  inbox = smtp.inbox;
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

describe("reminders", () => {
  it("need an open round (409 in words) and the researcher role", async () => {
    const res = await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(409);
    expect(res.body.message).toMatch(/No round is open/);
    await post(viewer, `/api/admin/delphi/studies/${studyId}/reminders`).expect(403);
    await researcher.agent.post(`/api/admin/delphi/studies/${studyId}/reminders`).send({}).expect(403); // no CSRF token
    await post(researcher, `/api/admin/delphi/studies/999999/reminders`).expect(404);
    expect(inbox).toHaveLength(0);
  });

  it("e-mail only those who have not submitted, each with a fresh link that works", async () => {
    await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, {}).expect(200);
    await supertest(t.app.server).post("/api/delphi/round/submit").set("authorization", `Bearer ${tokens[0]}`).send({}).expect(200);
    const res = await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200);
    expect(res.body).toMatchObject({ round: 1, sent: 2, failed: 1, skippedRecent: 0 });
    expect(res.body.sentence).toMatch(/^Reminder sent to 2 panellists; 1 could not be sent/);
    expect(inbox.map((m) => m.to[0]).sort()).toEqual(["bob@panel.example", "cat@panel.example"]);
    const bob = inbox.find((m) => m.to[0] === "bob@panel.example")!.mail;
    expect(bob.subject).toBe("Reminder: round 1 of Reminder study");
    expect(bob.text).toContain("Dear Bob Waiting,");
    const link = /http:\/\/localhost:3000\/delphi#([A-Za-z0-9_-]{43})/.exec(bob.text ?? "")![1];
    expect(link).not.toBe(tokens[1]);
    // the new link opens Bob's own round, and his first link still works
    await supertest(t.app.server).get("/api/delphi/round").set("authorization", `Bearer ${link}`).expect(200);
    await supertest(t.app.server).get("/api/delphi/round").set("authorization", `Bearer ${tokens[1]}`).expect(200);
    const audit = await listAudit(t.pool, { action: "delphi.reminders_send" });
    expect(audit).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/panel\.example|Bob/);
    const failed = (await t.pool.query(`SELECT outcome, error FROM delphi_reminders WHERE outcome = 'failed'`)).rows;
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toMatch(/550|mailbox unavailable/);
  });

  it("do not remind anyone twice within a day; the refused address is tried again", async () => {
    const again = await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200);
    expect(again.body).toMatchObject({ sent: 0, failed: 1, skippedRecent: 2 });
    expect(again.body.sentence).toMatch(/2 panellists were already reminded in the last 24 hours/);
    expect(inbox).toHaveLength(2);
    // a day later they can be reminded again
    await t.pool.query(`UPDATE delphi_reminders SET sent_at = sent_at - interval '25 hours'`);
    expect((await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200)).body).toMatchObject({ sent: 2, skippedRecent: 0 });
    expect(inbox).toHaveLength(4);
  });

  it("a withdrawn panellist gets no reminder and the reminder's link stops working with theirs", async () => {
    const bobId = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body.panellists.find((p: { name: string }) => p.name === "Bob Waiting").id;
    const link = /#([A-Za-z0-9_-]{43})/.exec(inbox.filter((m) => m.to[0] === "bob@panel.example").pop()!.mail.text ?? "")![1];
    await post(researcher, `/api/admin/delphi/studies/${studyId}/panellists/${bobId}/revoke`).expect(200);
    await supertest(t.app.server).get("/api/delphi/round").set("authorization", `Bearer ${link}`).expect(401);
    await t.pool.query(`UPDATE delphi_reminders SET sent_at = sent_at - interval '25 hours'`);
    await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200);
    expect(inbox.slice(4).map((m) => m.to[0])).toEqual(["cat@panel.example"]);
  });

  it("without SMTP settings the button says e-mail is not configured (503)", async () => {
    const plain = await buildTestApp();
    try {
      const r = await loginAs(plain.app, "researcher");
      // an unknown study is a 404 whether or not e-mail is set up
      await r.agent.post("/api/admin/delphi/studies/999999/reminders").set("x-csrf-token", r.csrfToken).send({}).expect(404);
      const study = await r.agent.post("/api/admin/delphi/studies").set("x-csrf-token", r.csrfToken).send({ title: "No e-mail here" }).expect(200);
      const res = await r.agent.post(`/api/admin/delphi/studies/${study.body.id}/reminders`).set("x-csrf-token", r.csrfToken).send({}).expect(503);
      expect(res.body.message).toMatch(/E-mail is not configured/);
    } finally {
      await plain.close();
    }
  });
});
