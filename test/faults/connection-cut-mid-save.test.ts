/**
 * The database connection drops while a save's transaction is open (PostgreSQL restarted, network
 * cut): the save must fail with 503, leave nothing of itself stored, and the service process must
 * keep running and recover on its own.
 *
 * FIXED BUG (server/repositories/queryable.ts withTransaction):
 * a client taken with pool.connect() has no 'error' listener while checked out (pg-pool removes
 * its idle listener on acquire), so when its connection ends pg emits 'error' with no listener ->
 * uncaught exception -> close-with-grace shuts the service down. Fix: attach an 'error' listener
 * for the time the client is checked out and release(err) it. The process-survival check is
 * `it.fails` until then: it FAILS once fixed — change it to `it`. The no-partial-write check holds today.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startTcpProxy, type TcpProxy } from "../helpers/tcp-proxy.ts";
import { startChildServer, type ChildServer } from "../../bench/lib/child-server.ts";
import { prepareLas, type LaLink } from "../../bench/lib/fieldwork-setup.ts";

let db: TestDatabase;
let proxy: TcpProxy;
let las: LaLink[];
const servers: ChildServer[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  ({ las } = await prepareLas(db.pool, { laCount: 2 }));
  const u = new URL(db.url);
  proxy = await startTcpProxy(u.hostname, Number(u.port || 5432));
  // Hold a save's transaction open after the response row is updated: the change-log insert sleeps on "SLOW".
  await db.pool.query(`
    CREATE OR REPLACE FUNCTION fault_slow_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.new_value = '"SLOW"'::jsonb THEN PERFORM pg_sleep(1.5); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fault_slow_change BEFORE INSERT ON response_changes FOR EACH ROW EXECUTE FUNCTION fault_slow_change();`);
}, 120_000);
afterAll(async () => {
  for (const s of servers) await s.stop("SIGKILL").catch(() => {});
  proxy?.restore();
  await proxy?.close();
  await db?.close();
});

const ann = { name: "Ann Analyst", role: "Head of performance" };

async function save(server: ChildServer, la: LaLink, version: number, changes: Record<string, unknown>) {
  const res = await fetch(`${server.baseUrl}/api/respondent/response`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${la.token}`, "if-match": String(version), "content-type": "application/json" },
    body: JSON.stringify({ changes, contributor: ann }),
  });
  return { status: res.status, body: (await res.json()) as any };
}

async function stored(la: LaLink) {
  const { rows } = await db.pool.query(
    `SELECT r.data, r.version, (SELECT count(*)::int FROM response_changes c WHERE c.response_id = r.id) AS changes
       FROM responses r WHERE r.la_code = $1`,
    [la.laCode],
  );
  return rows[0];
}

/** Start a save that will sit in its transaction, cut the database 500 ms in, restore it. */
async function cutMidSave(server: ChildServer, la: LaLink) {
  await fetch(`${server.baseUrl}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
  expect((await save(server, la, 0, { resp_name: "Kept" })).status).toBe(200);
  const before = await stored(la);
  const inFlight = save(server, la, 1, { resp_name: "SLOW", resp_job_title: "Analyst" }).catch((err: Error) => ({ status: 0, body: err.message }));
  await new Promise((r) => setTimeout(r, 500));
  proxy.cut();
  const res = await inFlight;
  await new Promise((r) => setTimeout(r, 300));
  proxy.restore();
  await new Promise((r) => setTimeout(r, 1500)); // the server finishes its sleep and sees the client gone
  return { res, before };
}

describe("connection cut in the middle of a save", () => {
  it("the save is not partly stored (the database rolls the transaction back)", async () => {
    const server = await startChildServer({ databaseUrl: proxy.url(db.url) });
    servers.push(server);
    const { before } = await cutMidSave(server, las[0]);
    expect(await stored(las[0])).toEqual(before);
  }, 120_000);

  it("the service answers 503 for that save and keeps running: the next save succeeds without a restart", async () => {
    const server = await startChildServer({ databaseUrl: proxy.url(db.url) });
    servers.push(server);
    const { res } = await cutMidSave(server, las[1]);
    expect(res.status).toBe(503);
    expect(server.child.exitCode).toBeNull();
    // Today: the process logs "shutting down after an uncaught error" and answers 503 while it closes.
    expect((await save(server, las[1], 1, { resp_job_title: "Analyst" })).status).toBe(200);
  }, 120_000);
});
