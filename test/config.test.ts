import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../server/config.ts";

describe("config", () => {
  it("has working defaults with no configuration", () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir).toMatch(/data$/);
    expect(c.publicUrl).toBe("http://localhost:3000");
    expect(c.sessionSecretGenerated).toBe(true);
    expect(c.sessionSecret.length).toBeGreaterThanOrEqual(64);
    expect(loadConfig({}).sessionSecret).not.toBe(c.sessionSecret); // never a fixed default
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x@y/z" }, "DATABASE_URL"],
    [{ DATABASE_URL: "not a url" }, "DATABASE_URL"],
    [{ PUBLIC_URL: "ftp://example.org" }, "PUBLIC_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ SESSION_SECRET: "short" }, "SESSION_SECRET"],
    [{ NODE_ENV: "production" }, "SESSION_SECRET"],
    [{ SMTP_HOST: "localhost", SMTP_PORT: "x" }, "SMTP_PORT"],
    [{ DB_POOL_MAX: "0" }, "DB_POOL_MAX"],
  ])("rejects %j naming %s", (env, variable) => {
    let err: unknown;
    try {
      loadConfig(env as Record<string, string>);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).variable).toBe(variable);
    expect((err as Error).message).toContain(variable);
  });

  it("accepts a PostgreSQL URL and strips a trailing slash from PUBLIC_URL", () => {
    const c = loadConfig({ DATABASE_URL: "postgres://u:p@db:5432/audit", PUBLIC_URL: "https://audit.example.org/" });
    expect(c.databaseUrl).toBe("postgres://u:p@db:5432/audit");
    expect(c.publicUrl).toBe("https://audit.example.org");
  });
});
