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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";
import { migrate } from "../../server/db/migrate.ts";
import { loadReferenceData } from "../../server/services/reference-data-loader.ts";
import { startChildServer, type ChildServer } from "../support/child-server.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";
import { compareLedger, runFieldwork, verifyLedger, type FieldworkResult } from "../support/fieldwork-simulation.ts";
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

describe("kill -9 during an autosave storm, PostgreSQL", () => {
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
      body: JSON.stringify({ changes: { support_needed: "after restart" }, contributor: { name: "Ann", role: "Lead" } }),
    });
    expect(save.status).toBe(200);
  }, 120_000);
});

/**
 * The embedded database under the same storm: 12 contributors saving every 50 ms also proves the
 * fix in server/app.ts (one pooled connection on the embedded database: with several, pglite-socket
 * 0.2.17 interleaved the wire-protocol messages of concurrent connections on PGlite's single backend,
 * and saves failed with 401/404/412/500) — any HTTP error before the kill fails this test.
 */
describe("embedded database (DATA_DIR)", () => {
  let dataDir: string;
  let las: LaLink[];
  let structure: ResponseStructure;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-audit-kill-"));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    // Prepare the data directory as an operator would (migrations, reference data, links), then hand it to the server.
    const setup = await startEmbeddedDatabase({ dataDir, maxConnections: 4 });
    try {
      await migrate(setup.url);
      const pool = new pg.Pool({ connectionString: setup.url, max: 1 });
      await loadReferenceData(pool);
      ({ las, structure } = await prepareLas(pool, { laCount: 4 }));
      await pool.end();
    } finally {
      await setup.stop();
    }
  }, 180_000);

  it("kill -9 during a storm: after restart every acknowledged change is present", async () => {
    const first = await startChildServer({ dataDir });
    cleanups.push(() => first.stop("SIGKILL"));
    const result = await stormAndKill(first, las, structure);
    expectStormWasReal(result);

    // Restart on the same directory (the killed process's lock goes stale) and read every LA back through the API.
    const second = await startChildServer({ dataDir });
    cleanups.push(() => second.stop());
    const health = await (await fetch(`${second.baseUrl}/api/health`)).json();
    expect(health).toMatchObject({ status: "ok", database: "embedded" });
    const data = new Map<string, Record<string, unknown>>();
    for (const la of las) {
      const r = await fetch(`${second.baseUrl}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
      expect(r.status).toBe(200);
      data.set(la.laCode, ((await r.json()) as { data: Record<string, unknown> }).data);
    }
    const check = compareLedger(structure, result.ledger, result.uncertain, data);
    expect(check.lost).toEqual([]);
    expect(check.fieldsChecked).toBeGreaterThan(10);
    expect((await second.stop()).code).toBe(0);
  }, 180_000);
});
