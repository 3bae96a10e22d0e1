import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { parse } from "csv-parse/sync";
import { listAudit } from "../../../server/repositories/audit-repository.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";

let t: TestApp;
let admin: LoggedIn;
let las: { code: string; name: string }[];

const tokenOf = (link: string) => link.split("#")[1]!;
const respondent = (token: string) => supertest(t.app.server).get("/api/respondent/response").set("authorization", `Bearer ${token}`);
const post = (path: string, who: LoggedIn = admin) => who.agent.post(path).set("x-csrf-token", who.csrfToken);
async function linkOf(code: string) {
  const res = await admin.agent.get("/api/admin/links").expect(200);
  return (res.body.links as { laCode: string; state: string; liveLinks: number; issuedAt: string | null; lastUsedAt: string | null; expiresAt: string | null; revokedAt: string | null }[]).find(
    (l) => l.laCode === code,
  )!;
}

beforeAll(async () => {
  t = await buildTestApp();
  const { rows } = await t.pool.query("SELECT la_code, name FROM las ORDER BY la_code LIMIT 3");
  las = rows.map((r) => ({ code: r.la_code, name: r.name }));
  admin = await loginAs(t.app, "admin");
});
afterAll(async () => {
  await t?.close();
});

describe("LA survey links from the console", () => {
  it("lets only admins in, and needs the CSRF token to change anything", async () => {
    const researcher = await loginAs(t.app, "researcher");
    expect((await researcher.agent.get("/api/admin/links")).status).toBe(403);
    expect((await post(`/api/admin/links/${las[0].code}/issue`, researcher)).status).toBe(403);
    expect((await post("/api/admin/links/missing.csv", researcher)).status).toBe(403);
    expect((await supertest(t.app.server).get("/api/admin/links")).status).toBe(401);
    expect((await admin.agent.post(`/api/admin/links/${las[0].code}/issue`)).status).toBe(403); // no CSRF token
    expect((await admin.agent.post(`/api/admin/links/${las[0].code}/revoke`)).status).toBe(403);
    expect((await linkOf(las[0].code)).state).toBe("none");
    expect(await listAudit(t.pool, { action: "token.issue" })).toEqual([]);
  });

  it("names the LA code when it is malformed or unknown", async () => {
    const bad = await post("/api/admin/links/12/issue");
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ field: "laCode", message: "LA code must be 3 digits" });
    const unknown = await post("/api/admin/links/999/reissue");
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toMatch(/^laCode: no LA with code 999/);
  });

  it("issues a link shown once that works, stores only its hash, and shows when it was issued, used and expires", async () => {
    const code = las[0].code;
    const res = await post(`/api/admin/links/${code}/issue`).expect(200);
    expect(res.body).toMatchObject({ laCode: code, laName: las[0].name, revoked: 0 });
    expect(res.body.link).toMatch(/\/r#[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(res.body.link);
    const stored = await t.pool.query("SELECT token_hash FROM respondent_tokens WHERE la_code = $1", [code]);
    expect(JSON.stringify(stored.rows)).not.toContain(token);
    expect(JSON.stringify((await admin.agent.get("/api/admin/links")).body)).not.toContain(token);

    let link = await linkOf(code);
    expect(link).toMatchObject({ state: "live", liveLinks: 1, lastUsedAt: null, revokedAt: null });
    const days = (Date.parse(link.expiresAt!) - Date.parse(link.issuedAt!)) / 86_400_000;
    expect(Math.round(days)).toBe(t.app.config.tokenTtlDays);
    await respondent(token).expect(200);
    link = await linkOf(code);
    expect(link.lastUsedAt).not.toBeNull();

    const again = await post(`/api/admin/links/${code}/issue`);
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already has a working link; reissue it/);
    const audit = await listAudit(t.pool, { action: "token.issue", laCode: code });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: admin.user.id, actorKind: "user", details: { via: "console" } });
  });

  it("reissues (the old link stops working) and revokes (then there is nothing to revoke)", async () => {
    const code = las[1].code;
    const first = await post(`/api/admin/links/${code}/issue`).expect(200);
    const second = await post(`/api/admin/links/${code}/reissue`).expect(200);
    expect(second.body.revoked).toBe(1);
    expect(second.body.link).not.toBe(first.body.link);
    await respondent(tokenOf(first.body.link)).expect(401);
    await respondent(tokenOf(second.body.link)).expect(200);

    const revoked = await post(`/api/admin/links/${code}/revoke`).expect(200);
    expect(revoked.body).toEqual({ laCode: code, revoked: 1 });
    await respondent(tokenOf(second.body.link)).expect(401);
    const link = await linkOf(code);
    expect(link).toMatchObject({ state: "revoked", liveLinks: 0 });
    expect(link.revokedAt).not.toBeNull();
    const twice = await post(`/api/admin/links/${code}/revoke`);
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/has no working link to revoke/);
    const revokes = await listAudit(t.pool, { action: "token.revoke", laCode: code });
    expect(revokes.map((a) => a.details.via)).toEqual(["reissue", "console"]);
    expect(revokes.every((a) => a.actor === admin.user.id)).toBe(true);
  });

  it("issues every missing link as the mail-merge CSV, once", async () => {
    const before = (await admin.agent.get("/api/admin/links")).body.links.filter((l: { state: string }) => l.state !== "live").length;
    const res = await post("/api/admin/links/missing.csv").buffer(true).expect(200);
    expect(res.headers["content-type"]).toMatch(/^text\/csv/);
    expect(res.headers["content-disposition"]).toMatch(/attachment; filename="la-survey-links-\d{4}-\d{2}-\d{2}\.csv"/);
    const rows = parse(res.text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(["la_code", "la_name", "region", "link"]);
    expect(rows).toHaveLength(before);
    expect(res.headers["x-links-issued"]).toBe(String(before));
    expect(rows.map((r) => r.la_code)).toContain(las[1].code); // revoked before, so it gets a new one
    expect(rows.map((r) => r.la_code)).not.toContain(las[0].code); // still live
    await respondent(tokenOf(rows[0]!.link!)).expect(200);
    const none = await post("/api/admin/links/missing.csv").buffer(true).expect(200);
    expect(none.text.trim()).toBe("la_code,la_name,region,link");
    const downloads = await listAudit(t.pool, { action: "links.csv_download" });
    expect(downloads.map((a) => a.details.issued)).toEqual([before, 0]);
  });
});
