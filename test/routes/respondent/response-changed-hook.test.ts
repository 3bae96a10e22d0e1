/** `app.onResponseChanged(laCode, kind)` runs after a change, submit or reopen has committed, and not for refused writes. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
const calls: { laCode: string; kind: string; storedVersion: number }[] = [];

beforeAll(async () => {
  t = await buildTestApp();
  // stand in for the app's hook (score recompute) to observe the calls
  t.app.onResponseChanged = async (laCode: string, kind: string) => {
    // what the hook sees must already be committed
    const { rows } = await t.pool.query("SELECT version FROM responses WHERE la_code = $1", [laCode]);
    calls.push({ laCode, kind, storedVersion: rows[0].version });
  };
});
afterAll(async () => {
  await t?.close();
});

describe("onResponseChanged", () => {
  it("is called after committed changes, submit and reopen only", async () => {
    const [la] = await laCodes(t.pool, 1);
    await useFixtureSurvey(t.pool, la.code);
    const auth = { authorization: `Bearer ${await makeToken(t.pool, la.code)}` };
    const r = supertest(t.app.server);
    const who = { name: "Ann", role: "Lead" };
    await r.patch("/api/respondent/response").set(auth).set("if-match", "0").send({ changes: { lead_name: "Ann", sign_off: "yes" }, contributor: who }).expect(200);
    await r.patch("/api/respondent/response").set(auth).set("if-match", "0").send({ changes: { lead_name: "Bob" }, contributor: who }).expect(409);
    await r.patch("/api/respondent/response").set(auth).set("if-match", "1").send({ changes: { ghost: 1 }, contributor: who }).expect(422);
    await r.patch("/api/respondent/response").set(auth).set("if-match", "1").send({ changes: { lead_name: "Ann" }, contributor: who }).expect(200); // no-op
    await r.post("/api/respondent/response/submit").set(auth).send({ contributor: who }).expect(200);
    const admin = await loginAs(t.app, "admin");
    await admin.agent.post(`/api/admin/responses/${la.code}/reopen`).set("x-csrf-token", admin.csrfToken).send({}).expect(200);
    await expect.poll(() => calls.length).toBe(3);
    expect(calls.map((c) => [c.laCode, c.kind])).toEqual([
      [la.code, "change"],
      [la.code, "submit"],
      [la.code, "reopen"],
    ]);
    expect(calls[0].storedVersion).toBe(1);
  });
});
