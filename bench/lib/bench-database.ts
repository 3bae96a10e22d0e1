/**
 * A throw-away database on the PostgreSQL server named by DATABASE_URL (never the one in the URL
 * itself): created, migrated and loaded with reference data, dropped afterwards.
 */
import crypto from "node:crypto";
import pg from "pg";
import { migrate } from "../../server/db/migrate.ts";
import { loadReferenceData } from "../../server/services/reference-data-loader.ts";

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
