/**
 * The embedded PostgreSQL (PGlite, PostgreSQL 18 in WebAssembly) reached over the PostgreSQL wire
 * protocol through pglite-socket, so the app uses the same `pg` code path as on a real server.
 *
 * Only one process may open a data directory: a lock file (proper-lockfile) guards it, and a second
 * process gets a clear error instead of corrupting the data.
 */
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import lockfile from "proper-lockfile";

export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

export class DataDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DataDirError";
  }
}

export interface EmbeddedOptions {
  /** Directory holding `pglite/` (persisted). Omit for an in-memory database. */
  dataDir?: string;
  /** A dump made by dumpDataDir() to start from (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  maxConnections: number;
  /** How long to wait for another process to release the data directory (ms). */
  lockWaitMs?: number;
}

export async function startEmbeddedDatabase(opts: EmbeddedOptions): Promise<EmbeddedDatabase> {
  let release: (() => Promise<void>) | undefined;
  let dataPath: string | undefined;
  if (opts.dataDir) {
    try {
      fs.mkdirSync(opts.dataDir, { recursive: true });
      fs.accessSync(opts.dataDir, fs.constants.W_OK);
    } catch (err) {
      throw new DataDirError(`DATA_DIR ${opts.dataDir} is not writable: ${(err as Error).message}`);
    }
    dataPath = path.join(opts.dataDir, "pglite");
    const wait = opts.lockWaitMs ?? 12_000;
    try {
      release = await lockfile.lock(opts.dataDir, {
        lockfilePath: path.join(opts.dataDir, "pglite.lock"),
        stale: 5_000,
        update: 2_000,
        retries: { retries: Math.max(0, Math.ceil(wait / 1000)), minTimeout: 1000, maxTimeout: 1000, factor: 1 },
        onCompromised: (err) => {
          // Another process took the lock: stop writing rather than risk corruption.
          console.error(`Embedded database lock lost (${err.message}); exiting.`);
          process.exit(1);
        },
      });
    } catch (err) {
      if ((err as { code?: string }).code === "ELOCKED") {
        throw new DataDirError(
          `DATA_DIR ${opts.dataDir} is already in use by another process (embedded database lock held). ` +
            `Stop the other process, or set DATA_DIR to another directory, or set DATABASE_URL to use a PostgreSQL server.`,
        );
      }
      throw err;
    }
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataPath ?? "memory://", opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {});
  } catch (err) {
    await release?.();
    throw new DataDirError(`Could not open the embedded database in ${dataPath ?? "memory"}: ${(err as Error).message}`);
  }
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: opts.maxConnections });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let stopped = false;
  return {
    url,
    db,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db.close();
      await release?.();
    },
  };
}
