/** With an https PUBLIC_URL the session cookie is Secure, and is never sent back over plain http. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { createAccount } from "../../helpers/auth.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
beforeAll(async () => {
  // behind one TLS-terminating proxy, here the test client itself on the loopback address
  t = await buildTestApp({ config: { publicUrl: "https://audit.example.org", trustProxy: ["127.0.0.1", "::1", "::ffff:127.0.0.1"] } });
});
afterAll(async () => {
  await t?.close();
});

describe("Secure session cookie", () => {
  it("sets Secure on https (via the proxy) and sets no cookie on plain http", async () => {
    const acc = await createAccount(t.app, "viewer");
    const https = await supertest(t.app.server).post("/api/auth/login").set("x-forwarded-proto", "https").send({ email: acc.email, password: acc.password });
    expect(https.status).toBe(200);
    const cookie = String(https.headers["set-cookie"]);
    expect(cookie).toMatch(/lada_sid=.*; Secure/i);
    expect(cookie).toMatch(/HttpOnly/i);
    const http = await supertest(t.app.server).post("/api/auth/login").send({ email: acc.email, password: acc.password });
    expect(http.headers["set-cookie"]).toBeUndefined();
  });
});
