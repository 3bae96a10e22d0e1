/**
 * The study contact and "who runs it" an admin sets: admin only, CSRF-protected, 422 naming the
 * field on bad input (an example address included), audited, and what every LA's first screen shows.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { laCodes, makeToken } from "../respondent/respondent-fixtures.ts";

let t: TestApp;
let admin: LoggedIn;
const PATH = "/api/admin/settings/study-contact";
const GOOD = {
  contactName: "The children's data audit team",
  contactEmail: "la-audit@university.ac.uk",
  responseTime: "We answer within 3 working days.",
  runBy: "The audit is run by the University's children's data research group.",
};

beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, "admin");
});
afterAll(async () => {
  await t?.close();
});

const put = (body: unknown, who: LoggedIn = admin) => who.agent.put(PATH).set("x-csrf-token", who.csrfToken).send(body as object);

describe("study contact settings", () => {
  it("starts from the definition's text and says it is a placeholder", async () => {
    const res = await admin.agent.get(PATH).expect(200);
    expect(res.body).toMatchObject({ saved: false, placeholder: true, updatedAt: null });
    expect(res.body.current.contactEmail).toBe("la-data-audit@example.org");
    expect(res.body.defaults).toEqual(res.body.current);
  });

  it("refuses bad input with 422 naming the field, and saves nothing", async () => {
    const cases: [Record<string, string>, string][] = [
      [{ ...GOOD, contactName: "  " }, "contactName"],
      [{ ...GOOD, contactEmail: "not an address" }, "contactEmail"],
      [{ ...GOOD, contactEmail: "team@example.com" }, "contactEmail"],
      [{ ...GOOD, runBy: "" }, "runBy"],
      [{ ...GOOD, responseTime: "x".repeat(301) }, "responseTime"],
    ];
    for (const [body, field] of cases) {
      const res = await put(body).expect(422);
      expect(res.body.field).toBe(field);
    }
    // every problem at once, in the form's order, so the page can show each beside its box
    const both = await put({ ...GOOD, contactName: "", contactEmail: "not an address" }).expect(422);
    expect(both.body).toMatchObject({
      field: "contactName",
      message: "Enter the name LAs should write to",
      errors: [
        { field: "contactName", message: "Enter the name LAs should write to" },
        { field: "contactEmail", message: "Enter an e-mail address in the correct format, like audit-team@university.ac.uk" },
      ],
    });
    expect((await admin.agent.get(PATH).expect(200)).body.saved).toBe(false);
  });

  it("is for admins only, with the CSRF token", async () => {
    const researcher = await loginAs(t.app, "researcher");
    await researcher.agent.get(PATH).expect(403);
    await put(GOOD, researcher).expect(403);
    await admin.agent.put(PATH).send(GOOD).expect(403); // no CSRF token
    await supertest(t.app.server).get(PATH).expect(401);
  });

  it("saves, audits, and every LA's first screen shows the contact", async () => {
    const res = await put({ ...GOOD, contactName: "  The children's   data audit team " }).expect(200);
    expect(res.body).toMatchObject({ saved: true, placeholder: false, current: GOOD });
    expect(res.body.defaults.contactEmail).toBe("la-data-audit@example.org");
    const audit = await t.pool.query("SELECT actor, details FROM audit_log WHERE action = 'settings.study_contact'");
    expect(audit.rows).toEqual([{ actor: admin.user.id, details: { changed: ["contactName", "contactEmail", "responseTime", "runBy"] } }]);

    const [la] = await laCodes(t.pool, 1);
    const welcome = await supertest(t.app.server).get("/api/respondent/welcome").set("authorization", `Bearer ${await makeToken(t.pool, la.code)}`).expect(200);
    expect(welcome.body.contact).toEqual({ name: GOOD.contactName, email: GOOD.contactEmail, hours: GOOD.responseTime });
    expect(welcome.body.runBy).toBe(GOOD.runBy);
  });
});
