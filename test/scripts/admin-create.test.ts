import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { verifyPassword } from "../../server/lib/passwords.ts";
import { runScript } from "../helpers/run-script.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

function run(args: string[], input?: string) {
  return runScript("scripts/admin-create.ts", args, { databaseUrl: db.url, input });
}

describe("npm run admin:create", () => {
  it("creates an account with a password from stdin (argon2id hash, never the password)", async () => {
    const r = await run(["--email", "Lead@Example.org", "--role", "researcher", "--password-stdin"], "a long enough passphrase\n");
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Created researcher account lead@example.org/);
    expect(r.stdout).not.toMatch(/passphrase/);
    const { rows } = await db.pool.query(`SELECT role, password_hash FROM users WHERE email = 'lead@example.org'`);
    expect(rows[0].role).toBe("researcher");
    expect(rows[0].password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(rows[0].password_hash, "a long enough passphrase")).toBe(true);
  });

  it("generates a password and shows it once when none is given", async () => {
    const r = await run(["--email", "gen@example.org", "--generate"]);
    expect(r.status, r.stderr).toBe(0);
    const m = /Password \(shown once, store it now\): (\S+)/.exec(r.stdout);
    expect(m).not.toBeNull();
    const { rows } = await db.pool.query(`SELECT role, password_hash FROM users WHERE email = 'gen@example.org'`);
    expect(rows[0].role).toBe("admin");
    expect(await verifyPassword(rows[0].password_hash, m![1]!)).toBe(true);
  });

  it("refuses a weak password, a duplicate e-mail and an unknown role with a message and exit 1", async () => {
    const weak = await run(["--email", "weak@example.org", "--password-stdin"], "short");
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 12 characters/);
    const dup = await run(["--email", "LEAD@example.org", "--password-stdin"], "another long passphrase");
    expect(dup.status).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
    const role = await run(["--email", "r@example.org", "--role", "owner", "--generate"]);
    expect(role.status).not.toBe(0);
    expect(role.stderr).toMatch(/owner/);
  });
});
