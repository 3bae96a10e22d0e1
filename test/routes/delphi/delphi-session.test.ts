/**
 * A panellist's browser session: the page exchanges the link token once for an HttpOnly cookie that
 * holds a fresh random session id (stored only hashed), never the link; the session works for every
 * panellist route; signing out ends it on the server; withdrawing the link ends it too.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { hashToken } from "../../../server/domain/responses/tokens.ts";

let t: TestApp;
let researcher: LoggedIn;
let studyId: string;
let itemId: string;
const links: { id: string; token: string }[] = [];
const post = (path: string, body: object = {}) => researcher.agent.post(path).set("x-csrf-token", researcher.csrfToken).send(body);

beforeAll(async () => {
  t = await buildTestApp();
  researcher = await loginAs(t.app, "researcher");
  studyId = (await post("/api/admin/delphi/studies", { title: "Session study" }).expect(200)).body.id;
  const panel = [0, 1].map((i) => ({ name: `P ${i}`, email: `p${i}@panel.example`, group: "practitioners" }));
  for (const p of (await post(`/api/admin/delphi/studies/${studyId}/panellists`, { panellists: panel }).expect(200)).body.panellists) {
    links.push({ id: p.id, token: /#(.+)$/.exec(p.link)![1] });
  }
  await post(`/api/admin/delphi/studies/${studyId}/rounds/open`, {}).expect(200);
  itemId = (await researcher.agent.get(`/api/admin/delphi/studies/${studyId}`).expect(200)).body.items[0].id;
}, 120_000);
afterAll(async () => {
  await t?.close();
});

function sessionCookie(res: supertest.Response): { value: string; header: string } {
  const header = ([] as string[]).concat(res.headers["set-cookie"] ?? []).find((c) => c.startsWith("lada_delphi="))!;
  return { value: /^lada_delphi=([^;]*)/.exec(header)![1], header };
}

describe("panellist session", () => {
  it("exchanges the link for an HttpOnly, SameSite=Strict cookie that is not the link, stored only hashed", async () => {
    const browser = supertest.agent(t.app.server);
    const res = await browser.post("/api/delphi/session").send({ token: links[0].token }).expect(200);
    const { value, header } = sessionCookie(res);
    expect(header).toMatch(/HttpOnly/);
    expect(header).toMatch(/SameSite=Strict/);
    expect(header).toMatch(/Path=\/api\/delphi/);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(value).not.toBe(links[0].token);
    const stored = (await t.pool.query(`SELECT session_hash, panellist_id::text AS pid FROM delphi_sessions`)).rows;
    expect(stored).toEqual([{ session_hash: hashToken(value), pid: links[0].id }]);
    // the cookie alone reaches the panellist's own round, saves and reads back
    await browser.put("/api/delphi/ratings").send({ ratings: { [itemId]: 7 } }).expect(200);
    const round = (await browser.get("/api/delphi/round").expect(200)).body;
    expect(round.items.find((i: { id: string }) => i.id === itemId).rating).toBe(7);
  });

  it("refuses a wrong link (401 in words) and a request with neither link nor session", async () => {
    const wrong = await supertest(t.app.server).post("/api/delphi/session").send({ token: "A".repeat(43) }).expect(401);
    expect(wrong.body.message).toMatch(/not valid or has been withdrawn/);
    await supertest(t.app.server).post("/api/delphi/session").send({}).expect(400);
    const none = await supertest(t.app.server).get("/api/delphi/round").expect(401);
    expect(none.body.message).toMatch(/signed out/);
  });

  it("sign out ends the session on the server, even for a copy of the cookie", async () => {
    const browser = supertest.agent(t.app.server);
    const { value } = sessionCookie(await browser.post("/api/delphi/session").send({ token: links[1].token }).expect(200));
    await browser.get("/api/delphi/round").expect(200);
    const out = await browser.delete("/api/delphi/session").expect(204);
    expect(sessionCookie(out).header).toMatch(/Max-Age=0/);
    await supertest(t.app.server).get("/api/delphi/round").set("cookie", `lada_delphi=${value}`).expect(401);
    const row = (await t.pool.query(`SELECT ended_at FROM delphi_sessions WHERE session_hash = $1`, [hashToken(value)])).rows[0];
    expect(row.ended_at).not.toBeNull();
    // the link itself still works: a new session can start
    await supertest(t.app.server).post("/api/delphi/session").send({ token: links[1].token }).expect(200);
  });

  it("withdrawing the panellist's link ends their sessions at once", async () => {
    const browser = supertest.agent(t.app.server);
    await browser.post("/api/delphi/session").send({ token: links[1].token }).expect(200);
    await browser.get("/api/delphi/round").expect(200);
    await post(`/api/admin/delphi/studies/${studyId}/panellists/${links[1].id}/revoke`).expect(200);
    await browser.get("/api/delphi/round").expect(401);
    await supertest(t.app.server).post("/api/delphi/session").send({ token: links[1].token }).expect(401);
  });
});
