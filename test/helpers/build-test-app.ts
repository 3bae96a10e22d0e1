/** Build the real app on a fresh test database (see test-db.ts). */
import type { FastifyInstance } from "fastify";
import type pg from "pg";
import { buildApp } from "../../server/app.ts";
import { loadConfig, type AppConfig } from "../../server/config.ts";
import { createTestDatabase, type TestDatabase } from "./test-db.ts";

export interface TestApp {
  app: FastifyInstance;
  pool: pg.Pool;
  url: string;
  db: TestDatabase;
  config: AppConfig;
  close(): Promise<void>;
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const base = loadConfig({ LOG_LEVEL: "silent", SESSION_SECRET: "test-secret-test-secret-test-secret-0123", PUBLIC_URL: "http://localhost:3000" });
  return { ...base, ...overrides };
}

export async function buildTestApp(opts: { config?: Partial<AppConfig>; clientRoot?: string } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = testConfig(opts.config);
  const app = await buildApp({ config, database: { url: db.url, kind: db.kind }, logger: false, clientRoot: opts.clientRoot });
  await app.ready();
  return {
    app,
    pool: db.pool,
    url: db.url,
    db,
    config,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
