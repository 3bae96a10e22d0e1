import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";

function runMain(env: Record<string, string>) {
  const e: Record<string, string | undefined> = { ...process.env, ...env };
  if (!("DATABASE_URL" in env)) delete e.DATABASE_URL;
  return spawnSync(process.execPath, ["--import", "tsx", "server/main.ts"], { env: e as NodeJS.ProcessEnv, encoding: "utf8", timeout: 60_000 });
}

describe("starting the service", () => {
  it("exits 1 naming the variable when the configuration is bad", () => {
    const r = runMain({ PORT: "eighty" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("Invalid configuration: PORT must be a whole number");
  });

  it("retries a database that is down, then exits non-zero with a clear message (no password shown)", () => {
    const r = runMain({ DATABASE_URL: "postgres://someone:s3cret-pw@127.0.0.1:1/nowhere", DB_CONNECT_RETRIES: "2", DB_CONNECT_RETRY_DELAY_MS: "50" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/retry 1\/2/);
    expect(r.stderr).toMatch(/Cannot start: Could not connect to the database at 127\.0\.0\.1:1\/nowhere after 3 attempts/);
    expect(r.stderr + r.stdout).not.toContain("s3cret-pw");
  });
});
