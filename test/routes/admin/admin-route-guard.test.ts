/**
 * Every /api/admin route registered in the app (collected by the auth plugin's onRoute hook, so new
 * routes are covered automatically): no session -> 401, a role that is too weak -> 403, and each
 * route declares its roles with `preHandler: app.requireRole(...)`.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import supertest from "supertest";
import { buildTestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { strongestRoleDenied, type Role } from "../../../server/domain/accounts/roles.ts";

let t: Awaited<ReturnType<typeof buildTestApp>>;
const sessions: Partial<Record<Role, LoggedIn>> = {};

beforeAll(async () => {
  t = await buildTestApp();
  sessions.researcher = await loginAs(t.app, "researcher");
  sessions.viewer = await loginAs(t.app, "viewer");
});
afterAll(async () => {
  await t?.close();
});

function concrete(url: string): string {
  return url
    .replace(/:la[_-]?[cC]ode\b|:laCode\b/g, "201")
    .replace(/:[A-Za-z_]+/g, "00000000-0000-4000-8000-000000000000")
    .replace(/\*$/, "x");
}

function send(agent: ReturnType<typeof supertest.agent> | ReturnType<typeof supertest>, method: string, url: string) {
  const m = method.toLowerCase() as "get" | "post" | "put" | "patch" | "delete";
  return (agent as any)[m](url);
}

describe("admin route table", () => {
  it("has admin routes to check, and every one declares its roles with requireRole", () => {
    const routes = t.app.adminRoutes;
    expect(routes.length).toBeGreaterThan(0);
    const undeclared = routes.filter((r) => !r.declared).map((r) => `${r.method} ${r.url}`);
    expect(undeclared).toEqual([]);
  });

  it("answers 401 without a session on every admin route", async () => {
    const failures: string[] = [];
    for (const r of t.app.adminRoutes) {
      const res = await send(supertest(t.app.server), r.method, concrete(r.url)).send({});
      if (res.status !== 401) failures.push(`${r.method} ${r.url} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });

  it("answers 403 to a role that is too weak on every admin route", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const r of t.app.adminRoutes) {
      const denied = strongestRoleDenied(r.roles);
      if (!denied) continue; // open to every signed-in role
      const s = sessions[denied as "researcher" | "viewer"]!;
      const res = await send(s.agent, r.method, concrete(r.url)).set("x-csrf-token", s.csrfToken).send({});
      checked++;
      if (res.status !== 403) failures.push(`${r.method} ${r.url} as ${denied} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it("refuses a state-changing admin request without the CSRF token (403) even for an admin", async () => {
    const admin = await loginAs(t.app, "admin");
    const unsafe = t.app.adminRoutes.filter((r) => !["GET", "HEAD", "OPTIONS"].includes(r.method));
    expect(unsafe.length).toBeGreaterThan(0);
    const failures: string[] = [];
    for (const r of unsafe) {
      const res = await send(admin.agent, r.method, concrete(r.url)).send({});
      if (res.status !== 403 || !/csrf/i.test(res.body.message ?? "")) failures.push(`${r.method} ${r.url} -> ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
