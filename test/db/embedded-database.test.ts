import { afterAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { DataDirError, startEmbeddedDatabase } from "../../server/db/embedded-database.ts";

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "emb-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe("embedded database", () => {
  it("keeps data across restarts and refuses a second opener of the same directory", async () => {
    const dir = tmp();
    const first = await startEmbeddedDatabase({ dataDir: dir, maxConnections: 3 });
    const c = new pg.Client({ connectionString: first.url });
    await c.connect();
    await c.query("CREATE TABLE kept (v text)");
    await c.query("INSERT INTO kept VALUES ('survives restarts')");
    await c.end();

    const err = await startEmbeddedDatabase({ dataDir: dir, maxConnections: 3, lockWaitMs: 0 }).catch((e) => e);
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toMatch(/already in use by another process/);
    await first.stop();

    const second = await startEmbeddedDatabase({ dataDir: dir, maxConnections: 3, lockWaitMs: 0 });
    const c2 = new pg.Client({ connectionString: second.url });
    await c2.connect();
    const r = await c2.query("SELECT v FROM kept");
    await c2.end();
    await second.stop();
    expect(r.rows).toEqual([{ v: "survives restarts" }]);
  });

  it("gives a clear error for an unwritable DATA_DIR", async () => {
    const file = path.join(tmp(), "a-file");
    fs.writeFileSync(file, "x");
    const err = await startEmbeddedDatabase({ dataDir: path.join(file, "sub"), maxConnections: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(DataDirError);
    expect(err.message).toMatch(/DATA_DIR .*a-file\/sub is not writable/);
  });
});
