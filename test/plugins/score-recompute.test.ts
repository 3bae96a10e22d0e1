import { afterAll, beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../server/domain/definitions/question-index.ts";
import { generateDemoAnswers, seededRng } from "../../server/domain/demo/generate-demo-answers.ts";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { makeToken } from "../routes/respondent/respondent-fixtures.ts";

async function waitFor<T>(fn: () => Promise<T | undefined>, ms = 30_000): Promise<T | undefined> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined || Date.now() > until) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("scores follow responses without anyone opening the score views", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp();
  });
  afterAll(async () => t?.close());

  it("stores scores for an LA as soon as it submits, tied to the rules version", async () => {
    const laCode = "202";
    const token = await makeToken(t.pool, laCode);
    const auth = { authorization: `Bearer ${token}` };
    const opened = await request(t.app.server).get("/api/respondent/response").set(auth).expect(200);
    const def = loadDefinitions().current();
    const data = generateDemoAnswers(questionIndex(def), { rng: seededRng(7), capability: 0.8, completeness: 1, laCode, laName: "Camden" });
    const contributor = { name: "Test Analyst", role: "BI manager" };
    await request(t.app.server)
      .patch("/api/respondent/response")
      .set(auth)
      .set("if-match", String(opened.body.version))
      .send({ changes: data, contributor })
      .expect(200);
    const before = await t.pool.query("SELECT 1 FROM la_scores WHERE la_code = $1", [laCode]);
    expect(before.rowCount).toBe(0); // autosaves are debounced: no score yet
    await request(t.app.server).post("/api/respondent/response/submit").set(auth).send({ contributor }).expect(200);

    const row = await waitFor(async () => {
      const r = await t.pool.query("SELECT * FROM la_scores WHERE la_code = $1", [laCode]);
      return r.rows[0];
    });
    expect(row).toBeDefined();
    expect(row.definition_hash).toBe(def.hash);
    const n = await t.pool.query("SELECT count(*)::int AS n FROM indicator_scores WHERE la_code = $1", [laCode]);
    expect(n.rows[0].n).toBe(def.catalogue.indicators.length);
  });
});
