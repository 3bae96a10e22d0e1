import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { issueInvites } from "../../server/services/invite-service.ts";

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

const tokenOf = (link: string) => link.split("#")[1];

describe("issueInvites", () => {
  it("issues one link per LA, carrying a 256-bit token in the URL fragment, and stores only its hash", async () => {
    const { rows } = await issueInvites(t.pool, { publicUrl: "https://audit.example.org", ttlDays: 30 });
    const { rows: las } = await t.pool.query("SELECT count(*)::int AS n FROM las");
    expect(rows.length).toBe(las[0].n);
    expect(Object.keys(rows[0])).toEqual(["la_code", "la_name", "region", "link"]);
    expect(rows[0].link).toMatch(/^https:\/\/audit\.example\.org\/r#[A-Za-z0-9_-]{43}$/);
    expect(new Set(rows.map((r) => r.link)).size).toBe(rows.length);
    const token = tokenOf(rows[0].link);
    expect(Buffer.from(token, "base64url").length).toBe(32);
    const { rows: stored } = await t.pool.query("SELECT token_hash FROM respondent_tokens");
    expect(JSON.stringify(stored)).not.toContain(token);
    // a second run finds every LA with a live link
    expect((await issueInvites(t.pool, { publicUrl: "https://audit.example.org", ttlDays: 30 })).rows).toEqual([]);
  });

  it("--reissue revokes the LA's old link (401) and the new one works", async () => {
    const { rows: all } = await t.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 1");
    const la = all[0].la_code;
    const first = await issueInvites(t.pool, { publicUrl: "http://x", ttlDays: 30, reissue: la });
    const second = await issueInvites(t.pool, { publicUrl: "http://x", ttlDays: 30, reissue: la });
    expect(second.revoked).toBe(1);
    expect(second.rows.map((r) => r.la_code)).toEqual([la]);
    const request = supertest(t.app.server);
    await request.get("/api/respondent/response").set("authorization", `Bearer ${tokenOf(first.rows[0].link)}`).expect(401);
    const ok = await request.post("/api/respondent/session").send({ token: tokenOf(second.rows[0].link) }).expect(200);
    expect(ok.body.la.code).toBe(la);
    await expect(issueInvites(t.pool, { publicUrl: "http://x", ttlDays: 30, reissue: "999" })).rejects.toThrow(/No LA/);
  });
});
