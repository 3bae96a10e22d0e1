/**
 * Answers keyed by names every JavaScript object inherits ("constructor", "toString",
 * "hasOwnProperty", "__proto__"...) are unknown fields like any other: 422 naming them, nothing
 * stored. A stored one used to pass the check and then break submit and the survey page for the LA.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { laCodes, makeToken, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";

const HOSTILE = [...Object.getOwnPropertyNames(Object.prototype), "__proto__", "prototype", "toJSON", "then"];

let t: TestApp;
let token: string;
let laCode: string;
const ann = { name: "Ann Analyst", role: "Performance lead" };

beforeAll(async () => {
  t = await buildTestApp();
  const [la] = await laCodes(t.pool, 1);
  laCode = la.code;
  await useFixtureSurvey(t.pool, laCode);
  token = await makeToken(t.pool, laCode);
  await supertest(t.app.server).get("/api/respondent/response").set("authorization", `Bearer ${token}`).expect(200);
});
afterAll(async () => {
  await t?.close();
});

function patch(body: string) {
  return supertest(t.app.server)
    .patch("/api/respondent/response")
    .set("authorization", `Bearer ${token}`)
    .set("if-match", "0")
    .set("content-type", "application/json")
    .send(body);
}

describe("hostile keys in autosave", () => {
  it("are refused wherever a map takes user keys: question, matrix row, matrix cell, multiple-text item", async () => {
    const shapes: ((k: string) => Record<string, unknown>)[] = [
      (k) => ({ [k]: "x" }),
      (k) => ({ [`items_safe.${k}`]: { recorded: "structured" } }),
      (k) => ({ "items_safe.di_referral_date": { recorded: "structured", [k]: "x" } }),
      (k) => ({ items_safe: { di_referral_date: { recorded: "structured", [k]: "x" } } }),
      (k) => ({ items_safe: { [k]: { recorded: "structured" } } }),
      (k) => ({ maturity: { [k]: 2 } }),
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...HOSTILE), fc.integer({ min: 0, max: shapes.length - 1 }), async (key, shape) => {
        // JSON text, so "__proto__" arrives as an own key, the way a crafted request sends it
        const body = `{"changes":${JSON.stringify(shapes[shape](key))},"contributor":${JSON.stringify(ann)}}`;
        const res = await patch(body);
        if (key === "__proto__" && res.status === 400) {
          // as a JSON key, the parser itself refuses it (prototype poisoning) before any handler
          expect(res.body.message).toMatch(/not valid JSON/);
          return;
        }
        expect(res.status, `${key} in shape ${shape}: ${JSON.stringify(res.body)}`).toBe(422);
        expect(JSON.stringify(res.body.errors ?? res.body.message)).toContain(key);
      }),
      { numRuns: 120, seed: 22 },
    );
    const { rows } = await t.pool.query("SELECT data, version FROM responses WHERE la_code = $1", [laCode]);
    expect(rows[0]).toEqual({ data: {}, version: 0 });
  });

  it("a response stored with such a key before the fix still opens and submits without a 500", async () => {
    await t.pool.query(`UPDATE responses SET data = $2::jsonb WHERE la_code = $1`, [
      laCode,
      JSON.stringify({ lead_name: "Ann", items_safe: { di_referral_date: { recorded: "structured", hasOwnProperty: "x" } } }),
    ]);
    await supertest(t.app.server).get("/api/respondent/response").set("authorization", `Bearer ${token}`).expect(200);
    const submit = await supertest(t.app.server).post("/api/respondent/response/submit").set("authorization", `Bearer ${token}`).send({ contributor: ann });
    expect(submit.status, JSON.stringify(submit.body)).toBeLessThan(500);
  });

  it("leaves submit and the survey page working", async () => {
    await supertest(t.app.server).get("/api/respondent/response").set("authorization", `Bearer ${token}`).expect(200);
    const submit = await supertest(t.app.server).post("/api/respondent/response/submit").set("authorization", `Bearer ${token}`).send({ contributor: ann });
    expect(submit.status).toBeLessThan(500);
  });
});
