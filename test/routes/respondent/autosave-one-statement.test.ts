/**
 * Autosave merges inside PostgreSQL in one statement (link check, per-field version check, write of
 * just the touched fields, change log, contributor, version). What people rely on: colleagues saving
 * at the same moment never overwrite each other (different matrix rows both kept; the same field is
 * one save and one 409 with both values), long text edits stay edits in the change log, a wrong
 * link is still 401 whatever else is wrong with the request, and a save costs one round trip.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs } from "../../helpers/auth.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";
import { answerFields } from "../../support/answer-fields.ts";
import { compileStructure } from "../../../server/domain/responses/structure.ts";
import { countQueries } from "../../support/count-queries.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let LA: { code: string; name: string }[];

const ann = { name: "Ann Analyst", role: "Performance lead" };
const bob = { name: "Bob Builder", role: "Data manager" };

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  LA = await laCodes(t.pool, 9);
  for (const la of LA.slice(0, 8)) await useFixtureSurvey(t.pool, la.code);
});
afterAll(async () => {
  await t?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function patch(token: string, version: number, changes: Record<string, unknown>, contributor = ann) {
  return request.patch("/api/respondent/response").set(auth(token)).set("if-match", String(version)).send({ changes, contributor });
}

async function stored(laCode: string) {
  const { rows } = await t.pool.query("SELECT data, version, field_versions FROM responses WHERE la_code = $1", [laCode]);
  return rows[0];
}

async function changeLog(laCode: string) {
  const { rows } = await t.pool.query(
    `SELECT c.version, c.question, c.old_value, c.new_value, c.old_is_edit, p.name
       FROM response_changes c JOIN responses r ON r.id = c.response_id LEFT JOIN respondent_contributors p ON p.id = c.contributor_id
      WHERE r.la_code = $1 ORDER BY c.id`,
    [laCode],
  );
  return rows;
}

describe("autosave in one statement", () => {
  it("a save is one round trip to the database, with a bearer token and with a browser session", async () => {
    const token = await makeToken(t.pool, LA[0].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await patch(token, 0, { lead_name: "Ann" }).expect(200); // learns which definition this response answers
    expect(await countQueries(t.app.pg.pool, () => patch(token, 1, { notes: "first", "maturity.quality": 3 }).expect(200))).toBe(1);

    const agent = supertest.agent(t.app.server);
    await agent.post("/api/respondent/session").send({ token }).expect(200);
    await agent.patch("/api/respondent/response").set("if-match", "2").send({ changes: { analysts: 4 }, contributor: bob }).expect(200);
    const queries = await countQueries(t.app.pg.pool, () =>
      agent.patch("/api/respondent/response").set("if-match", "3").send({ changes: { analysts: 5 }, contributor: bob }).expect(200),
    );
    expect(queries).toBe(1);
    expect((await stored(LA[0].code)).data).toEqual({ lead_name: "Ann", notes: "first", maturity: { quality: 3 }, analysts: 5 });
  });

  it("two colleagues saving different rows of one matrix at the same moment both keep their rows, each logged as theirs", async () => {
    const token = await makeToken(t.pool, LA[1].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    let version = 0;
    for (let round = 0; round < 5; round++) {
      const [a, b] = await Promise.all([
        patch(token, version, { "items_safe.di_referral_date": { recorded: "structured", extractable: round % 2 ? "yes" : "no" } }, ann),
        patch(token, version, { items_safe: { di_cp_plan_start: { recorded: round % 2 ? "free_text" : "not_recorded" } } }, bob),
      ]);
      expect([a.status, b.status]).toEqual([200, 200]);
      // whoever saved second was told about the other's row
      const [first, second] = a.body.version < b.body.version ? [a, b] : [b, a];
      expect(second.body.version).toBe(first.body.version + 1);
      const theirs = first === a ? "items_safe.di_referral_date" : "items_safe.di_cp_plan_start";
      expect(Object.keys(second.body.updates)).toEqual([theirs]);
      expect(second.body.updatedBy).toEqual({ [theirs]: { name: (first === a ? ann : bob).name, role: (first === a ? ann : bob).role, at: expect.any(String) } });
      version = second.body.version;
      expect((await stored(LA[1].code)).data.items_safe).toEqual({
        di_referral_date: { recorded: "structured", extractable: round % 2 ? "yes" : "no" },
        di_cp_plan_start: { recorded: round % 2 ? "free_text" : "not_recorded" },
      });
    }
    const log = await changeLog(LA[1].code);
    expect(log.filter((c) => c.question === "items_safe.di_referral_date").map((c) => c.name)).toEqual(Array(5).fill(ann.name));
    expect(log.filter((c) => c.question === "items_safe.di_cp_plan_start").map((c) => c.name)).toEqual(Array(5).fill(bob.name));
    const s = await stored(LA[1].code);
    expect(s.version).toBe(10);
    expect(s.field_versions).toEqual({ "items_safe.di_referral_date": expect.any(Number), "items_safe.di_cp_plan_start": expect.any(Number) });
  });

  it("two colleagues saving the same field at the same moment: one is saved, the other is a 409 with both values and saves nothing", async () => {
    const token = await makeToken(t.pool, LA[2].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    const [a, b] = await Promise.all([
      patch(token, 0, { "maturity.governance": 2, notes: "Ann's note" }, ann),
      patch(token, 0, { "maturity.governance": 4, notes: "Bob's note" }, bob),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const [won, lost] = a.status === 200 ? [a, b] : [b, a];
    const winner = won === a ? { governance: 2, notes: "Ann's note" } : { governance: 4, notes: "Bob's note" };
    const loser = won === a ? { governance: 4, notes: "Bob's note" } : { governance: 2, notes: "Ann's note" };
    const by = { name: (won === a ? ann : bob).name, role: (won === a ? ann : bob).role, at: expect.any(String) };
    expect(lost.body.conflicts).toEqual([
      { question: "maturity.governance", yours: loser.governance, theirs: winner.governance, by },
      { question: "notes", yours: loser.notes, theirs: winner.notes, by },
    ]);
    expect(lost.body.version).toBe(1);
    expect(lost.body.message).toContain('"maturity.governance"');
    const s = await stored(LA[2].code);
    expect(s.version).toBe(1);
    expect(s.data).toEqual({ maturity: { governance: winner.governance }, notes: winner.notes });
    expect((await changeLog(LA[2].code)).map((c) => c.question)).toEqual(["maturity.governance", "notes"]);
  });

  it("saving what is already stored changes nothing and bumps no version; a cleared matrix row removes the matrix when it was the last", async () => {
    const token = await makeToken(t.pool, LA[3].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await patch(token, 0, { "maturity.quality": 2, tools: ["excel"] }).expect(200);
    const same = await patch(token, 0, { "maturity.quality": 2, tools: ["excel"] }, bob).expect(200);
    expect(same.body).toEqual({ version: 1, updates: {}, updatedBy: {} });
    const cleared = await patch(token, 1, { "maturity.quality": null, tools: [] }).expect(200);
    expect(cleared.body).toEqual({ version: 2, updates: {}, updatedBy: {} });
    const s = await stored(LA[3].code);
    expect(s.data).toEqual({});
    expect(s.field_versions).toEqual({ "maturity.quality": 2, tools: 2 });
    const log = await changeLog(LA[3].code);
    expect(log.map((c) => [c.version, c.question, c.old_value, c.new_value])).toEqual([
      [1, "maturity.quality", null, 2],
      [1, "tools", null, ["excel"]],
      [2, "maturity.quality", 2, null],
      [2, "tools", ["excel"], null],
    ]);
  });

  it("two colleagues editing one long text in turn: every old text is kept as an edit and reads back whole", async () => {
    const token = await makeToken(t.pool, LA[4].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    let text = "We extract referrals weekly from the case management system into the warehouse. ".repeat(10);
    const texts: string[] = [];
    let version = 0;
    for (let i = 0; i < 6; i++) {
      texts.push(text);
      const res = await patch(token, version, { notes: text }, i % 2 ? bob : ann).expect(200);
      version = res.body.version;
      text = `${text.slice(0, 300 + i)}, quarterly${text.slice(300 + i)}`;
    }
    // another server process saved the text meanwhile (this one has not seen it): still an edit
    texts.push(text);
    await t.pool.query(
      `UPDATE responses SET data = jsonb_set(data, '{notes}', to_jsonb($2::text)), version = version + 1,
              field_versions = field_versions || jsonb_build_object('notes', version + 1) WHERE la_code = $1`,
      [LA[4].code, text],
    );
    version += 1;
    text = `${text.slice(0, 500)} (checked)${text.slice(500)}`;
    texts.push(text);
    await patch(token, version, { notes: text }, ann).expect(200);
    texts.splice(texts.length - 2, 1); // the direct write is not in the change log
    const log = await changeLog(LA[4].code);
    expect(log.map((c) => c.old_is_edit)).toEqual([false, true, true, true, true, true, true]);
    const admin = await loginAs(t.app, "admin");
    const history = await admin.agent.get(`/api/admin/responses/${LA[4].code}/history`).expect(200);
    const notes = history.body.changes.filter((c: { question: string }) => c.question === "notes");
    expect(notes.map((c: { newValue: string }) => c.newValue)).toEqual(texts);
    const olds = notes.map((c: { oldValue: string | null }) => c.oldValue);
    expect(olds.slice(0, 6)).toEqual([null, ...texts.slice(0, 5)]);
    expect(olds[6]).toBe(`${texts[6].slice(0, 500)}${texts[6].slice(510)}`); // the other process's text
    expect(notes.map((c: { contributor: { name: string } }) => c.contributor.name)).toEqual(texts.map((_, i) => (i % 2 && i < 6 ? bob.name : ann.name)));
  });

  it("an unknown link is 401 before anything about the body, the If-Match header or the contributor", async () => {
    const unknown = "A".repeat(43);
    const at = { remoteAddress: "192.0.2.44" };
    const cases = [
      { headers: { "if-match": "0" }, payload: { changes: { lead_name: "x" }, contributor: ann } },
      { headers: { "if-match": "0" }, payload: { changes: { nope: 1 }, contributor: ann } },
      { headers: { "if-match": "0" }, payload: { changes: { lead_name: "x" }, contributor: { name: " ", role: "r" } } },
      { headers: { "if-match": "0" }, payload: { changes: "x", contributor: ann } },
      { headers: {}, payload: { changes: { lead_name: "x" }, contributor: ann } },
    ];
    for (const c of cases) {
      const res = await t.app.inject({
        method: "PATCH",
        url: "/api/respondent/response",
        headers: { authorization: `Bearer ${unknown}`, "content-type": "application/json", ...c.headers },
        payload: JSON.stringify(c.payload),
        ...at,
      });
      expect(res.statusCode, JSON.stringify(c)).toBe(401);
    }
  });

  it("a save before the survey was opened creates the response on the current definition and saves", async () => {
    const fresh = LA[8].code; // no response yet
    const token = await makeToken(t.pool, fresh);
    const current = await t.app.responseDefinitions.current();
    const field = answerFields(compileStructure(current.survey)).find((f) => f.spec.kind === "string" && !f.key.endsWith("-Comment"))!;
    const res = await patch(token, 0, { [field.key]: "Written before opening" }).expect(200);
    expect(res.body).toEqual({ version: 1, updates: {}, updatedBy: {} });
    expect((await stored(fresh)).data).toEqual({ [field.key]: "Written before opening" });
    const again = await patch(token, 1, { [field.key]: "Second save" }).expect(200);
    expect(again.body).toEqual({ version: 2, updates: {}, updatedBy: {} });
  });

  it("every save is attributed to its contributor, whose last-seen time moves at most once a minute (not a row rewrite per save)", async () => {
    const la = LA[5].code;
    const token = await makeToken(t.pool, la);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    const seen = async () =>
      (await t.pool.query("SELECT name, last_seen_at FROM respondent_contributors WHERE la_code = $1 ORDER BY id", [la])).rows as { name: string; last_seen_at: Date }[];
    await patch(token, 0, { lead_name: "Ann" }).expect(200);
    const first = await seen();
    expect(first.map((r) => r.name)).toEqual([ann.name]);
    await patch(token, 1, { notes: "one" }).expect(200);
    await patch(token, 2, { notes: "two" }, bob).expect(200);
    await patch(token, 3, { notes: "three" }).expect(200);
    const after = await seen();
    expect(after.map((r) => r.name)).toEqual([ann.name, bob.name]);
    expect(after[0].last_seen_at.getTime()).toBe(first[0].last_seen_at.getTime()); // seen within the minute: not rewritten
    // a minute later the next save moves it
    await t.pool.query("UPDATE respondent_contributors SET last_seen_at = last_seen_at - interval '2 minutes' WHERE la_code = $1 AND name = $2", [la, ann.name]);
    const stale = (await seen())[0].last_seen_at.getTime();
    await patch(token, 4, { notes: "four" }).expect(200);
    expect((await seen())[0].last_seen_at.getTime()).toBeGreaterThan(stale);
    expect((await changeLog(la)).map((c) => [c.version, c.name])).toEqual([
      [1, ann.name],
      [2, ann.name],
      [3, bob.name],
      [4, ann.name],
      [5, ann.name],
    ]);
  });
});
