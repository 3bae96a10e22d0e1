/**
 * No route escapes the guards: every /api/admin path in the OpenAPI document is in the auth plugin's
 * admin route table (which test/routes/admin/admin-route-guard.test.ts probes for 401/403/CSRF on
 * every entry), and every other /api route is one of the known public or respondent routes (those
 * are probed in respondent-isolation.test.ts and report-link-isolation.test.ts). A new route outside these lists fails here until
 * someone decides how it is protected.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { REPORT_LINK_ROUTES, RESPONDENT_ROUTES } from "./respondent-routes-list.ts";

/** Open without a console session, on purpose. */
/** Delphi panellist routes: a link token (Bearer) or the session it opened is required; probed in test/routes/delphi/. */
const DELPHI_PANELLIST_ROUTES = ["POST /api/delphi/session", "DELETE /api/delphi/session", "GET /api/delphi/round", "PUT /api/delphi/ratings", "POST /api/delphi/round/submit", "POST /api/delphi/proposals"];

const PUBLIC_ROUTES = ["POST /api/auth/login", "POST /api/auth/logout", "GET /api/auth/me", "GET /api/health", "GET /api/las", "GET /api/respondent/study-contact"];

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t?.close();
});

function documentedRoutes(): string[] {
  const spec = t.app.swagger() as { paths: Record<string, Record<string, unknown>> };
  const out: string[] = [];
  for (const [p, ops] of Object.entries(spec.paths)) {
    for (const m of Object.keys(ops)) out.push(`${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ":$1")}`);
  }
  return out;
}

describe("route coverage of the guards", () => {
  it("every documented /api/admin route is in the admin route table that the guard test probes", () => {
    const table = new Set(t.app.adminRoutes.map((r) => `${r.method} ${r.url}`));
    const admin = documentedRoutes().filter((r) => r.split(" ")[1].startsWith("/api/admin"));
    expect(admin.length).toBeGreaterThan(5);
    expect(admin.filter((r) => !table.has(r))).toEqual([]);
    expect(t.app.adminRoutes.filter((r) => !r.declared)).toEqual([]);
  });

  it("every other /api route is a known public or respondent route", () => {
    const other = documentedRoutes().filter((r) => !r.split(" ")[1].startsWith("/api/admin"));
    const known = new Set([...PUBLIC_ROUTES, ...RESPONDENT_ROUTES, ...REPORT_LINK_ROUTES, ...DELPHI_PANELLIST_ROUTES]);
    expect(other.filter((r) => !known.has(r))).toEqual([]);
  });

  it("the public routes give nothing away without a session", async () => {
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me" });
    expect(me.statusCode).toBe(401);
    const las = await t.app.inject({ method: "GET", url: "/api/las" });
    expect(las.statusCode).toBe(200);
    // Reference data only: no response, score, contact or token fields.
    expect(las.body).not.toMatch(/token|email|score|contact|"data"/i);
    // The study team's own name and address only (for a link that does not work): nothing about an LA.
    const contact = await t.app.inject({ method: "GET", url: "/api/respondent/study-contact" });
    expect(contact.statusCode).toBe(200);
    expect(Object.keys(contact.json().contact).sort()).toEqual(["email", "hours", "name"]);
    expect(contact.body).not.toMatch(/token|score|"data"|"la"/i);
  });
});
