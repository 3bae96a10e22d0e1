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
  /** PGlite behind the URL (ours, or another process's): use one pooled connection (see app.ts). */
  singleConnection: boolean;
  migrations: MigrateResult;
  embedded?: EmbeddedDatabase;
  close(): Promise<void>;
}

type Log = { info: (msg: string) => void; warn: (msg: string) => void };

export class DatabaseUnavailableError extends Error {}

/** Waits until the database answers; returns its version() string. */
export async function waitForDatabase(url: string, retries: number, delayMs: number, log: Log): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
    try {
      await client.connect();
      const r = await client.query<{ v: string }>("SELECT version() AS v");
      await client.end();
      return r.rows[0].v;
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
    const version = await waitForDatabase(config.databaseUrl, config.dbConnectRetries, config.dbConnectRetryDelayMs, log);
    const migrations = await migrate(config.databaseUrl);
    return { url: config.databaseUrl, kind: "postgres", singleConnection: /PGlite/i.test(version), migrations, close: async () => {} };
  }
  const embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, maxConnections: config.dbPoolMax + 2 });
  try {
    const migrations = await migrate(embedded.url);
    return { url: embedded.url, kind: "embedded", singleConnection: true, migrations, embedded, close: () => embedded.stop() };
  } catch (err) {
    await embedded.stop();
    throw err;
  }
}
