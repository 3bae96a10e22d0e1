/**
 * Handing a section to a colleague through the LA's link: the data lead names the colleague, gets
 * the words to pass on, and sees the hand-off's state; the colleague takes it when signing in;
 * cancelling ends it. Bad input is refused naming the field and changes nothing; every step is in
 * the audit trail by contributor id, never by name.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";
import { eraseContactsByEmail } from "../../../server/services/erasure-service.ts";

let t: TestApp;
let request: ReturnType<typeof supertest>;
let la: { code: string; name: string };
let token: string;
const priya = { name: "Priya Shah", role: "Head of Performance" };
const sam = { name: "Sam Jones", role: "Workforce analyst" };

beforeAll(async () => {
  t = await buildTestApp();
  request = supertest(t.app.server);
  la = (await laCodes(t.pool, 1))[0];
  await useFixtureSurvey(t.pool, la.code);
  token = await makeToken(t.pool, la.code);
});
afterAll(async () => {
  await t?.close();
});

const auth = () => ({ authorization: `Bearer ${token}` });
const create = (body: Record<string, unknown>) => request.post("/api/respondent/handoffs").set(auth()).send(body);
const count = async () => (await t.pool.query("SELECT count(*)::int AS n FROM section_handoffs WHERE la_code = $1", [la.code])).rows[0].n;

describe("handing a section to a colleague", () => {
  let id: string;

  it("the data lead hands a section to a named colleague and gets what to tell them", async () => {
    const res = await create({ page: "items", colleagueName: " Sam  Jones ", colleagueEmail: "sam.jones@council.gov.uk", note: "The workforce rows", contributor: priya });
    expect(res.status, res.text).toBe(201);
    id = res.body.handoff.id;
    expect(res.body.handoff).toEqual({
      id: expect.stringMatching(/^\d+$/),
      page: "items",
      pageTitle: "Data items",
      colleagueName: "Sam Jones",
      emailGiven: true,
      note: "The workforce rows",
      handedBy: priya,
      createdAt: expect.any(String),
      state: "waiting",
      acceptedBy: null,
      acceptedAt: null,
    });
    expect(res.body.instructions).toContain('answer the section "Data items"');
    expect(res.body.instructions).toContain('choose "I am Sam Jones"');
    expect(res.body.instructions).toContain("Note from Priya Shah: The workforce rows");
    expect(res.body.instructions).not.toContain(token); // the service keeps only a hash of the LA's link
    // the address bar never holds the link (it is taken out on opening): ask for the e-mail, not "the link"
    expect(res.body.instructions).toContain("Open the link in the survey invitation e-mail");
    expect(res.body.instructions).toContain("ask Priya Shah to forward that e-mail to you");
    expect(res.body.instructions).not.toMatch(/same link|ask Priya Shah for it/);
    const list = await request.get("/api/respondent/handoffs").set(auth()).expect(200);
    expect(list.body.handoffs).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain("sam.jones@council.gov.uk"); // colleagues never see the address
  });

  it("refuses bad input naming the field, and a second hand-off of the same section, changing nothing", async () => {
    const before = await count();
    const unknownPage = await create({ page: "no_such_page", colleagueName: "Sam", contributor: priya });
    expect(unknownPage.status).toBe(422);
    expect(unknownPage.body.field).toBe("page");
    const blank = await create({ page: "final", colleagueName: "   ", contributor: priya });
    expect(blank.status).toBe(400);
    expect(blank.body.field).toBe("colleagueName");
    const email = await create({ page: "final", colleagueName: "Sam", colleagueEmail: "not an address", contributor: priya });
    expect(email.status).toBe(400);
    expect(email.body.field).toBe("colleagueEmail");
    const noName = await create({ page: "final", contributor: priya });
    expect(noName.status).toBe(400);
    expect(noName.body.field).toBe("colleagueName");
    expect(noName.body.message).toBe("Enter the colleague name");
    const twice = await create({ page: "items", colleagueName: "Alex Other", contributor: priya });
    expect(twice.status).toBe(409);
    expect(twice.body.message).toContain("already handed");
    expect(await count()).toBe(before);
  });

  it("the colleague takes the hand-off when saying who they are; it shows who has it", async () => {
    const res = await request.post(`/api/respondent/handoffs/${id}/accept`).set(auth()).send({ contributor: sam }).expect(200);
    expect(res.body).toMatchObject({ state: "accepted", acceptedBy: sam, acceptedAt: expect.any(String) });
    const unknown = await request.post("/api/respondent/handoffs/999999/accept").set(auth()).send({ contributor: sam });
    expect(unknown.status).toBe(404);
  });

  it("cancelling ends it (and frees the section for another hand-off); every step is audited by contributor id", async () => {
    await request.post(`/api/respondent/handoffs/${id}/cancel`).set(auth()).send({ contributor: priya }).expect(200);
    expect((await request.get("/api/respondent/handoffs").set(auth()).expect(200)).body.handoffs).toEqual([]);
    await request.post(`/api/respondent/handoffs/${id}/cancel`).set(auth()).send({ contributor: priya }).expect(404);
    await create({ page: "items", colleagueName: "Alex Other", contributor: priya }).expect(201);
    const { rows } = await t.pool.query("SELECT actor, actor_kind, action, subject, details FROM audit_log WHERE la_code = $1 AND action LIKE 'handoff.%' ORDER BY id", [la.code]);
    expect(rows.map((r) => r.action)).toEqual(["handoff.create", "handoff.accept", "handoff.cancel", "handoff.create"]);
    for (const r of rows) {
      expect(r.actor).toMatch(/^contributor:\d+$/);
      expect(r.actor_kind).toBe("respondent");
      expect(JSON.stringify(r)).not.toMatch(/Priya|Sam|Alex|@/);
    }
    expect(rows[0]).toMatchObject({ subject: `handoff:${id}`, details: { page: "items", emailGiven: true } });
  });

  it("erasing a person by e-mail also erases them as a colleague a section was handed to", async () => {
    const erased = await eraseContactsByEmail(t.pool, "SAM.JONES@council.gov.uk");
    expect(erased).toContain(`handoff:${id}`);
    const { rows } = await t.pool.query("SELECT colleague_name, colleague_email, note FROM section_handoffs WHERE id = $1", [id]);
    expect(rows[0]).toEqual({ colleague_name: `erased colleague ${id}`, colleague_email: null, note: null });
  });
});
