/**
 * kill -9 the service during an autosave storm, restart it, and check that every change it
 * acknowledged is stored (a write in flight at the kill may or may not be; nothing else may differ).
 * The real server process (`node --import tsx server/main.ts`), on a PostgreSQL database and on the
 * embedded database in a DATA_DIR.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";
import { migrate } from "../../server/db/migrate.ts";
import { loadReferenceData } from "../../server/services/reference-data-loader.ts";
import { startChildServer, type ChildServer } from "../../bench/lib/child-server.ts";
import { prepareLas, type LaLink } from "../../bench/lib/fieldwork-setup.ts";
import { runFieldwork, verifyLedger, type FieldworkResult } from "../../bench/lib/fieldwork-simulation.ts";
import type { ResponseStructure } from "../../server/domain/responses/structure.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

/** Autosave storm (3 contributors per LA saving every 50 ms); SIGKILL the server once 80 saves are acknowledged. */
async function stormAndKill(server: ChildServer, las: LaLink[], structure: ResponseStructure): Promise<FieldworkResult> {
  const abort = new AbortController();
  let enough!: () => void;
  const reached = new Promise<void>((r) => (enough = r));
  const run = runFieldwork({
    baseUrl: server.baseUrl,
    las,
    structure,
    seconds: 60,
    intervalMs: 50,
    seed: 9,
    signal: abort.signal,
    requestTimeoutMs: 20_000,
    onSaved: (soFar) => soFar.saved >= 80 && enough(),
  });
  await Promise.race([reached, run]);
  server.child.kill("SIGKILL");
  const exit = await server.exited;
  expect(exit.signal).toBe("SIGKILL");
  abort.abort();
  return run;
}

function expectStormWasReal(result: FieldworkResult) {
  expect(result.saved).toBeGreaterThanOrEqual(80); // saves were acknowledged before the kill ...
  expect(result.unexpected.length).toBeGreaterThan(0); // ... and the kill cut the storm
  expect(result.unexpected.filter((u) => !/network error/.test(u.what))).toEqual([]); // no HTTP error before it
}

describe("kill -9 during an autosave storm", () => {
  it("PostgreSQL: after restart every acknowledged change is present", async () => {
    const db: TestDatabase = await createTestDatabase();
    cleanups.push(() => db.close());
    const { las, structure } = await prepareLas(db.pool, { laCount: 6 });
    const first = await startChildServer({ databaseUrl: db.url });
    cleanups.push(() => first.stop("SIGKILL"));
    const result = await stormAndKill(first, las, structure);
    expectStormWasReal(result);

    const second = await startChildServer({ databaseUrl: db.url });
    cleanups.push(() => second.stop());
    const check = await verifyLedger(db.pool, structure, result.ledger, result.uncertain);
    expect(check.lost).toEqual([]);
    expect(check.changeLogMismatches).toEqual([]);
    expect(check.fieldsChecked).toBeGreaterThan(10);
    // The restarted service takes saves again.
    const r = await fetch(`${second.baseUrl}/api/respondent/response`, { headers: { authorization: `Bearer ${las[0].token}` } });
    const { version } = (await r.json()) as { version: number };
    const save = await fetch(`${second.baseUrl}/api/respondent/response`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${las[0].token}`, "if-match": String(version), "content-type": "application/json" },
      body: JSON.stringify({ changes: { resp_name: "after restart" }, contributor: { name: "Ann", role: "Lead" } }),
    });
    expect(save.status).toBe(200);
  }, 120_000);

  it("embedded database (DATA_DIR): after restart every acknowledged change is present", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-audit-kill-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    // Prepare the data directory as an operator would (migrations, reference data, links), then hand it to the server.
    const setup = await startEmbeddedDatabase({ dataDir, maxConnections: 4 });
    let las: LaLink[];
    let structure: ResponseStructure;
    try {
      await migrate(setup.url);
      const pool = new pg.Pool({ connectionString: setup.url, max: 2 });
      await loadReferenceData(pool);
      ({ las, structure } = await prepareLas(pool, { laCount: 4 }));
      await pool.end();
    } finally {
      await setup.stop();
    }
    // One pooled connection: with several, pglite-socket interleaves extended-protocol messages of
    // different connections (see embedded-concurrency.test.ts); this test is about durability.
    const env = { DB_POOL_MAX: "1" };
    const first = await startChildServer({ dataDir }, { env });
    cleanups.push(() => first.stop("SIGKILL"));
    const result = await stormAndKill(first, las, structure);
    expectStormWasReal(result);

    // Restart on the same directory (the killed process's lock goes stale), then stop it cleanly and read the files back.
    const second = await startChildServer({ dataDir }, { env });
    const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", database: "embedded" });
    expect((await second.stop()).code).toBe(0);
    const reopened = await startEmbeddedDatabase({ dataDir, maxConnections: 2 });
    cleanups.push(() => reopened.stop());
    const pool = new pg.Pool({ connectionString: reopened.url, max: 1 });
    cleanups.push(() => pool.end());
    const check = await verifyLedger(pool, structure, result.ledger, result.uncertain);
    expect(check.lost).toEqual([]);
    expect(check.changeLogMismatches).toEqual([]);
    expect(check.fieldsChecked).toBeGreaterThan(10);
  }, 180_000);
});
