import { afterAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { openDatabase } from "../../server/db/open-database.ts";
import { startEmbeddedDatabase } from "../../server/db/embedded-database.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

const quiet = { info: () => {}, warn: () => {} };

describe("openDatabase", () => {
  let db: TestDatabase | undefined;
  afterAll(async () => db?.close());

  it("recognises PGlite behind a DATABASE_URL and asks for one pooled connection", async () => {
    const emb = await startEmbeddedDatabase({ maxConnections: 4 });
    try {
      const opened = await openDatabase(loadConfig({ DATABASE_URL: emb.url, LOG_LEVEL: "silent" }), quiet);
      expect(opened.kind).toBe("postgres");
      expect(opened.singleConnection).toBe(true);
      expect(opened.migrations.version).toBeGreaterThanOrEqual(7);
    } finally {
      await emb.stop();
    }
  });

  it("uses a full pool on a PostgreSQL server", async () => {
    db = await createTestDatabase();
    const opened = await openDatabase(loadConfig({ DATABASE_URL: db.url, LOG_LEVEL: "silent" }), quiet);
    expect(opened.singleConnection).toBe(db.kind === "embedded");
  });
});
