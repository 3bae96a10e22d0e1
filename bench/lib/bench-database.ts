/**
 * A throw-away database on the PostgreSQL server named by DATABASE_URL (never the one in the URL
 * itself): created, migrated and loaded with reference data, dropped afterwards.
 */
import crypto from "node:crypto";
import pg from "pg";
import { migrate } from "../../server/db/migrate.ts";
import { loadReferenceData } from "../../server/services/reference-data-loader.ts";
import { loadDemoData, type DemoSummary } from "../../server/services/demo-data.ts";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";
import type { AppConfig } from "../../server/config.ts";

export interface BenchDatabase {
  url: string;
  pool: pg.Pool;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string, prefix = "bench", opts: { reference?: boolean; poolMax?: number } = {}): Promise<BenchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${crypto.randomBytes(3).toString("hex")}`.toLowerCase();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  await migrate(url);
  const pool = new pg.Pool({ connectionString: url, max: opts.poolMax ?? 5 });
  if (opts.reference !== false) await loadReferenceData(pool);
  return {
    url,
    pool,
    async drop() {
      await pool.end().catch(() => {});
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A database holding reference data and the demo fieldwork (153 LAs), for benchmarks that need
 * realistic content: a fresh database on DATABASE_URL's server when it is set, else an embedded one.
 * `stop()` ends `pool` and drops or stops the database.
 */
export async function openDemoBenchDatabase(
  prefix: string,
  config: Pick<AppConfig, "publicUrl" | "tokenTtlDays">,
): Promise<{ url: string; pool: pg.Pool; demo: DemoSummary; stop(): Promise<void> }> {
  let url: string;
  let release: () => Promise<void>;
  if (process.env.DATABASE_URL) {
    const b = await createBenchDatabase(process.env.DATABASE_URL, prefix);
    await b.pool.end();
    url = b.url;
    release = b.drop;
  } else {
    const emb = await startEmbeddedDatabase({ maxConnections: 16 });
    await migrate(emb.url);
    const p = new pg.Pool({ connectionString: emb.url, max: 2 });
    await loadReferenceData(p);
    await p.end();
    url = emb.url;
    release = emb.stop;
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const demo = await loadDemoData(pool, { force: false, log: () => {}, config });
  return {
    url,
    pool,
    demo,
    async stop() {
      await pool.end();
      await release();
    },
  };
}
