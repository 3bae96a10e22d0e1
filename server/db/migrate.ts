/**
 * Migrations: plain SQL files sql/migrations/NNN_verb_noun.sql applied by postgrator (ordered,
 * md5-checksummed, recorded in schema_version, forward-only). Postgrator expects NNN.do.name.sql, so
 * this subclass reads our names, and runs each file and its version row in one transaction.
 * An advisory lock keeps two processes from migrating the same database at once.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import crypto from "node:crypto";
import pg from "pg";
import Postgrator from "postgrator";

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../sql/migrations");
const LOCK_KEY = 727_411_001; // arbitrary, app-wide

interface MigrationFile {
  version: number;
  action: "do";
  filename: string;
  name: string;
  md5: string;
  getSql: () => string;
}

export function readMigrationFiles(dir = MIGRATIONS_DIR): MigrationFile[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith(".sql")).sort();
  const seen = new Map<number, string>();
  return files.map((f) => {
    const m = /^(\d{3})_([a-z0-9_]+)\.sql$/.exec(f);
    if (!m) throw new Error(`Migration file ${f} must be named NNN_verb_noun.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`Migrations ${seen.get(version)} and ${f} share version ${version}`);
    seen.set(version, f);
    const filename = path.join(dir, f);
    const sql = fs.readFileSync(filename, "utf8");
    return {
      version,
      action: "do" as const,
      filename,
      name: m[2],
      // same checksum as postgrator's own (md5 of content with normalised newlines)
      md5: crypto.createHash("md5").update(sql.replace(/\r\n/g, "\n"), "utf8").digest("hex"),
      getSql: () => sql,
    };
  });
}

class SqlFilePostgrator extends Postgrator {
  constructor(
    private readonly client: pg.ClientBase,
    private readonly dir: string,
  ) {
    super({
      driver: "pg",
      schemaTable: "schema_version",
      validateChecksums: true,
      newline: "LF",
      execQuery: (query: string) => client.query(query),
    } as any);
  }
  async getMigrations(): Promise<any> {
    const migrations = readMigrationFiles(this.dir);
    (this as any).migrations = migrations;
    return migrations;
  }
  async runMigrations(migrations: any[] = []): Promise<any> {
    const applied: any[] = [];
    const common = (this as any).commonClient;
    for (const m of migrations) {
      (this as any).emit("migration-started", m);
      await this.client.query("BEGIN");
      try {
        await this.client.query(m.getSql());
        await this.client.query(common.persistActionSql(m));
        await this.client.query("COMMIT");
      } catch (err) {
        await this.client.query("ROLLBACK").catch(() => {});
        const e = new Error(`Migration ${path.basename(m.filename)} failed: ${(err as Error).message}`);
        (e as any).appliedMigrations = applied;
        throw e;
      }
      applied.push(m);
      (this as any).emit("migration-finished", m);
    }
    return applied;
  }
}

export interface MigrateResult {
  applied: string[];
  version: number;
}

/** Apply all pending migrations on one dedicated connection. */
export async function migrate(connectionString: string, dir = MIGRATIONS_DIR): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [LOCK_KEY]);
    try {
      const p = new SqlFilePostgrator(client, dir);
      const applied = await p.migrate("max");
      const version = await p.getDatabaseVersion();
      return { applied: applied.map((m: any) => path.basename(m.filename)), version };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [LOCK_KEY]).catch(() => {});
    }
  } finally {
    await client.end();
  }
}
