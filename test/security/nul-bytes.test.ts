/** Text PostgreSQL cannot store is a 400 naming the field on every route, signed in or not — never a 500. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../helpers/auth.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
let admin: LoggedIn;
beforeAll(async () => {
  t = await buildTestApp();
  admin = await loginAs(t.app, "admin");
});
afterAll(async () => {
  await t?.close();
});

describe("NUL bytes and lone surrogates", () => {
  it("are refused on the unauthenticated login", async () => {
    const res = await supertest(t.app.server).post("/api/auth/login").send({ email: "a\u0000@b.c", password: "whatever-password" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ field: "email" });
    expect(res.body.message).toMatch(/NUL/);
  });

  it.each([
    ["POST", "/api/admin/contacts", { laCode: "202", name: "Sam\u0000", email: "sam@la.example", role: "x" }, "name"],
    ["POST", "/api/admin/contacts/import", { csv: "la_code,name,email,role\n202,Sam\u0000,sam@la.example,x" }, "csv"],
    ["POST", "/api/admin/users", { email: "new\u0000@research.example", role: "viewer" }, "email"],
    ["PUT", "/api/admin/email-templates/invitation", { subject: "Hi \ud800", body: "x" }, "subject"],
  ])("are refused on %s %s", async (method, path, body, field) => {
    const req = method === "POST" ? admin.agent.post(path) : admin.agent.put(path);
    const res = await req.set("x-csrf-token", admin.csrfToken).send(body);
    expect(res.status).toBe(400);
    expect(res.body.field).toBe(field);
  });

  it("are refused in a query string", async () => {
    const res = await admin.agent.get("/api/admin/audit").query({ action: "auth.login\u0000" });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/query field "action" contains a NUL/);
  });
});
