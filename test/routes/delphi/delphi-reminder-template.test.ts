/**
 * The Delphi reminder as an editable e-mail template (through a real SMTP server process): it is
 * listed with the LA templates but with its own placeholders, refuses LA placeholders and a body
 * without the link, previews for a study's waiting panellist (saved or unsaved text), and what is
 * saved is what panellists receive. The interval between two reminders is a study setting (422
 * naming the field when it is not a whole number of hours from 1 to 336), and the study shows when
 * each panellist was last reminded.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import type { TestSmtpServer } from "../../support/test-smtp-server.ts";
import type { TestApp } from "../../helpers/build-test-app.ts";
import type { LoggedIn } from "../../helpers/auth.ts";
import { postAs, startDelphiPanel, type DelphiPanelFixture } from "../../support/delphi-panel-fixture.ts";

let t: TestApp;
let researcher: LoggedIn;
let viewer: LoggedIn;
let smtp: TestSmtpServer;
let studyId: string;
let tokens: string[] = [];
let fixture: DelphiPanelFixture | undefined;
const post = postAs;
const put = (s: LoggedIn, path: string, body: object) => s.agent.put(path).set("x-csrf-token", s.csrfToken).send(body);
const CUSTOM = {
  subject: "Round {{round}} of {{study_title}} closes {{closes_at}}",
  body: "Hello {{panellist_name}},\n\nPlease rate the items of {{study_title}} here:\n{{link}}\n\n{{sender_name}}",
};

beforeAll(async () => {
  fixture = await startDelphiPanel("Template study", [
    { name: "Ann Done", email: "ann@panel.example", group: "practitioners" },
    { name: "Bob Waiting", email: "bob@panel.example", group: "practitioners" },
  ]);
  ({ t, smtp, researcher, viewer, studyId, tokens } = fixture);
  await post(researcher, `/api/admin/delphi/studies/${studyId}/rounds/open`, { closesAt: "2031-03-04T17:30:00Z" }).expect(200);
  await supertest(t.app.server).post("/api/delphi/round/submit").set("authorization", `Bearer ${tokens[0]}`).send({}).expect(200);
}, 120_000);
afterAll(async () => {
  await fixture?.close();
});

describe("the Delphi reminder e-mail template", () => {
  it("is listed with its own placeholders and refuses LA placeholders and a body without the link", async () => {
    const list = (await researcher.agent.get("/api/admin/email-templates").expect(200)).body;
    const tpl = list.templates.find((x: { key: string }) => x.key === "delphi_reminder");
    expect(tpl.placeholders).toEqual(["panellist_name", "study_title", "round", "closes_at", "link", "sender_name"]);
    expect(list.templates.find((x: { key: string }) => x.key === "invitation").placeholders).toContain("la_name");
    const la = await put(researcher, "/api/admin/email-templates/delphi_reminder", { ...CUSTOM, body: "Dear {{contact_name}} {{link}}" }).expect(400);
    expect(la.body).toMatchObject({ field: "body" });
    expect(la.body.message).toMatch(/unknown placeholder\(s\) \{\{contact_name\}\}; known: \{\{panellist_name\}\}/);
    const noLink = await put(researcher, "/api/admin/email-templates/delphi_reminder", { ...CUSTOM, body: "Hello {{panellist_name}}" }).expect(400);
    expect(noLink.body.message).toMatch(/must contain \{\{link\}\} \(the panellist's private link\)/);
    await put(viewer, "/api/admin/email-templates/delphi_reminder", CUSTOM).expect(403);
  });

  it("previews for the study's waiting panellist, from unsaved text or the stored template", async () => {
    const draft = (await post(researcher, "/api/admin/delphi/reminder-preview", { studyId, ...CUSTOM }).expect(200)).body;
    expect(draft.subject).toBe("Round 1 of Template study closes on 4 March 2031 at 17:30");
    expect(draft.body).toMatch(/^Hello Bob Waiting,\n\nPlease rate the items of Template study here:\nhttp:\/\/localhost:3000\/delphi#\(private link created when the reminder is sent\)\n\nDelphi Team$/);
    expect(draft).toMatchObject({ problem: null, previewedAs: { studyId, studyTitle: "Template study", panellistName: "Bob Waiting", round: 1 } });
    const stored = (await post(researcher, "/api/admin/delphi/reminder-preview", { studyId }).expect(200)).body;
    expect(stored.subject).toBe("Reminder: round 1 of Template study");
    expect(stored.body).toContain("The round closes on 4 March 2031 at 17:30.");
    const bad = (await post(researcher, "/api/admin/delphi/reminder-preview", { body: "Hi {{la_name}}" }).expect(200)).body;
    expect(bad.problem).toMatch(/unknown placeholder/);
    expect(bad.previewedAs).toMatchObject({ studyId: null, panellistName: "(the panellist's name)" });
    await post(researcher, "/api/admin/delphi/reminder-preview", { studyId: "999999" }).expect(404);
    await post(viewer, "/api/admin/delphi/reminder-preview", {}).expect(403);
  });

  it("sends what was saved, and the study shows who was last reminded when", async () => {
    await put(researcher, "/api/admin/email-templates/delphi_reminder", CUSTOM).expect(200);
    const before = Date.now();
    expect((await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200)).body).toMatchObject({ sent: 1 });
    expect(smtp.inbox.map((m) => m.to[0])).toEqual(["bob@panel.example"]);
    const mail = smtp.inbox[0].mail;
    expect(mail.subject).toBe("Round 1 of Template study closes on 4 March 2031 at 17:30");
    expect(mail.text).toMatch(/^Hello Bob Waiting,\n\nPlease rate the items of Template study here:\nhttp:\/\/localhost:3000\/delphi#[A-Za-z0-9_-]{43}\n\nDelphi Team/);
    const panel = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body.panellists;
    expect(panel.find((p: { name: string }) => p.name === "Ann Done").lastRemindedAt).toBeNull();
    const at = new Date(panel.find((p: { name: string }) => p.name === "Bob Waiting").lastRemindedAt).getTime();
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe("the reminder interval setting", () => {
  const settingsUrl = () => `/api/admin/delphi/studies/${studyId}/settings`;

  it("defaults to 24 hours and refuses anything but a whole number of hours from 1 to 336, naming the field", async () => {
    const { settings } = (await researcher.agent.get(settingsUrl()).expect(200)).body;
    expect(settings.reminders).toEqual({ minIntervalHours: 24 });
    for (const bad of [0, 2.5, 337, -1]) {
      const res = await put(researcher, settingsUrl(), { ...settings, reminders: { minIntervalHours: bad } }).expect(422);
      expect(res.body.field).toBe("reminders.minIntervalHours");
      expect(res.body.message).toMatch(/whole number of hours from 1 to 336/);
    }
  });

  it("decides when the same panellist can be reminded again, and is kept by a save that leaves it out", async () => {
    const { settings } = (await researcher.agent.get(settingsUrl()).expect(200)).body;
    await put(researcher, settingsUrl(), { ...settings, reminders: { minIntervalHours: 2 } }).expect(200);
    const { reminders: _dropped, ...withoutReminders } = settings;
    expect((await put(researcher, settingsUrl(), withoutReminders).expect(200)).body.settings.reminders).toEqual({ minIntervalHours: 2 });
    const again = (await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200)).body;
    expect(again).toMatchObject({ sent: 0, skippedRecent: 1 });
    expect(again.sentence).toBe("Nobody was reminded; 1 panellist was already reminded in the last 2 hours.");
    // three hours later (more than the study's 2, less than the default 24) Bob can be reminded again
    await t.pool.query(`UPDATE delphi_reminders SET sent_at = sent_at - interval '3 hours'`);
    expect((await post(researcher, `/api/admin/delphi/studies/${studyId}/reminders`).expect(200)).body).toMatchObject({ sent: 1, skippedRecent: 0 });
    expect(smtp.inbox).toHaveLength(2);
  });
});
