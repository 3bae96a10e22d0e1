/**
 * One LA's report link reaches only its own released report: every report-link route is called with
 * LA B's report link (bearer token and session cookie), including attempts to name LA A in the query,
 * body and headers; nothing of A's report comes back. A report link never opens a survey route, and
 * a survey link never opens a report-link route.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Value } from "typebox/value";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { FeedbackReport } from "../../server/contracts/reports.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";
import { issueReportLink } from "../../server/services/report-link-service.ts";
import { REPORT_LINK_ROUTES, RESPONDENT_ROUTES } from "./respondent-routes-list.ts";

let t: TestApp;
let A: LaLink;
let B: LaLink;
const reportToken: Record<string, string> = {};
const SECRET_A = `secret-of-A-${Math.random().toString(36).slice(2)}`;
const SECRET_B = `secret-of-B-${Math.random().toString(36).slice(2)}`;

beforeAll(async () => {
  t = await buildTestApp();
  ({ las: [A, B] } = await prepareLas(t.pool, { laCount: 2 }));
  const snap = await t.pool.query("INSERT INTO report_snapshots (survey_id, definition_version, rules_id, rules_version, las) VALUES ('s', 1, 'r', 1, '[]') RETURNING id");
  for (const [la, secret] of [[A, SECRET_A], [B, SECRET_B]] as const) {
    await t.pool.query("INSERT INTO report_releases (la_code, version, snapshot_id, report, pdf) VALUES ($1, 1, $2, $3::jsonb, $4)", [
      la.laCode,
      snap.rows[0].id,
      JSON.stringify({ ...Value.Create(FeedbackReport), laCode: la.laCode, laName: secret, title: `${secret}: report` }),
      Buffer.from(`%PDF-1.7 ${secret}`),
    ]);
    const { link } = await issueReportLink(t.pool, la.laCode, "release", { publicUrl: "http://localhost:3000", ttlDays: 30 }, { actor: "test", actorKind: "system" });
    reportToken[la.laCode] = new URL(link).hash.slice(1);
  }
});
afterAll(async () => {
  await t?.close();
});

async function sessionCookie(token: string): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/report/session", payload: { token } });
  expect(res.statusCode).toBe(200);
  return String(res.headers["set-cookie"]).split(";")[0]!;
}

const TRICKS = [
  { query: "" },
  { query: "?la=A_CODE&laCode=A_CODE&la_code=A_CODE", headers: { "x-la-code": "A_CODE", "x-forwarded-for": "10.9.9.9" } },
];

describe("an LA's report is private to its report link", () => {
  it("every report-link route with LA B's link or cookie: B's report, never A's", async () => {
    const probed = new Set<string>();
    const tokenB = reportToken[B.laCode]!;
    const credentials: (() => Promise<Record<string, string>>)[] = [async () => ({ authorization: `Bearer ${tokenB}` }), async () => ({ cookie: await sessionCookie(tokenB) })];
    for (const credentialsFor of credentials) {
      for (const trick of TRICKS) {
        const creds = await credentialsFor();
        const query = trick.query.replaceAll("A_CODE", A.laCode);
        const headers = { ...creds, ...Object.fromEntries(Object.entries(trick.headers ?? {}).map(([k, v]) => [k, v.replaceAll("A_CODE", A.laCode)])) };
        const calls: [string, string, Record<string, string>, unknown?][] = [
          ["POST", "/api/report/session", headers, { token: tokenB, laCode: A.laCode }],
          ["POST", "/api/report/session", headers, { token: tokenB }],
          ["GET", "/api/report", headers],
          ["GET", "/api/report.pdf", headers],
          ["GET", "/api/report.csv", headers],
        ];
        for (const [method, path, h, payload] of calls) {
          probed.add(`${method} ${path}`);
          const res = await t.app.inject({ method: method as "GET", url: path + query, headers: h, ...(payload ? { payload: payload as object } : {}) });
          expect(res.statusCode, `${method} ${path}${query}`).toBeLessThan(500);
          expect(res.body, `${method} ${path}${query}`).not.toContain(SECRET_A);
          expect(res.body, `${method} ${path}${query}`).not.toContain(`"laCode":"${A.laCode}"`);
          if (method === "GET") {
            expect(res.statusCode, `${method} ${path}${query}`).toBe(200);
            if (path === "/api/report") expect(res.json().laCode).toBe(B.laCode);
            if (path === "/api/report.pdf") expect(res.body).toContain(SECRET_B);
          }
        }
      }
    }
    expect([...probed].sort()).toEqual([...REPORT_LINK_ROUTES].sort());
  });

  it("a report link opens no survey route, and a survey link opens no report-link route", async () => {
    const tokenA = reportToken[A.laCode]!;
    let client = 0;
    for (const route of RESPONDENT_ROUTES) {
      const [method, template] = route.split(" ") as [string, string];
      if (template === "/api/respondent/session") continue; // exchanging and signing out take no credential header
      const path = template.replaceAll(":id", "1");
      // one address per call, so the survey routes' limit on wrong links (429) does not hide the 401
      const res = await t.app.inject({ method: method as "GET", url: path, remoteAddress: `10.7.0.${++client}`, headers: { authorization: `Bearer ${tokenA}`, "if-match": "0" }, payload: method === "GET" ? undefined : { changes: {}, contributor: { name: "x", role: "y" } } });
      expect(res.statusCode, route).toBe(401);
      expect(res.body, route).not.toContain(SECRET_A);
    }
    const exchange = await t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: tokenA } });
    expect(exchange.statusCode).toBe(401);
    for (const path of ["/api/report", "/api/report.pdf", "/api/report.csv"]) {
      const res = await t.app.inject({ method: "GET", url: path, headers: { authorization: `Bearer ${A.token}` } });
      expect(res.statusCode, path).toBe(401);
      expect(res.body, path).not.toContain(SECRET_A);
    }
    expect((await t.app.inject({ method: "POST", url: "/api/report/session", payload: { token: A.token } })).statusCode).toBe(401);
  });

  it("a token differing from A's in one character is refused, not matched to A", async () => {
    const tokenA = reportToken[A.laCode]!;
    const near = tokenA.slice(0, -1) + (tokenA.at(-1) === "A" ? "B" : "A");
    const res = await t.app.inject({ method: "GET", url: "/api/report", headers: { authorization: `Bearer ${near}` }, remoteAddress: "10.1.1.1" });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain(SECRET_A);
  });
});
