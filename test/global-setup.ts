/**
 * Runs once per `vitest run`: builds a migrated database with reference data that every test file
 * clones. Real server (DATABASE_URL set): a template database on that server. Embedded: a PGlite
 * data-directory dump in a temp file.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrate } from "../server/db/migrate.ts";
import { startEmbeddedDatabase } from "../server/db/embedded-database.ts";
import { prepareTemplate } from "./helpers/prepare-template.ts";

export interface TestDbInfo {
  kind: "postgres" | "embedded";
  /** postgres: admin URL on the server and the template database name; embedded: dump file path */
  adminUrl?: string;
  template?: string;
  dumpFile?: string;
  runId: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    testDb: TestDbInfo;
  }
}

/** The pages axe checked in this run (see vitest.config.ts), removed once the run is over. */
function removeAxeRecords(): void {
  if (process.env.AXE_CHECKED_DIR) fs.rmSync(process.env.AXE_CHECKED_DIR, { recursive: true, force: true });
}

export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const url = process.env.DATABASE_URL;
  if (url) {
    const base = new URL(url);
    const template = `${base.pathname.slice(1) || "postgres"}_tpl_${runId}`.toLowerCase();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${template}"`);
    await admin.end();
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${template}`;
    await migrate(tplUrl.toString());
    const pool = new pg.Pool({ connectionString: tplUrl.toString(), max: 2 });
    await prepareTemplate(pool);
    await pool.end();
    project.provide("testDb", { kind: "postgres", adminUrl: url, template, runId });
    return async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      // drop leftovers of this run (files drop their own; this catches crashed ones)
      const dbs = await c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE $1", [`%${runId}%`]);
      for (const { datname } of dbs.rows) {
        await c.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`).catch(() => {});
      }
      await c.end();
      removeAxeRecords();
    };
  }
  const emb = await startEmbeddedDatabase({ maxConnections: 4 });
  await migrate(emb.url);
  const pool = new pg.Pool({ connectionString: emb.url, max: 2 });
  await prepareTemplate(pool);
  await pool.end();
  const dump = await emb.db.dumpDataDir("none");
  await emb.stop();
  const dumpFile = path.join(os.tmpdir(), `la-audit-template-${runId}.tar`);
  fs.writeFileSync(dumpFile, Buffer.from(await dump.arrayBuffer()));
  project.provide("testDb", { kind: "embedded", dumpFile, runId });
  return async () => {
    fs.rmSync(dumpFile, { force: true });
    removeAxeRecords();
  };
}
