/** With an https PUBLIC_URL the session cookie is Secure, and is never sent back over plain http. */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { createAccount } from "../../helpers/auth.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
const before = process.env.TRUST_PROXY;
beforeAll(async () => {
  process.env.TRUST_PROXY = "true"; // behind a TLS-terminating proxy (read by buildApp)
  t = await buildTestApp({ config: { publicUrl: "https://audit.example.org" } });
});
afterAll(async () => {
  if (before === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = before;
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
