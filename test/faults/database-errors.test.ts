/**
 * Database errors in the middle of a save — a constraint violation, a statement timeout and a full
 * disk — raised after the response row was already updated in the save's transaction: the client
 * gets a clear 5xx (no SQL or stack in the body), and nothing of the save is stored (response,
 * change log, contributor). The next save works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../server/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { testConfig } from "../helpers/build-test-app.ts";
import { prepareLas, type LaLink } from "../support/fieldwork-setup.ts";

let db: TestDatabase;
let app: FastifyInstance;
let la: LaLink;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ las: [la] } = await prepareLas(db.pool, { laCount: 1 }));
  await db.pool.query(`
    ALTER TABLE response_changes ADD CONSTRAINT fault_probe_check CHECK (new_value IS DISTINCT FROM '"CONSTRAINT"'::jsonb);
    CREATE OR REPLACE FUNCTION fault_probe() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.new_value = '"DISKFULL"'::jsonb THEN
        RAISE EXCEPTION USING ERRCODE = 'disk_full', MESSAGE = 'could not extend file "base/16384/2619": No space left on device';
      END IF;
      IF NEW.new_value = '"TIMEOUT"'::jsonb THEN
        ${"$"}{TIMEOUT}
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER fault_probe BEFORE INSERT ON response_changes FOR EACH ROW EXECUTE FUNCTION fault_probe();`.replace(
      "${TIMEOUT}",
      // PostgreSQL: a real statement_timeout (set on the app's connections below) cancels the sleep.
      // The embedded database does not run timers, so there the trigger raises the same error itself.
      db.kind === "postgres"
        ? "PERFORM pg_sleep(3);"
        : "RAISE EXCEPTION USING ERRCODE = 'query_canceled', MESSAGE = 'canceling statement due to statement timeout';",
    ));
  const url = new URL(db.url);
  if (db.kind === "postgres") url.searchParams.set("options", "-c statement_timeout=500");
  app = await buildApp({ config: testConfig(), database: { url: url.toString(), kind: db.kind }, logger: false });
  await app.ready();
  await app.inject({ method: "GET", url: "/api/respondent/response", headers: { authorization: `Bearer ${la.token}` } });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await db?.close();
});

function save(version: number, changes: Record<string, unknown>, contributor = { name: "Ann Analyst", role: "Head of performance" }) {
  return app.inject({
    method: "PATCH",
    url: "/api/respondent/response",
    headers: { authorization: `Bearer ${la.token}`, "if-match": String(version) },
    payload: { changes, contributor },
  });
}

async function snapshot() {
  const { rows } = await db.pool.query(
    `SELECT r.data, r.field_versions, r.version, r.status, r.last_saved_at,
            (SELECT count(*)::int FROM response_changes c WHERE c.response_id = r.id) AS changes,
            (SELECT count(*)::int FROM respondent_contributors p WHERE p.la_code = r.la_code) AS contributors
       FROM responses r WHERE r.la_code = $1`,
    [la.laCode],
  );
  return rows[0];
}

describe("database errors during a save", () => {
  let version = 0;
  it("a normal save works first", async () => {
    const res = await save(0, { support_needed: "Ann" });
    expect(res.statusCode).toBe(200);
    version = res.json().version;
  });

  for (const [fault, value] of [
    ["a constraint violation", "CONSTRAINT"],
    ["a statement timeout", "TIMEOUT"],
    ["a full disk", "DISKFULL"],
  ] as const) {
    it(`${fault}: a clear 5xx, and nothing of the save is stored`, async () => {
      const before = await snapshot();
      // Several fields and a new contributor, so that a partial write would show.
      const res = await save(version, { final_comments: "Analyst", cms_product: "mosaic", link_example: value }, { name: `Bob ${value}`, role: "Data manager" });
      expect(res.statusCode).toBeGreaterThanOrEqual(500);
      expect(res.statusCode).toBeLessThan(600);
      const body = res.json();
      expect(body).toMatchObject({ statusCode: res.statusCode, error: expect.any(String) });
      expect(body.message).toMatch(/Nothing was saved/);
      expect(JSON.stringify(body)).not.toMatch(/response_changes|fault_probe|No space left|statement timeout|INSERT|at .*\.ts/);
      expect(await snapshot()).toEqual(before);
      const next = await save(version, { final_comments: "Analyst" });
      expect(next.statusCode).toBe(200);
      version = next.json().version;
    }, 30_000);
  }
});
