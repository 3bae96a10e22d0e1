/**
 * A response holding answers that no longer fit its questionnaire (stored before a check existed)
 * still opens: the survey gets the rest and the names of what it could not show; submit names them
 * (422, not a 500); an admin removes them with a reason, which the history keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let la: string;
let auth: { authorization: string };
const ann = { name: "Ann Analyst", role: "Performance lead" };

const BAD = {
  lead_name: "Ann",
  case_system: "a system that was removed",
  items_safe: {
    di_referral_date: { recorded: "structured", hasOwnProperty: "x" },
    di_cp_plan_start: { recorded: "free_text", extractable: "yes" },
  },
  retired_question: 3,
};

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  la = (await laCodes(t.pool, 1))[0].code;
  await useFixtureSurvey(t.pool, la);
  auth = { authorization: `Bearer ${await makeToken(t.pool, la)}` };
  await t.pool.query("UPDATE responses SET data = $2::jsonb, version = 4, status = 'in_progress' WHERE la_code = $1", [la, JSON.stringify(BAD)]);
});
afterAll(async () => {
  await t?.close();
});

describe("unreadable stored answers", () => {
  it("the survey page gets every readable answer and the names of the ones it cannot show", async () => {
    const res = await request.get("/api/respondent/response").set(auth).expect(200);
    expect(res.body.data).toEqual({ lead_name: "Ann", items_safe: { di_cp_plan_start: { recorded: "free_text", extractable: "yes" } } });
    expect(res.body.unreadable.map((u: { key: string; label: string }) => [u.key, u.label])).toEqual([
      ["case_system", "Case management system"],
      ["items_safe.di_referral_date", "Keeping children safe: Referral date"],
      ["retired_question", "retired_question"],
    ]);
    expect(res.body.unreadable[1].message).toContain("hasOwnProperty");
  });

  it("submit names them with a 422 and changes nothing", async () => {
    const res = await request.post("/api/respondent/response/submit").set(auth).send({ contributor: ann }).expect(422);
    expect(res.body.message).toMatch(/3 saved answers can no longer be read \(Case management system; Keeping children safe: Referral date; retired_question\)/);
    const { rows } = await t.pool.query("SELECT status, version FROM responses WHERE la_code = $1", [la]);
    expect(rows[0]).toEqual({ status: "in_progress", version: 4 });
  });

  it("researchers can list them; only admins can remove them, with a reason", async () => {
    await request.get(`/api/admin/responses/${la}/unreadable`).expect(401);
    const researcher = await loginAs(t.app, "researcher");
    const listed = await researcher.agent.get(`/api/admin/responses/${la}/unreadable`).expect(200);
    expect(listed.body.unreadable).toHaveLength(3);
    await researcher.agent.post(`/api/admin/responses/${la}/repair`).set("x-csrf-token", researcher.csrfToken).send({ reason: "x" }).expect(403);

    const admin = await loginAs(t.app, "admin");
    await admin.agent.post(`/api/admin/responses/${la}/repair`).send({ reason: "no csrf" }).expect(403);
    const blank = await admin.agent.post(`/api/admin/responses/${la}/repair`).set("x-csrf-token", admin.csrfToken).send({ reason: "  " }).expect(400);
    expect(blank.body.message).toMatch(/reason/);
    const missing = await admin.agent.post(`/api/admin/responses/${la}/repair`).set("x-csrf-token", admin.csrfToken).send({}).expect(400);
    expect(missing.body.message).toMatch(/reason/);
    const unchanged = await t.pool.query("SELECT data, version FROM responses WHERE la_code = $1", [la]);
    expect(unchanged.rows[0]).toEqual({ data: BAD, version: 4 });
  });

  it("repair removes exactly those, keeps the old values in the history with the admin's reason, and the LA can submit", async () => {
    const admin = await loginAs(t.app, "admin");
    const res = await admin.agent
      .post(`/api/admin/responses/${la}/repair`)
      .set("x-csrf-token", admin.csrfToken)
      .send({ reason: "Answers left by questionnaire v0" })
      .expect(200);
    expect(res.body.version).toBe(5);
    expect(res.body.removed.map((u: { key: string }) => u.key)).toEqual(["case_system", "items_safe.di_referral_date", "retired_question"]);

    const { rows } = await t.pool.query("SELECT data, version FROM responses WHERE la_code = $1", [la]);
    expect(rows[0].data).toEqual({ lead_name: "Ann", items_safe: { di_cp_plan_start: { recorded: "free_text", extractable: "yes" } } });
    const history = await admin.agent.get(`/api/admin/responses/${la}/history`).expect(200);
    expect(history.body.changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ question: "case_system", oldValue: "a system that was removed", newValue: null, source: "repair", version: 5 }),
        expect.objectContaining({ question: "items_safe.di_referral_date", oldValue: { recorded: "structured", hasOwnProperty: "x" }, source: "repair" }),
        expect.objectContaining({ question: "retired_question", oldValue: 3, source: "repair" }),
      ]),
    );
    const events = await t.pool.query(
      "SELECT e.kind, e.actor_email, e.reason FROM response_events e JOIN responses r ON r.id = e.response_id WHERE r.la_code = $1",
      [la],
    );
    expect(events.rows).toEqual([{ kind: "repaired", actor_email: admin.user.email, reason: "Answers left by questionnaire v0" }]);

    // a second repair finds nothing and writes nothing
    const again = await admin.agent.post(`/api/admin/responses/${la}/repair`).set("x-csrf-token", admin.csrfToken).send({ reason: "again" }).expect(200);
    expect(again.body).toEqual({ laCode: la, version: 5, removed: [] });

    const page = await request.get("/api/respondent/response").set(auth).expect(200);
    expect(page.body.unreadable).toEqual([]);
    await request.patch("/api/respondent/response").set(auth).set("if-match", "5").send({ changes: { sign_off: "yes" }, contributor: ann }).expect(200);
    await request.post("/api/respondent/response/submit").set(auth).send({ contributor: ann }).expect(200);
  });
});
