/**
 * Run a command-line task against the configured database: DATABASE_URL, or the embedded database
 * under DATA_DIR (only when no server process holds it). Migrations are applied first.
 */
import pg from "pg";
import { ConfigError, loadConfig, type AppConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/open-database.ts";

export interface ScriptContext {
  pool: pg.Pool;
  kind: "embedded" | "postgres";
  config: AppConfig;
}

export async function withDatabase<T>(fn: (ctx: ScriptContext) => Promise<T>): Promise<T> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message);
    throw err;
  }
  const quiet = { info: () => {}, warn: (m: string) => console.error(m) };
  let db;
  try {
    db = await openDatabase(config, quiet);
  } catch (err) {
    fail((err as Error).message);
  }
  const pool = new pg.Pool({ connectionString: db.url, max: db.singleConnection ? 1 : 4 }); // see app.ts on PGlite
  try {
    return await fn({ pool, kind: db.kind, config });
  } finally {
    await pool.end();
    await db.close();
  }
}

/** Print a clear message to stderr and exit non-zero. */
export function fail(message: string, code = 1): never {
  console.error(`Error: ${message}`);
  process.exit(code);
}
