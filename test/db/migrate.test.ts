import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { MIGRATIONS_DIR, migrate, readMigrationFiles } from "../../server/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

describe("migrations", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "mig-"));
    for (const f of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("files are named NNN_verb_noun.sql with unique versions", () => {
    const files = readMigrationFiles();
    expect(files.length).toBeGreaterThanOrEqual(2);
    expect(new Set(files.map((f) => f.version)).size).toBe(files.length);
  });

  it("applies nothing twice and records every file", async () => {
    const again = await migrate(db.url);
    expect(again.applied).toEqual([]);
    const r = await db.pool.query("SELECT version, name, md5 FROM schema_version WHERE version > 0 ORDER BY version");
    expect(r.rows.map((x) => Number(x.version))).toEqual(readMigrationFiles().map((f) => f.version));
  });

  it("applies a new migration in a transaction: a failing one leaves no trace", async () => {
    const max = Math.max(...readMigrationFiles().map((f) => f.version));
    const n = String(max + 1).padStart(3, "0");
    fs.writeFileSync(path.join(dir, `${n}_create_half_table.sql`), "CREATE TABLE half_done (a int);\nSELECT * FROM no_such_table;\n");
    await expect(migrate(db.url, dir)).rejects.toThrow(/Migration .*_create_half_table\.sql failed: .*no_such_table/);
    const t = await db.pool.query("SELECT to_regclass('half_done') AS t");
    expect(t.rows[0].t).toBeNull();
    fs.writeFileSync(path.join(dir, `${n}_create_half_table.sql`), "CREATE TABLE half_done (a int);\n");
    expect((await migrate(db.url, dir)).applied).toEqual([`${n}_create_half_table.sql`]);
  });

  it("refuses to run when an applied migration was edited (checksum)", async () => {
    const first = readMigrationFiles(dir)[0];
    fs.appendFileSync(first.filename, "\n-- edited after it was applied\n");
    await expect(migrate(db.url, dir)).rejects.toThrow(/MD5 checksum failed for migration \[1\]/);
  });

  it("rejects badly named files", () => {
    fs.writeFileSync(path.join(dir, "9_bad name.sql"), "");
    expect(() => readMigrationFiles(dir)).toThrow(/must be named NNN_verb_noun\.sql/);
  });
});
