/**
 * "Your details" belong to the person: the first details given in a browser create that person's
 * contributor, found again by an unguessable key in an HttpOnly cookie (only its hash stored);
 * changing the details changes the same contributor, so the change log keeps pointing at them and
 * shows the new name; a colleague in another browser is another contributor, even with the same
 * name and role, and can neither change nor read the first person's e-mail.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { laCodes, makeToken, useFixtureSurvey } from "./respondent-fixtures.ts";

let t: TestApp;
let la: string;
let otherLa: string;
let token: string;

beforeAll(async () => {
  t = await buildTestApp();
  [la, otherLa] = (await laCodes(t.pool, 2)).map((l) => l.code);
  await useFixtureSurvey(t.pool, la);
  await useFixtureSurvey(t.pool, otherLa);
  token = await makeToken(t.pool, la);
});
afterAll(async () => {
  await t?.close();
});

async function browser(tok = token) {
  const agent = supertest.agent(t.app.server);
  await agent.post("/api/respondent/session").send({ token: tok }).expect(200);
  return agent;
}

function whoCookie(res: { headers: Record<string, unknown> }): string | undefined {
  const set = ([] as string[]).concat((res.headers["set-cookie"] as string[] | string | undefined) ?? []);
  return set.find((c) => c.startsWith("lada_who="));
}

async function rows() {
  const { rows } = await t.pool.query("SELECT id::text, name, role, email, key_hash FROM respondent_contributors WHERE la_code = $1 ORDER BY id", [la]);
  return rows as { id: string; name: string; role: string; email: string | null; key_hash: string | null }[];
}

async function lastChangeBy(question: string): Promise<string> {
  const { rows } = await t.pool.query(
    `SELECT c.contributor_id::text AS id FROM response_changes c JOIN responses r ON r.id = c.response_id
      WHERE r.la_code = $1 AND c.question = $2 ORDER BY c.id DESC LIMIT 1`,
    [la, question],
  );
  return rows[0].id;
}

describe("a contributor is the person in a browser", () => {
  it("gives a key on the first details, changes the same contributor after, and keeps colleagues apart", async () => {
    const ann = await browser();
    await expect(ann.get("/api/respondent/contributor").expect(200).then((r) => r.body)).resolves.toEqual({ contributor: null });

    const first = await ann.put("/api/respondent/contributor").send({ name: "Ann Analyst", role: "Analyst", email: "ann@council.gov.uk" }).expect(200);
    const cookie = whoCookie(first);
    expect(cookie).toMatch(/^lada_who=[A-Za-z0-9_-]{43}; Path=\/api\/respondent; HttpOnly; SameSite=Strict/);
    const key = cookie!.split(";")[0].split("=")[1];
    const [annRow] = await rows();
    expect(annRow.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(annRow.key_hash).not.toContain(key); // only the hash is stored

    // a save is attributed to Ann's own contributor
    await ann.patch("/api/respondent/response").set("if-match", "0").send({ changes: { lead_name: "A" }, contributor: { name: "Ann Analyst", role: "Analyst" } }).expect(200);
    expect(await lastChangeBy("lead_name")).toBe(annRow.id);

    // Ann changes her details: the same contributor, no new key, and her earlier change shows the new name
    const edit = await ann.put("/api/respondent/contributor").send({ name: "Ann Smith", role: "Head of performance", email: "ann.smith@council.gov.uk" }).expect(200);
    expect(whoCookie(edit)).toBeUndefined();
    expect(edit.body).toEqual({ contributor: { name: "Ann Smith", role: "Head of performance", email: "ann.smith@council.gov.uk" } });
    expect((await rows()).map((r) => r.id)).toEqual([annRow.id]);
    const view = await ann.get("/api/respondent/response").expect(200);
    expect(view.body.lastEdits.lead_name).toMatchObject({ name: "Ann Smith", role: "Head of performance" });

    // a colleague in another browser, giving the very same name and role, is someone else
    const bo = await browser();
    await expect(bo.get("/api/respondent/contributor").expect(200).then((r) => r.body)).resolves.toEqual({ contributor: null });
    await bo.put("/api/respondent/contributor").send({ name: "Ann Smith", role: "Head of performance", email: "bo@council.gov.uk" }).expect(200);
    await bo.patch("/api/respondent/response").set("if-match", "1").send({ changes: { lead_name: "B" }, contributor: { name: "Ann Smith", role: "Head of performance" } }).expect(200);
    const after = await rows();
    expect(after).toHaveLength(2);
    expect(await lastChangeBy("lead_name")).toBe(after[1].id);
    // neither reads nor changes the other's e-mail
    expect((await bo.get("/api/respondent/contributor").expect(200)).body.contributor.email).toBe("bo@council.gov.uk");
    expect((await ann.get("/api/respondent/contributor").expect(200)).body.contributor.email).toBe("ann.smith@council.gov.uk");
    expect(after[0].email).toBe("ann.smith@council.gov.uk");
    const all = await ann.get("/api/respondent/response").expect(200);
    expect(JSON.stringify(all.body)).not.toContain("bo@council.gov.uk");

    // a script by name and role (no key) cannot change either address
    await supertest(t.app.server)
      .patch("/api/respondent/response").set("authorization", `Bearer ${token}`).set("if-match", "2")
      .send({ changes: { lead_name: "C" }, contributor: { name: "Ann Smith", role: "Head of performance", email: "evil@example.com" } })
      .expect(200);
    const final = await rows();
    expect(final.slice(0, 2).map((r) => r.email)).toEqual(["ann.smith@council.gov.uk", "bo@council.gov.uk"]);
    expect(final[2]).toMatchObject({ key_hash: null });
  });

  it("'Not me' gives the next person their own contributor; signing out forgets the key", async () => {
    const a = await browser();
    await a.put("/api/respondent/contributor").send({ name: "Cy Clerk", role: "Officer" }).expect(200);
    const before = (await rows()).length;
    const next = await a.put("/api/respondent/contributor").send({ name: "Di Director", role: "Director", newPerson: true }).expect(200);
    expect(whoCookie(next)).toBeDefined();
    const now = await rows();
    expect(now).toHaveLength(before + 1);
    expect(now.find((r) => r.name === "Cy Clerk")).toBeDefined();
    const out = await a.delete("/api/respondent/session").expect(204);
    expect(whoCookie(out)).toMatch(/^lada_who=; .*Max-Age=0/);
  });

  it("'Not you?' forgets the key at once: a reload before new details shows no one, and the next details are a new person", async () => {
    const a = await browser();
    await a.put("/api/respondent/contributor").send({ name: "Gil Gone", role: "Officer", email: "gil@council.gov.uk" }).expect(200);
    const before = (await rows()).length;
    const out = await a.delete("/api/respondent/contributor").expect(204);
    expect(whoCookie(out)).toMatch(/^lada_who=; .*Max-Age=0/);
    await expect(a.get("/api/respondent/contributor").expect(200).then((r) => r.body)).resolves.toEqual({ contributor: null });
    await a.put("/api/respondent/contributor").send({ name: "Hal Next", role: "Analyst" }).expect(200);
    const now = await rows();
    expect(now).toHaveLength(before + 1);
    expect(now.find((r) => r.name === "Gil Gone")).toMatchObject({ role: "Officer" });
    await supertest(t.app.server).delete("/api/respondent/contributor").expect(401);
  });

  it("a key stands for its person in one LA only", async () => {
    const a = await browser();
    await a.put("/api/respondent/contributor").send({ name: "Ed Elsewhere", role: "Analyst", email: "ed@council.gov.uk" }).expect(200);
    // the same browser opens another LA's link: the key is not theirs there
    await a.post("/api/respondent/session").send({ token: await makeToken(t.pool, otherLa) }).expect(200);
    await expect(a.get("/api/respondent/contributor").expect(200).then((r) => r.body)).resolves.toEqual({ contributor: null });
  });

  it("refuses bad details with 400 naming the field, and needs a live link", async () => {
    const a = await browser();
    const bad = await a.put("/api/respondent/contributor").send({ name: "Fi", role: "Lead", email: "not-an-address" }).expect(400);
    expect(bad.body.field).toBe("email");
    expect(bad.body.message).toMatch(/^E-mail address /);
    const blank = await a.put("/api/respondent/contributor").send({ name: "   ", role: "Lead" }).expect(400);
    expect(blank.body.message).toContain('"name"');
    await supertest(t.app.server).get("/api/respondent/contributor").expect(401);
    await supertest(t.app.server).put("/api/respondent/contributor").send({ name: "X", role: "Y" }).expect(401);
  });
});
