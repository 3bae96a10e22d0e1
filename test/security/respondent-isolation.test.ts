/**
 * One LA cannot read or change another LA's response: every respondent route is called with LA B's
 * credentials (bearer token and session cookie), including attempts to name LA A in the query,
 * body and headers. Nothing of A's answers comes back, and A's stored response is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";
import { RESPONDENT_ROUTES } from "./respondent-routes-list.ts";

let t: TestApp;
let A: LaLink;
let B: LaLink;
let handoffOfA = "";
let keyOfA = "";
let page = "";
const SECRET = `secret-of-A-${Math.random().toString(36).slice(2)}`;
const contributor = { name: "Bob of B", role: "Data manager" };

beforeAll(async () => {
  t = await buildTestApp();
  ({ las: [A, B] } = await prepareLas(t.pool, { laCount: 2 }));
  const auth = { authorization: `Bearer ${A.token}` };
  await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: auth });
  const res = await t.app.inject({
    method: "PATCH",
    url: "/api/respondent/response",
    headers: { ...auth, "if-match": "0" },
    payload: { changes: { support_needed: SECRET, link_example: SECRET, "link_partners.health": "routine" }, contributor: { name: SECRET, role: "Lead" } },
  });
  expect(res.statusCode).toBe(200);
  // A handed a section to a colleague whose name is the secret: B can neither see nor change it
  const def = await t.app.inject({ method: "GET", url: "/api/respondent/definition", headers: auth });
  page = (def.json() as { pages: { name: string }[] }).pages[0].name;
  const handoff = await t.app.inject({
    method: "POST",
    url: "/api/respondent/handoffs",
    headers: auth,
    payload: { page, colleagueName: SECRET, note: SECRET, contributor: { name: "Lead of A", role: "Lead" } },
  });
  expect(handoff.statusCode, handoff.body).toBe(201);
  handoffOfA = handoff.json().handoff.id;
  // A's data lead gave their details in a browser: their key, sent with B's credentials, gives B nothing of A's
  const session = await t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: A.token } });
  const mine = await t.app.inject({
    method: "PUT",
    url: "/api/respondent/contributor",
    headers: { cookie: String(session.headers["set-cookie"]).split(";")[0] },
    payload: { name: SECRET, role: "Lead", email: "lead-of-a@la.gov.uk" },
  });
  expect(mine.statusCode).toBe(200);
  keyOfA = String(mine.headers["set-cookie"]).split(";")[0];
  // A has a released feedback report carrying the secret: B must not reach it either
  const snap = await t.pool.query(
    "INSERT INTO report_snapshots (survey_id, definition_version, rules_id, rules_version, las) VALUES ('s', 1, 'r', 1, '[]') RETURNING id",
  );
  await t.pool.query("INSERT INTO report_releases (la_code, version, snapshot_id, report, pdf) VALUES ($1, 1, $2, $3::jsonb, $4)", [
    A.laCode,
    snap.rows[0].id,
    JSON.stringify({ laCode: A.laCode, laName: SECRET }),
    Buffer.from(`%PDF-1.7 ${SECRET}`),
  ]);
});
afterAll(async () => {
  await t?.close();
});

async function snapshot(la: LaLink) {
  const { rows } = await t.pool.query(
    `SELECT r.data, r.field_versions, r.version, r.status, r.submitted_at,
            (SELECT count(*)::int FROM response_changes c WHERE c.response_id = r.id) AS changes,
            (SELECT count(*)::int FROM respondent_contributors p WHERE p.la_code = r.la_code) AS contributors
       FROM responses r WHERE r.la_code = $1`,
    [la.laCode],
  );
  return rows[0];
}

async function sessionCookie(la: LaLink): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/respondent/session", payload: { token: la.token } });
  expect(res.statusCode).toBe(200);
  return String(res.headers["set-cookie"]).split(";")[0];
}

/** Ways of pointing at LA A while holding B's credentials. */
const TRICKS = [
  { query: "" },
  { query: "?la=A_CODE&laCode=A_CODE&la_code=A_CODE", headers: { "x-la-code": "A_CODE", "x-forwarded-for": "10.9.9.9" } },
];

