/**
 * Opening the survey (GET /api/respondent/response) reads the link, the response, who is answering
 * and who last changed each field in one round trip to the database, and records that the link
 * was used. What people rely on: the page shows colleagues and their last edits exactly as before,
 * the research team sees when a link was last used, and hundreds of people opening the survey at
 * the same moment do not queue behind each other's extra reads.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";
import { hashToken } from "../../../server/domain/responses/tokens.ts";
import { countQueries } from "../../support/count-queries.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let LA: { code: string; name: string }[];

const ann = { name: "Ann Analyst", role: "Performance lead" };
const bob = { name: "Bob Builder", role: "Data manager" };
const auth = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  LA = await laCodes(t.pool, 3);
  for (const la of LA) await useFixtureSurvey(t.pool, la.code);
});
afterAll(async () => {
  await t?.close();
});

const lastUsed = async (token: string) =>
  (await t.pool.query<{ last_used_at: Date | null }>("SELECT last_used_at FROM respondent_tokens WHERE token_hash = $1", [hashToken(token)])).rows[0].last_used_at;

describe("opening the survey", () => {
  it("shows colleagues and who last changed each field, read in one round trip, with a link and with a browser session", async () => {
    const token = await makeToken(t.pool, LA[0].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await request.patch("/api/respondent/response").set(auth(token)).set("if-match", "0").send({ changes: { lead_name: "Ann" }, contributor: ann }).expect(200);
    await request.patch("/api/respondent/response").set(auth(token)).set("if-match", "1").send({ changes: { notes: "from Bob" }, contributor: bob }).expect(200);

    let body: Record<string, any> = {};
    const queries = await countQueries(t.app.pg.pool, async () => {
      body = (await request.get("/api/respondent/response").set(auth(token)).expect(200)).body;
    });
    expect(queries).toBe(1);
    expect(body.data).toEqual({ lead_name: "Ann", notes: "from Bob" });
    expect(body.contributors).toEqual([
      { name: ann.name, role: ann.role, lastSeenAt: expect.any(String) },
      { name: bob.name, role: bob.role, lastSeenAt: expect.any(String) },
    ]);
    expect(body.lastEdits).toEqual({
      lead_name: { name: ann.name, role: ann.role, at: expect.any(String) },
      notes: { name: bob.name, role: bob.role, at: expect.any(String) },
    });
    expect(Number.isNaN(Date.parse(body.lastEdits.notes.at))).toBe(false);
    expect(Date.parse(body.contributors[1].lastSeenAt)).toBeGreaterThan(Date.now() - 60_000);

    const agent = supertest.agent(t.app.server);
    await agent.post("/api/respondent/session").send({ token }).expect(200);
    let viaSession: Record<string, any> = {};
    expect(
      await countQueries(t.app.pg.pool, async () => {
        viaSession = (await agent.get("/api/respondent/response").expect(200)).body;
      }),
    ).toBe(1);
    expect(viaSession.lastEdits).toEqual(body.lastEdits);
    expect(viaSession.contributors).toEqual(body.contributors);
  });

  it("records when the link was used, at most every ten minutes, and a wrong link records nothing", async () => {
    const token = await makeToken(t.pool, LA[1].code);
    expect(await lastUsed(token)).toBeNull();
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    const first = await lastUsed(token);
    expect(first).not.toBeNull();

    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(await lastUsed(token)).toEqual(first); // within ten minutes: not written again

    await t.pool.query("UPDATE respondent_tokens SET last_used_at = now() - interval '11 minutes' WHERE token_hash = $1", [hashToken(token)]);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect((await lastUsed(token))!.getTime()).toBeGreaterThan(Date.now() - 60_000);

    const unused = await makeToken(t.pool, LA[1].code);
    await request.get("/api/respondent/response").set(auth("x".repeat(43))).expect(401);
    expect(await lastUsed(unused)).toBeNull();
  });

  it("colleagues opening the survey at the same moment all get in", async () => {
    const token = await makeToken(t.pool, LA[2].code);
    const replies = await Promise.all(Array.from({ length: 6 }, () => request.get("/api/respondent/response").set(auth(token))));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(await lastUsed(token)).not.toBeNull();
  });
});
