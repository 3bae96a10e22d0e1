/**
 * Hostile input on the respondent routes: SQL metacharacters are stored and returned as plain text;
 * bodies over the limit get 413 and deeply nested JSON 400 on every route that takes a body;
 * bodies that are not JSON 415 (or 400 for plain text, which fails the body schema). None of them changes stored data.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";

let t: TestApp;
let la: LaLink;
const contributor = { name: "O'Brien; DROP TABLE respondent_contributors; --", role: 'Head of "data"' };

beforeAll(async () => {
  t = await buildTestApp();
  ({ las: [la] } = await prepareLas(t.pool, { laCount: 1 }));
  await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${la.token}` } });
});
afterAll(async () => {
  await t?.close();
});

const auth = () => ({ authorization: `Bearer ${la.token}` });

async function stored() {
  const { rows } = await t.pool.query(
    `SELECT r.data, r.version, r.ui_state, (SELECT count(*)::int FROM response_changes c WHERE c.response_id = r.id) AS changes
       FROM responses r WHERE r.la_code = $1`,
    [la.laCode],
  );
  return rows[0];
}

const SQL_TEXT = [
  "'; DROP TABLE responses; --",
  "\" OR \"1\"=\"1",
  "1; SELECT pg_sleep(10)",
  "$1 $$ $body$ E'\\x41' \\\\ \\' %_ */ /* -- ;",
  "Robert'); DELETE FROM respondent_tokens WHERE ('1'='1",
  "jsonb ->> 'x' || @> ? ?| ?&",
];

describe("SQL metacharacters", () => {
  it("are stored and returned exactly as typed, and the tables are intact", async () => {
    let version = (await stored()).version;
    const changes = { support_needed: SQL_TEXT[0], final_comments: SQL_TEXT[1], link_example: SQL_TEXT.join("\n"), "cms_product-Comment": SQL_TEXT[3] };
    const res = await t.app.inject({ method: "PATCH", url: "/api/respondent/response", headers: { ...auth(), "if-match": String(version) }, payload: { changes, contributor } });
    expect(res.statusCode).toBe(200);
    version = res.json().version;
    const back = await t.app.inject({ method: "GET", url: "/api/respondent/response", headers: auth() });
    expect(back.json().data).toMatchObject(changes);
    expect(back.json().contributors).toEqual([{ name: contributor.name, role: contributor.role, lastSeenAt: expect.any(String) }]);
    expect((await stored()).data).toMatchObject(changes);
    const tables = await t.pool.query("SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('responses', 'respondent_tokens', 'respondent_contributors')");
    expect(tables.rows[0].n).toBe(3);
    expect((await t.pool.query("SELECT count(*)::int AS n FROM respondent_tokens")).rows[0].n).toBeGreaterThan(0);
    // Unknown question names full of metacharacters are refused by name, not interpreted.
    const unknown = await t.app.inject({
      method: "PATCH",
      url: "/api/respondent/response",
      headers: { ...auth(), "if-match": String(version) },
      payload: { changes: { "resp_name'; --": "x" }, contributor },
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].question).toBe("resp_name'; --");
  });
});

describe("oversized, deeply nested and non-JSON bodies", () => {
  const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
  const routes: { method: "POST" | "PATCH" | "DELETE"; url: string; headers: () => Record<string, string>; limit: number }[] = [
    { method: "POST", url: "/api/respondent/session", headers: () => ({}), limit: 4096 },
    { method: "PATCH", url: "/api/respondent/response", headers: () => ({ ...auth(), "if-match": "0" }), limit: 256 * 1024 },
    { method: "POST", url: "/api/respondent/response/submit", headers: auth, limit: 1_048_576 },
    { method: "DELETE", url: "/api/respondent/session", headers: auth, limit: 1_048_576 },
  ];

  it("every respondent route that takes a body: over its limit 413, nested 5,000 deep 400, XML 415, plain text 400; nothing stored", async () => {
    const before = await stored();
    for (const r of routes) {
      const big = `{"changes":{"link_example":"${"x".repeat(r.limit + 10)}"},"contributor":{"name":"a","role":"b"},"token":"x"}`;
      const over = await t.app.inject({ method: r.method, url: r.url, headers: { ...r.headers(), "content-type": "application/json" }, payload: big });
      expect(over.statusCode, `${r.method} ${r.url} oversized`).toBe(413);
      const deep = `{"changes":{"support_needed":${nested(5000)}},"contributor":{"name":"a","role":"b"},"token":${nested(5000)}}`;
      if (r.method !== "DELETE") {
        const res = await t.app.inject({ method: r.method, url: r.url, headers: { ...r.headers(), "content-type": "application/json" }, payload: deep });
        expect(res.statusCode, `${r.method} ${r.url} nested`).toBe(r.limit < deep.length ? 413 : 400);
        const xml = await t.app.inject({ method: r.method, url: r.url, headers: { ...r.headers(), "content-type": "application/xml" }, payload: "<changes/>" });
        expect(xml.statusCode, `${r.method} ${r.url} application/xml`).toBe(415);
        const plain = await t.app.inject({ method: r.method, url: r.url, headers: { ...r.headers(), "content-type": "text/plain" }, payload: "changes=1" });
        expect(plain.statusCode, `${r.method} ${r.url} text/plain`).toBe(400); // parsed as a string, refused by the body schema
      }
    }
    // uiState is stored as given: deep nesting there is refused too, not passed to the database.
    const ui = await t.app.inject({
      method: "PATCH",
      url: "/api/respondent/response",
      headers: { ...auth(), "if-match": String(before.version), "content-type": "application/json" },
      payload: `{"changes":{},"contributor":{"name":"a","role":"b"},"uiState":{"survey":${nested(2000)}}}`,
    });
    expect(ui.statusCode).toBe(400);
    expect(ui.json().message).toMatch(/uiState\.survey.*nested more than/);
    expect(await stored()).toEqual(before);
  });
});
