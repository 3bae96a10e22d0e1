/**
 * The change log stays complete (every save's old and new value, readable in the history) without
 * storing a long text twice per keystroke-level save.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
let la: string;
let auth: { authorization: string };
const ann = { name: "Ann Analyst", role: "Performance lead" };

beforeAll(async () => {
  t = await buildTestApp();
  la = (await laCodes(t.pool, 1))[0].code;
  await useFixtureSurvey(t.pool, la);
  auth = { authorization: `Bearer ${await makeToken(t.pool, la)}` };
});
afterAll(async () => {
  await t?.close();
});

describe("change log of a long comment typed over many saves", () => {
  it("keeps every old and new value, and stores far less than the text twice per save", async () => {
    const request = supertest(t.app.server);
    const texts: string[] = [];
    let text = "Our referral data is held in the case management system and extracted weekly. ".repeat(120); // ~9,600 characters
    let version = 0;
    for (let i = 0; i < 12; i++) {
      texts.push(text);
      const res = await request.patch("/api/respondent/response").set(auth).set("if-match", String(version))
        .send({ changes: { notes: text }, contributor: ann }).expect(200);
      version = res.body.version;
      const at = 4000 + i * 7;
      text = `${text.slice(0, at)}more ${text.slice(at)}`; // a colleague types a few characters in the middle
    }
    const admin = await loginAs(t.app, "admin");
    const history = await admin.agent.get(`/api/admin/responses/${la}/history`).expect(200);
    const notes = history.body.changes.filter((c: { question: string }) => c.question === "notes");
    expect(notes.map((c: { newValue: string }) => c.newValue)).toEqual(texts);
    expect(notes.map((c: { oldValue: string | null }) => c.oldValue)).toEqual([null, ...texts.slice(0, -1)]);

    const { rows } = await t.pool.query(
      `SELECT sum(pg_column_size(c.old_value))::int AS old_bytes, sum(length(c.new_value::text))::int AS new_chars
         FROM response_changes c JOIN responses r ON r.id = c.response_id WHERE r.la_code = $1`,
      [la],
    );
    // the old values together take less room than one copy of the text
    expect(rows[0].old_bytes).toBeLessThan(texts[0].length / 10);
    expect(rows[0].new_chars).toBeGreaterThan(texts[0].length * 12);
  });
});
