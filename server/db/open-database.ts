/**
 * Resolve the database the app will use: DATABASE_URL (a PostgreSQL server, waited for with
 * retries), or the embedded PGlite under DATA_DIR. Then apply pending migrations.
 */
import pg from "pg";
import type { AppConfig } from "../config.ts";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded-database.ts";
import { migrate, type MigrateResult } from "./migrate.ts";

export interface OpenDatabase {
  url: string;
  kind: "embedded" | "postgres";
  migrations: MigrateResult;
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

type Log = { info: (msg: string) => void; warn: (msg: string) => void };

export class DatabaseUnavailableError extends Error {}

export async function waitForDatabase(url: string, retries: number, delayMs: number, log: Log): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      await client.end();
      return;
    } catch (err) {
      await client.end().catch(() => {});
      const where = safeHost(url);
      if (attempt >= retries) {
        throw new DatabaseUnavailableError(
          `Could not connect to the database at ${where} after ${attempt + 1} attempts: ${(err as Error).message}`,
        );
      }
      log.warn(`Database at ${where} not reachable (${(err as Error).message}); retry ${attempt + 1}/${retries} in ${delayMs} ms`);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}

/** host:port/db of a connection string, never the password. */
export function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return "(unparseable DATABASE_URL)";
  }
}

export async function openDatabase(config: AppConfig, log: Log): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    await waitForDatabase(config.databaseUrl, config.dbConnectRetries, config.dbConnectRetryDelayMs, log);
    const migrations = await migrate(config.databaseUrl);
    return { url: config.databaseUrl, kind: "postgres", migrations, close: async () => {} };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, maxConnections: config.dbPoolMax + 2 });
  try {
    const migrations = await migrate(embedded.url);
    return { url: embedded.url, kind: "embedded", migrations, embedded, close: () => embedded.stop() };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}
