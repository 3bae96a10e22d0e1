import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { fixtureSurvey, laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let LA: { code: string; name: string }[];

const ann = { name: "Ann Analyst", role: "Performance lead" };
const bob = { name: "Bob Builder", role: "Data manager" };

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  LA = await laCodes(t.pool, 14);
  for (const la of LA) await useFixtureSurvey(t.pool, la.code);
});
afterAll(async () => {
  await t?.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

async function stored(laCode: string) {
  const { rows } = await t.pool.query("SELECT data, version, status FROM responses WHERE la_code = $1", [laCode]);
  return rows[0];
}

async function patch(token: string, version: number, changes: Record<string, unknown>, contributor = ann) {
  return request.patch("/api/respondent/response").set(auth(token)).set("if-match", String(version)).send({ changes, contributor });
}

describe("link tokens and sessions", () => {
  it("exchanges the link token for an HttpOnly, SameSite=Strict session cookie that opens the LA's survey", async () => {
    const token = await makeToken(t.pool, LA[0].code);
    const res = await request.post("/api/respondent/session").send({ token }).expect(200);
    expect(res.body).toEqual({ la: { code: LA[0].code, name: LA[0].name } });
    const cookie = String(res.headers["set-cookie"]);
    expect(cookie).toMatch(/^lada_la=/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Strict");
    expect(cookie).toContain("Path=/api/respondent");
    const agent = supertest.agent(t.app.server);
    await agent.post("/api/respondent/session").send({ token }).expect(200);
    const r = await agent.get("/api/respondent/response").expect(200);
    expect(r.body.la).toEqual({ code: LA[0].code, name: LA[0].name });
    expect(r.headers["cache-control"]).toBe("no-store");
    // the cookie is a session of its own, not the 120-day link
    expect(cookie).not.toContain(token);
  });


  it("accepts a bearer token: definition is the SurveyJS JSON the response answers, response has the documented shape", async () => {
    const token = await makeToken(t.pool, LA[1].code);
    const def = await request.get("/api/respondent/definition").set(auth(token)).expect(200);
    expect(def.body).toEqual(fixtureSurvey);
    const res = await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(res.body).toMatchObject({
      la: { code: LA[1].code, name: LA[1].name },
      definition: { id: "test-survey", version: 1 },
      data: {},
      version: 0,
      status: "not_started",
      contributors: [],
    });
    expect(res.headers.etag).toBe('"0"');
  });

  it("unknown, revoked and expired tokens get the same 401, which does not say whether the LA exists", async () => {
    const revoked = await makeToken(t.pool, LA[2].code, { revoked: true });
    const expired = await makeToken(t.pool, LA[2].code, { expiresInDays: -1 });
    const unknown = "A".repeat(43);
    const bodies = [];
    for (const token of [unknown, revoked, expired, "short"]) {
      const res = await request.get("/api/respondent/response").set(auth(token)).expect(401);
      bodies.push(res.body);
      const ex = await request.post("/api/respondent/session").send({ token }).expect(401);
      expect(ex.headers["set-cookie"]).toBeUndefined();
    }
    expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);
    expect(JSON.stringify(bodies[0])).not.toContain(LA[2].code);
    expect(JSON.stringify(bodies[0])).not.toContain(LA[2].name);
    await request.get("/api/respondent/response").expect(401); // no token at all
  });
});

describe("autosave", () => {
  it("needs If-Match (428), saves and returns the new version, and attributes the change to the contributor", async () => {
    const token = await makeToken(t.pool, LA[3].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    const none = await request.patch("/api/respondent/response").set(auth(token)).send({ changes: { lead_name: "Ann" }, contributor: ann });
    expect(none.status).toBe(428);
    const ok = await patch(token, 0, { lead_name: "Ann", "items_safe.di_referral_date": { recorded: "structured" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ version: 1, updates: {}, updatedBy: {} });
    const res = await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(res.body.data).toEqual({ lead_name: "Ann", items_safe: { di_referral_date: { recorded: "structured" } } });
    expect(res.body.status).toBe("in_progress");
    expect(res.body.contributors).toEqual([{ name: ann.name, role: ann.role, lastSeenAt: expect.any(String) }]);
    const { rows } = await t.pool.query(
      `SELECT c.question, c.new_value, c.version, p.name FROM response_changes c
         JOIN responses r ON r.id = c.response_id JOIN respondent_contributors p ON p.id = c.contributor_id
        WHERE r.la_code = $1 ORDER BY c.id`,
      [LA[3].code],
    );
    expect(rows).toEqual([
      { question: "lead_name", new_value: "Ann", version: 1, name: ann.name },
      { question: "items_safe.di_referral_date", new_value: { recorded: "structured" }, version: 1, name: ann.name },
    ]);
  });

  it("the change log is append-only", async () => {
    await expect(t.pool.query("UPDATE response_changes SET new_value = '1'")).rejects.toThrow(/append-only/);
  });

  it("two contributors changing different questions from the same version both keep their answers", async () => {
    const token = await makeToken(t.pool, LA[4].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect((await patch(token, 0, { lead_name: "Ann" }, ann)).status).toBe(200);
    const second = await patch(token, 0, { case_system: "mosaic" }, bob);
    expect(second.status).toBe(200);
    // the colleague's change arrives with who made it, for "Ann Analyst changed 1 answer on this page"
    expect(second.body).toEqual({ version: 2, updates: { lead_name: "Ann" }, updatedBy: { lead_name: { name: ann.name, role: ann.role, at: expect.any(String) } } });
    expect((await stored(LA[4].code)).data).toEqual({ lead_name: "Ann", case_system: "mosaic" });
    const res = await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(res.body.lastEdits).toEqual({
      lead_name: { name: ann.name, role: ann.role, at: expect.any(String) },
      case_system: { name: bob.name, role: bob.role, at: expect.any(String) },
    });
  });

  it("many saves at the same moment from the same version, to different fields, are all kept and all logged", async () => {
    const token = await makeToken(t.pool, LA[4].code);
    const before = await stored(LA[4].code);
    const fields: Record<string, unknown>[] = [
      { notes: "n" },
      { analysts: 7 },
      { confidence: 3 },
      { tools: ["excel"] },
      { "maturity.governance": 1 },
      { "maturity.quality": 2 },
      { "items_safe.di_referral_date": { recorded: "structured" } },
      { "items_safe.di_cp_plan_start": { recorded: "free_text" } },
      { has_dpo: true },
      { sign_off: "no" },
    ];
    const results = await Promise.all(fields.map((f, i) => patch(token, before.version, f, { name: `Person ${i}`, role: "Analyst" })));
    expect(results.map((r) => r.status)).toEqual(fields.map(() => 200));
    const after = await stored(LA[4].code);
    expect(after.version).toBe(before.version + fields.length);
    expect(after.data).toMatchObject({
      notes: "n", analysts: 7, confidence: 3, tools: ["excel"], maturity: { governance: 1, quality: 2 },
      items_safe: { di_referral_date: { recorded: "structured" }, di_cp_plan_start: { recorded: "free_text" } },
      has_dpo: true, sign_off: "no",
    });
    const { rows } = await t.pool.query(
      "SELECT count(*)::int AS n, count(DISTINCT c.version)::int AS versions FROM response_changes c JOIN responses r ON r.id = c.response_id WHERE r.la_code = $1 AND c.version > $2",
      [LA[4].code, before.version],
    );
    expect(rows[0]).toEqual({ n: fields.length, versions: fields.length });
  });

  it("colleagues filling different rows of one matrix at once both keep their rows", async () => {
    const token = await makeToken(t.pool, LA[5].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect((await patch(token, 0, { "items_safe.di_referral_date": { recorded: "structured", extractable: "yes" } }, ann)).status).toBe(200);
    expect((await patch(token, 0, { items_safe: { di_cp_plan_start: { recorded: "free_text" } } }, bob)).status).toBe(200);
    expect((await stored(LA[5].code)).data.items_safe).toEqual({
      di_referral_date: { recorded: "structured", extractable: "yes" },
      di_cp_plan_start: { recorded: "free_text" },
    });
  });

  it("changing a question someone else changed since your version is a 409 with both values, and nothing is saved", async () => {
    const token = await makeToken(t.pool, LA[6].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect((await patch(token, 0, { lead_name: "Ann", "maturity.quality": 2 }, ann)).status).toBe(200);
    const clash = await patch(token, 0, { lead_name: "Bob", notes: "mine", "maturity.quality": 5 }, bob);
    expect(clash.status).toBe(409);
    // each conflict names who saved the other answer and when, for the dialog
    const by = { name: ann.name, role: ann.role, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) };
    expect(clash.body.conflicts).toEqual([
      { question: "lead_name", yours: "Bob", theirs: "Ann", by },
      { question: "maturity.quality", yours: 5, theirs: 2, by },
    ]);
    expect(clash.body.version).toBe(1);
    expect(await stored(LA[6].code)).toEqual({ data: { lead_name: "Ann", maturity: { quality: 2 } }, version: 1, status: "in_progress" });
    // Bob chose his own value after seeing Ann's: he saves against the version he has now seen
    const resolved = await patch(token, 1, { lead_name: "Bob", notes: "mine" }, bob);
    expect(resolved.status).toBe(200);
    expect((await stored(LA[6].code)).data).toEqual({ lead_name: "Bob", notes: "mine", maturity: { quality: 2 } });
  });

  it("rejects unknown questions, rows and choices with 422 naming the question, without changing anything", async () => {
    const token = await makeToken(t.pool, LA[7].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await patch(token, 0, { lead_name: "Ann" });
    for (const [changes, question] of [
      [{ hacker: "x" }, "hacker"],
      [{ case_system: "martian" }, "case_system"],
      [{ "items_safe.di_unknown": { recorded: "structured" } }, "items_safe.di_unknown"],
      [{ "items_safe.di_referral_date": { recorded: "maybe" } }, "items_safe.di_referral_date"],
      [{ tools: "excel" }, "tools"],
      [{ lead_name: "ok", answered_rows: 3 }, "answered_rows"],
    ] as const) {
      const res = await patch(token, 1, changes);
      expect(res.status).toBe(422);
      expect(res.body.errors.map((e: { question: string }) => e.question)).toEqual([question]);
      expect(res.body.message).toContain(question.split(".")[0]);
    }
    expect(await stored(LA[7].code)).toEqual({ data: { lead_name: "Ann" }, version: 1, status: "in_progress" });
  });

  it("malformed JSON is 400, a body over the limit is 413, a blank contributor is 400; none changes data", async () => {
    const token = await makeToken(t.pool, LA[7].code);
    const before = await stored(LA[7].code);
    const bad = await request
      .patch("/api/respondent/response")
      .set(auth(token))
      .set("if-match", "1")
      .set("content-type", "application/json")
      .send('{"changes": {"lead_name": "x"');
    expect(bad.status).toBe(400);
    const big = await patch(token, 1, { notes: "x".repeat(300 * 1024) });
    expect(big.status).toBe(413);
    const blank = await patch(token, 1, { notes: "x" }, { name: "  ", role: "r" });
    expect(blank.status).toBe(400);
    const noContributor = await request.patch("/api/respondent/response").set(auth(token)).set("if-match", "1").send({ changes: { notes: "x" } });
    expect(noContributor.status).toBe(400);
    expect(await stored(LA[7].code)).toEqual(before);
  });

  it("stores where the respondent is (uiState) without bumping the version, so another device resumes there", async () => {
    const token = await makeToken(t.pool, LA[8].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    const res = await request
      .patch("/api/respondent/response")
      .set(auth(token))
      .set("if-match", "0")
      .send({ changes: {}, contributor: ann, uiState: { currentPageNo: 2, currentPageName: "final" } });
    expect(res.status).toBe(200);
    expect(res.body.version).toBe(0);
    const other = await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(other.body.uiState).toEqual({ currentPageNo: 2, currentPageName: "final" });
  });
});

describe("submit", () => {
  it("422 lists missing required answers with their pages; after fixing, submit succeeds, drops hidden answers and locks the response", async () => {
    const token = await makeToken(t.pool, LA[9].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await patch(token, 0, { lead_name: "Ann", has_dpo: true, dpo_email: "dpo@example.org" });
    const first = await request.post("/api/respondent/response/submit").set(auth(token)).send({ contributor: ann });
    expect(first.status).toBe(422);
    expect(first.body.errors).toEqual([{ question: "sign_off", page: "final", message: expect.any(String) }]);
    expect((await stored(LA[9].code)).status).toBe("in_progress");

    await patch(token, 1, { sign_off: "yes", has_dpo: false });
    const ok = await request.post("/api/respondent/response/submit").set(auth(token)).send({ contributor: bob });
    expect(ok.status).toBe(200);
    expect(ok.body.submittedBy).toBe(`${bob.name} (${bob.role})`);
    expect(Date.parse(ok.body.submittedAt)).not.toBeNaN();
    const after = await stored(LA[9].code);
    expect(after.status).toBe("submitted");
    expect(after.data.dpo_email).toBeUndefined(); // hidden (has_dpo = false): dropped
    expect(after.data.answered_rows).toBe(2); // expression recomputed on the server

    const res = await request.get("/api/respondent/response").set(auth(token)).expect(200);
    expect(res.body).toMatchObject({ status: "submitted", submittedBy: `${bob.name} (${bob.role})`, submittedAt: ok.body.submittedAt });

    const write = await patch(token, after.version, { notes: "late" });
    expect(write.status).toBe(409);
    const again = await request.post("/api/respondent/response/submit").set(auth(token)).send({ contributor: bob });
    expect(again.status).toBe(409);
    expect((await stored(LA[9].code)).data.notes).toBeUndefined();
  });

  it("validators run on the server (email, numeric range)", async () => {
    const token = await makeToken(t.pool, LA[10].code);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
    await patch(token, 0, { lead_name: "A", sign_off: "no", has_dpo: true, dpo_email: "not-an-email", analysts: 9999 });
    const res = await request.post("/api/respondent/response/submit").set(auth(token)).send({ contributor: ann });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { question: string }) => e.question).sort()).toEqual(["analysts", "dpo_email"]);
  });
});

describe("OpenAPI docs", () => {
  it("document the respondent API with bearer auth, If-Match and the change-key format", async () => {
    const res = await request.get("/api/docs/json").expect(200);
    const paths = res.body.paths;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining(["/api/respondent/definition", "/api/respondent/response", "/api/respondent/response/submit", "/api/respondent/session"]),
    );
    const patchOp = paths["/api/respondent/response"].patch;
    expect(patchOp.security).toEqual([{ laToken: [] }]);
    expect(patchOp.parameters.map((p: { name: string }) => p.name)).toContain("if-match");
    expect(JSON.stringify(patchOp.requestBody)).toContain("<matrix>.<row>");
    expect(Object.keys(patchOp.responses)).toEqual(expect.arrayContaining(["200", "409", "413", "422", "428"]));
  });
});

describe("browser sessions", () => {
  it("signing out ends the browser's session on the server: the old cookie opens nothing, the link still works", async () => {
    const token = await makeToken(t.pool, LA[12].code);
    const res = await request.post("/api/respondent/session").send({ token }).expect(200);
    const cookie = String(res.headers["set-cookie"]).split(";")[0];
    await request.get("/api/respondent/response").set("cookie", cookie).expect(200);
    await request.delete("/api/respondent/session").set("cookie", cookie).expect(204);
    // replaying the copied cookie after sign-out (a shared computer) gets nothing
    await request.get("/api/respondent/response").set("cookie", cookie).expect(401);
    await request.get("/api/respondent/response").set(auth(token)).expect(200);
  });

  it("revoking the link ends every browser session made from it", async () => {
    const token = await makeToken(t.pool, LA[13].code);
    const res = await request.post("/api/respondent/session").send({ token }).expect(200);
    const cookie = String(res.headers["set-cookie"]).split(";")[0];
    await request.get("/api/respondent/response").set("cookie", cookie).expect(200);
    await t.pool.query("UPDATE respondent_tokens SET revoked_at = now() WHERE la_code = $1", [LA[13].code]);
    await request.get("/api/respondent/response").set("cookie", cookie).expect(401);
  });
});

describe("repeated token failures", () => {
  it("get 429 from the same client for wrong links, while a valid link still opens; nothing changes", async () => {
    const valid = await makeToken(t.pool, LA[11].code);
    const before = await stored(LA[11].code);
    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      // different wrong links: the same one presented again is not a guess (token-guessing.test.ts)
      status = (await request.get("/api/respondent/response").set(auth(`B${String(i).padStart(2, "0")}`.padEnd(43, "B")))).status;
    }
    expect(status).toBe(429);
    const blocked = await request.get("/api/respondent/response").set(auth("C".repeat(43)));
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers["retry-after"])).toBeGreaterThan(0);
    // a colleague behind the same address with the real link is not locked out
    expect((await request.get("/api/respondent/response").set(auth(valid))).status).toBe(200);
    expect(await stored(LA[11].code)).toEqual(before);
  });
});
