import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let la: string;
let token: string;
const ann = { name: "Ann Analyst", role: "Performance lead" };

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  la = (await laCodes(t.pool, 1))[0].code;
  await useFixtureSurvey(t.pool, la);
  token = await makeToken(t.pool, la);
  const auth = { authorization: `Bearer ${token}` };
  await request.patch("/api/respondent/response").set(auth).set("if-match", "0")
    .send({ changes: { lead_name: "Ann", sign_off: "yes" }, contributor: ann }).expect(200);
  await request.post("/api/respondent/response/submit").set(auth).send({ contributor: ann }).expect(200);
});
afterAll(async () => {
  await t?.close();
});

describe("researcher reopen", () => {
  it("needs an admin: no session 401, researcher 403", async () => {
    await request.post(`/api/admin/responses/${la}/reopen`).send({}).expect(401);
    const researcher = await loginAs(t.app, "researcher");
    await researcher.agent.post(`/api/admin/responses/${la}/reopen`).set("x-csrf-token", researcher.csrfToken).send({}).expect(403);
  });

  it("reopens a submitted response, records who did it, and the LA can change answers again", async () => {
    const admin = await loginAs(t.app, "admin");
    const res = await admin.agent
      .post(`/api/admin/responses/${la}/reopen`)
      .set("x-csrf-token", admin.csrfToken)
      .send({ reason: "LA asked to correct Q3" })
      .expect(200);
    expect(res.body).toEqual({ laCode: la, status: "in_progress" });
    const { rows } = await t.pool.query(
      "SELECT e.kind, e.actor_email, e.reason FROM response_events e JOIN responses r ON r.id = e.response_id WHERE r.la_code = $1 ORDER BY e.id",
      [la],
    );
    expect(rows).toEqual([
      { kind: "submitted", actor_email: null, reason: null },
      { kind: "reopened", actor_email: admin.user.email, reason: "LA asked to correct Q3" },
    ]);
    const auth = { authorization: `Bearer ${token}` };
    const current = await request.get("/api/respondent/response").set(auth).expect(200);
    expect(current.body.status).toBe("in_progress");
    await request.patch("/api/respondent/response").set(auth).set("if-match", String(current.body.version))
      .send({ changes: { notes: "corrected" }, contributor: ann }).expect(200);
    // reopening a response that is not submitted is refused
    await admin.agent.post(`/api/admin/responses/${la}/reopen`).set("x-csrf-token", admin.csrfToken).send({}).expect(409);

    const history = await admin.agent.get(`/api/admin/responses/${la}/history`).expect(200);
    expect(history.body.events.map((e: { kind: string }) => e.kind)).toEqual(["submitted", "reopened"]);
    expect(history.body.changes.at(-1)).toMatchObject({ question: "notes", newValue: "corrected", contributor: ann });
  });
});
