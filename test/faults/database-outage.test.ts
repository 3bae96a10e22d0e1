/**
 * The database goes away mid-fieldwork (simulated for real: the app reaches its database through a
 * loopback TCP proxy that is cut, so every connection drops and new ones are refused; the machine's
 * shared PostgreSQL is never restarted). While it is down the service answers 503 with Retry-After
 * and saves nothing; a save cut mid-transaction leaves no trace; when it is back the service
 * recovers without a restart and the saves the browser queued are accepted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../server/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { testConfig } from "../helpers/build-test-app.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";

let db: TestDatabase;
let proxy: TcpProxy;
let app: FastifyInstance;
let las: LaLink[];

const ann = { name: "Ann Analyst", role: "Head of performance" };

beforeAll(async () => {
  db = await createTestDatabase();
  ({ las } = await prepareLas(db.pool, { laCount: 2 }));
  const u = new URL(db.url);
  proxy = await startTcpProxy(u.hostname, Number(u.port || 5432));
  app = await buildApp({ config: testConfig(), database: { url: proxy.url(db.url), kind: db.kind }, logger: false });
  await app.ready();
});
afterAll(async () => {
  proxy?.restore();
  await app?.close();
  await proxy?.close();
  await db?.close();
});

const bearer = (la: LaLink) => ({ authorization: `Bearer ${la.token}` });

function save(la: LaLink, version: number, changes: Record<string, unknown>) {
  return app.inject({
    method: "PATCH",
    url: "/api/respondent/response",
    headers: { ...bearer(la), "if-match": String(version) },
    payload: { changes, contributor: ann },
  });
}

/** Read the stored response directly (not through the proxy). */
async function stored(la: LaLink) {
  const { rows } = await db.pool.query(
    `SELECT r.data, r.version, (SELECT count(*)::int FROM response_changes c WHERE c.response_id = r.id) AS changes
       FROM responses r WHERE r.la_code = $1`,
    [la.laCode],
  );
  return rows[0];
}

describe("database outage", () => {
  it("answers 503 while the database is down, then recovers without a restart and takes the queued saves", async () => {
    const la = las[0];
    expect((await app.inject({ method: "GET", url: "/api/respondent/response", headers: bearer(la) })).statusCode).toBe(200);
    const first = await save(la, 0, { support_needed: "Before the outage" });
    expect(first.statusCode).toBe(200);
    const before = await stored(la);

    proxy.cut();
    const queued = [{ final_comments: "Head of performance" }, { cms_product: "mosaic" }, { "link_partners.health": "routine" }];
    for (let attempt = 0; attempt < 4; attempt++) {
      for (const changes of queued) {
        const res = await save(la, first.json().version, changes);
        expect(res.statusCode).toBe(503);
        expect(Number(res.headers["retry-after"])).toBeGreaterThan(0);
        expect(res.json().message).toMatch(/database is unavailable.*send it again/i);
      }
    }
    // Twelve failed attempts from one browser are an outage, not token guessing: no 429.
    const read = await app.inject({ method: "GET", url: "/api/respondent/response", headers: bearer(la) });
    expect(read.statusCode).toBe(503);
    const health = await app.inject({ method: "GET", url: "/api/health" });
    expect(health.statusCode).toBe(503);
    expect(health.json().status).toBe("unavailable");
    expect(await stored(la)).toEqual(before);

    proxy.restore();
    // The browser re-sends its queue (oldest first), each save based on the version it last saw.
    let version = first.json().version;
    for (const changes of queued) {
      const res = await save(la, version, changes);
      expect(res.statusCode).toBe(200);
      version = res.json().version;
    }
    expect((await app.inject({ method: "GET", url: "/api/health" })).statusCode).toBe(200);
    expect((await stored(la)).data).toEqual({
      support_needed: "Before the outage",
      final_comments: "Head of performance",
      cms_product: "mosaic",
      link_partners: { health: "routine" },
    });
  }, 60_000);
});
