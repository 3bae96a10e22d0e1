/** The console's JSON replies are compressed for browsers that accept it; nothing else changes. */
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../helpers/build-test-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { laCodes, makeToken } from "../routes/respondent/respondent-fixtures.ts";

describe("compressed console replies", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  let cookie: string;
  beforeAll(async () => {
    t = await buildTestApp();
    const account = await createAccount(t.app, "admin");
    const login = await t.app.inject({ method: "POST", url: "/api/auth/login", headers: { "accept-encoding": "br, gzip" }, payload: { email: account.email, password: account.password } });
    expect(login.statusCode).toBe(200);
    // the sign-in reply carries the CSRF token: never compressed
    expect(login.headers["content-encoding"]).toBeUndefined();
    expect(login.json().csrfToken).toEqual(expect.any(String));
    cookie = String(login.headers["set-cookie"]).split(";")[0];
  });
  afterAll(async () => {
    await t?.close();
  });
  const get = (url: string, acceptEncoding?: string) =>
    t.app.inject({ url, headers: { cookie, ...(acceptEncoding ? { "accept-encoding": acceptEncoding } : {}) } });

  it("sends the LA list as brotli or gzip, the same JSON as when sent plain", async () => {
    const plain = await get("/api/admin/fieldwork/las");
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(10_000);

    const br = await get("/api/admin/fieldwork/las", "gzip, deflate, br, zstd");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.headers["cache-control"]).toBe("no-store");
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(zlib.brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());

    const gz = await get("/api/admin/fieldwork/las", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  it("leaves the session reply, small replies, files and the respondent routes uncompressed", async () => {
    const me = await get("/api/auth/me", "br");
    expect(me.statusCode).toBe(200);
    expect(me.headers["content-encoding"]).toBeUndefined();
    expect(me.json().csrfToken).toEqual(expect.any(String));

    const users = await get("/api/admin/users", "br"); // under 1 kB
    expect(users.statusCode).toBe(200);
    expect(users.rawPayload.length).toBeLessThan(1024);
    expect(users.headers["content-encoding"]).toBeUndefined();

    const csv = await get("/api/admin/audit/export.csv", "br");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/text\/csv/);
    expect(csv.headers["content-encoding"]).toBeUndefined();

    const [la] = await laCodes(t.pool, 1);
    const welcome = await t.app.inject({ url: "/api/respondent/welcome", headers: { authorization: `Bearer ${await makeToken(t.pool, la.code)}`, "accept-encoding": "br" } });
    expect(welcome.statusCode).toBe(200);
    expect(welcome.rawPayload.length).toBeGreaterThan(1024);
    expect(welcome.headers["content-encoding"]).toBeUndefined();
  });
});