describe("an LA's response is private to its link", () => {
  it("every respondent route with LA B's token or cookie: A's answers never come back and A's response is unchanged", async () => {
    const before = await snapshot(A);
    const probed = new Set<string>();
    // a fresh browser session per round: the last call of each round (DELETE session) signs it out
    const credentials: (() => Promise<Record<string, string>>)[] = [async () => ({ authorization: `Bearer ${B.token}` }), async () => ({ cookie: await sessionCookie(B) })];
    for (const credentialsFor of credentials) {
      for (const trick of TRICKS) {
        const creds = await credentialsFor();
        const query = trick.query.replaceAll("A_CODE", A.laCode);
        const headers: Record<string, string> = { ...creds, ...Object.fromEntries(Object.entries(trick.headers ?? {}).map(([k, v]) => [k, v.replaceAll("A_CODE", A.laCode)])) };
        const calls: [string, string, Record<string, string>, unknown?][] = [
          ["POST", "/api/respondent/session", {}, { token: B.token, laCode: A.laCode }],
          ["GET", "/api/respondent/definition", headers],
          ["GET", "/api/respondent/welcome", headers],
          ["GET", "/api/respondent/response", headers],
          ["PATCH", "/api/respondent/response", { ...headers, "if-match": "1" }, { changes: { support_needed: "overwritten by B" }, contributor, laCode: A.laCode, la: { code: A.laCode } }],
          ["PATCH", "/api/respondent/response", { ...headers, "if-match": "0" }, { changes: { "link_partners.health": "not_linked", link_example: null }, contributor }],
          ["POST", "/api/respondent/response/submit", headers, { contributor, laCode: A.laCode }],
          ["GET", "/api/respondent/report", headers],
          ["GET", "/api/respondent/report.pdf", headers],
          ["GET", "/api/respondent/report.csv", headers],
          ["GET", "/api/respondent/handoffs", headers],
          ["POST", "/api/respondent/handoffs", headers, { page, colleagueName: "Colleague of B", contributor, laCode: A.laCode }],
          ["POST", `/api/respondent/handoffs/${handoffOfA}/cancel`, headers, { contributor }],
          ["POST", `/api/respondent/handoffs/${handoffOfA}/accept`, headers, { contributor }],
          ["GET", "/api/respondent/contributor", { ...headers, cookie: [headers.cookie, keyOfA].filter(Boolean).join("; ") }],
          ["PUT", "/api/respondent/contributor", { ...headers, cookie: [headers.cookie, keyOfA].filter(Boolean).join("; ") }, { name: "B's lead", role: "Lead", email: "b@la.gov.uk" }],
          ["DELETE", "/api/respondent/contributor", { ...headers, cookie: [headers.cookie, keyOfA].filter(Boolean).join("; ") }],
          ["DELETE", "/api/respondent/session", headers],
        ];
        for (const [method, path, h, payload] of calls) {
          // Submitting runs survey-core over the whole questionnaire (seconds on a busy machine): once per credential.
          if (path.endsWith("/submit") && trick.query === "") continue;
          probed.add(`${method} ${path.replace(/\/handoffs\/\d+\//, "/handoffs/:id/")}`);
          const res = await t.app.inject({ method: method as "GET", url: path + query, headers: h, ...(payload ? { payload: payload as object } : {}) });
          expect(res.statusCode, `${method} ${path}${query}`).toBeLessThan(500);
          expect(res.body, `${method} ${path}${query}`).not.toContain(SECRET);
          if (method === "GET" && path.startsWith("/api/respondent/report")) expect(res.statusCode, `${method} ${path}${query}`).toBe(404); // B has no report released
          if (method === "GET" && path === "/api/respondent/response") {
            expect(res.statusCode).toBe(200);
            expect(res.json().la.code).toBe(B.laCode);
          }
        }
      }
    }
    expect([...probed].sort()).toEqual([...RESPONDENT_ROUTES].sort());
    expect(await snapshot(A)).toEqual(before);
    const keyed = await t.pool.query("SELECT name, email FROM respondent_contributors WHERE la_code = $1 AND key_hash IS NOT NULL", [A.laCode]);
    expect(keyed.rows).toEqual([{ name: SECRET, email: "lead-of-a@la.gov.uk" }]); // A's lead's details, untouched by B
    const handoffs = await t.pool.query("SELECT la_code, cancelled_at, accepted_at FROM section_handoffs WHERE id = $1", [handoffOfA]);
    expect(handoffs.rows).toEqual([{ la_code: A.laCode, cancelled_at: null, accepted_at: null }]); // B's cancel and accept did nothing
    // Naming another LA in the body is refused outright (fields the API does not take are 422), so
    // not even B's own response took the write.
    expect((await snapshot(B)).data).not.toMatchObject({ support_needed: "overwritten by B" });
  });

  it("a token differing from A's in one character is refused, not matched to A", async () => {
    const last = A.token.at(-1) === "A" ? "B" : "A";
    const near = A.token.slice(0, -1) + last;
    const res = await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${near}` }, remoteAddress: "10.1.1.1" });
    expect(res.statusCode).toBe(401);
    expect(res.body).not.toContain(A.laCode);
  });
});
