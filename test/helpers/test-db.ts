/**
 * A fresh, migrated database with reference data for one test file (real PostgreSQL when
 * DATABASE_URL is set, else an embedded PGlite clone). Always close() it in afterAll.
 */
import fs from "node:fs";
import crypto from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";

export interface TestDatabase {
  url: string;
  kind: "postgres" | "embedded";
  pool: pg.Pool;
  close(): Promise<void>;
}

export async function createTestDatabase(opts: { poolMax?: number } = {}): Promise<TestDatabase> {
  const info = inject("testDb");
  const max = opts.poolMax ?? 5;
  if (info.kind === "postgres") {
    const name = `t_${info.runId}_${crypto.randomBytes(4).toString("hex")}`.toLowerCase();
    const admin = new pg.Client({ connectionString: info.adminUrl });
    await admin.connect();
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${info.template}"`);
        break;
      } catch (err) {
        // concurrent clones of one template can collide briefly
        if (attempt > 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
    await admin.end();
    const u = new URL(info.adminUrl!);
    u.pathname = `/${name}`;
    const url = u.toString();
    const pool = new pg.Pool({ connectionString: url, max });
    return {
      url,
      kind: "postgres",
      pool,
      async close() {
        await pool.end().catch(() => {});
        // No FORCE here: terminating a connection that a test left open would raise an unhandled
        // 'error' in this worker. A database still in use is dropped by the global teardown
        // (test/global-setup.ts), after every worker has exited.
        const c = new pg.Client({ connectionString: info.adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}"`).catch(() => {});
        await c.end();
      },
    };
  }
  const dump = new Blob([fs.readFileSync(info.dumpFile!)]);
  const emb = await startEmbeddedDatabase({ loadDataDir: dump, maxConnections: max + 6 });
  // one connection: PGlite has a single backend and pglite-socket interleaves concurrent connections (see app.ts)
  const pool = new pg.Pool({ connectionString: emb.url, max: 1 });
  return {
    url: emb.url,
    kind: "embedded",
    pool,
    async close() {
      await pool.end().catch(() => {});
      await emb.stop();
    },
  };
}
