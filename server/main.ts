/**
 * Starts the service: validate config, open the database (embedded or server) and migrate, build
 * the app, listen, and shut down gracefully (in-flight requests finish, the pool closes, the
 * embedded database closes last).
 */
import closeWithGrace from "close-with-grace";
import { ConfigError, loadConfig } from "./config.ts";
import { buildApp } from "./app.ts";
import { openDatabase } from "./db/open-database.ts";
import { loadReferenceData } from "./services/reference-data-loader.ts";

/** On a new database, load the LA register and Ofsted/context figures so the service is usable. */
async function ensureReferenceData(pool: import("pg").Pool, log: { info: (m: string) => void }) {
  const r = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM las");
  if (r.rows[0].n > 0) return;
  const summary = await loadReferenceData(pool);
  log.info(`Loaded reference data: ${summary.map((s) => `${s.dataset} +${s.added}`).join(", ")}`);
}

export interface StartOptions {
  /** Runs after migrations, before the server listens (e.g. loading reference or demo data). */
  beforeListen?: (ctx: { pool: import("pg").Pool; kind: "embedded" | "postgres"; config: import("./config.ts").AppConfig }) => Promise<void>;
}

export async function start(opts: StartOptions = {}): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = { info: (m: string) => console.log(m), warn: (m: string) => console.warn(m) };
  let db;
  try {
    db = await openDatabase(config, log);
  } catch (err) {
    console.error(`Cannot start: ${(err as Error).message}`);
    process.exit(1);
  }
  if (db.migrations.applied.length) log.info(`Applied migrations: ${db.migrations.applied.join(", ")}`);
  const app = await buildApp({ config, database: { url: db.url, kind: db.kind, singleConnection: db.singleConnection } });
  try {
    await ensureReferenceData(app.pg.pool, log);
    await opts.beforeListen?.({ pool: app.pg.pool, kind: db.kind, config });
  } catch (err) {
    console.error(`Cannot start: ${(err as Error).message}`);
    await app.close();
    await db.close();
    process.exit(1);
  }
  if (config.sessionSecretGenerated) {
    app.log.warn("SESSION_SECRET is not set: using a random secret for this run (researcher sessions end at restart).");
  }
  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, "shutting down after an uncaught error");
    else app.log.info(`${signal}: shutting down`);
    await app.close();
    await db.close();
  });
  await app.listen({ port: config.port, host: config.host });
  app.log.info(`LA Data Capability Audit on ${config.publicUrl} (database: ${db.kind})`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  start().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
