/**
 * Child process of bench/autosave-bench.ts: serves, on two loopback ports and the same database,
 *  - the real app (PATCH /api/respondent/response), and
 *  - the ceiling: a bare Fastify route doing one pg upsert of the same request body (pool max as the app's).
 * Prints `READY {"app":port,"ceiling":port}` when both listen. Env: DATABASE_URL, DB_POOL_MAX.
 * AUTOSAVE_OVERLAY=1: the app saves with the overlay statement of ./autosave-overlay.ts (bench only).
 */
import crypto from "node:crypto";
import fs from "node:fs";
import Fastify from "fastify";
import pg from "pg";
import { buildApp } from "../../server/app.ts";
import { loadConfig } from "../../server/config.ts";
import { ANSWERS, LAS, SETUP, SHAPES } from "./storage-shapes.ts";
import { OVERLAY_SETUP, swapInOverlayStatement } from "./autosave-overlay.ts";

const url = process.env.DATABASE_URL!;
const poolMax = Number(process.env.DB_POOL_MAX ?? 10);
if (process.env.AUTOSAVE_OVERLAY === "1") {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(OVERLAY_SETUP);
  await setup.end();
  swapInOverlayStatement();
}
const config = loadConfig({ LOG_LEVEL: "warn", SESSION_SECRET: crypto.randomBytes(24).toString("hex"), DB_POOL_MAX: String(poolMax) });
const app = await buildApp({ config, database: { url, kind: "postgres" }, logger: false });
await app.listen({ port: 0, host: "127.0.0.1" });

const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5_000 });
await pool.query(`CREATE TABLE IF NOT EXISTS bench_ceiling (la_code text PRIMARY KEY, data jsonb NOT NULL, version integer NOT NULL DEFAULT 1)`);
const ceiling = Fastify({ logger: false, bodyLimit: 256 * 1024 });
ceiling.patch<{ Params: { la: string } }>("/ceiling/:la", async (req) => {
  const { rows } = await pool.query(
    `INSERT INTO bench_ceiling (la_code, data) VALUES ($1, $2)
     ON CONFLICT (la_code) DO UPDATE SET data = EXCLUDED.data, version = bench_ceiling.version + 1 RETURNING version`,
    [req.params.la, JSON.stringify(req.body)],
  );
  return { version: rows[0].version, updates: {} };
});
// Diagnostic: the PATCH path's round trips without its logic (3 reads on the pool, then BEGIN, a row
// lock, an update, two inserts and COMMIT on one client): 9 round trips, as PATCH makes today.
await pool.query(`CREATE TABLE IF NOT EXISTS bench_ceiling_log (id bigserial PRIMARY KEY, la_code text NOT NULL, data jsonb NOT NULL)`);
ceiling.patch<{ Params: { la: string } }>("/round-trips/:la", async (req) => {
  const la = req.params.la;
  const body = JSON.stringify(req.body);
  await pool.query("SELECT la_code FROM las WHERE la_code = $1", [la]);
  await pool.query("SELECT version FROM bench_ceiling WHERE la_code = $1", [la]);
  await pool.query("SELECT version FROM bench_ceiling WHERE la_code = $1", [la]);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query("SELECT version FROM bench_ceiling WHERE la_code = $1 FOR UPDATE", [la]);
    const version = (rows[0]?.version ?? 0) + 1;
    await client.query(
      `INSERT INTO bench_ceiling (la_code, data) VALUES ($1, $2) ON CONFLICT (la_code) DO UPDATE SET data = EXCLUDED.data, version = $3`,
      [la, body, version],
    );
    await client.query("INSERT INTO bench_ceiling_log (la_code, data) VALUES ($1, '{}')", [la]);
    await client.query("INSERT INTO bench_ceiling_log (la_code, data) VALUES ($1, $2)", [la, body]);
    await client.query("COMMIT");
    return { version, updates: {} };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => {});
    throw err;
  } finally {
    client.release();
  }
});
// Diagnostic: the save statements of bench/lib/storage-shapes.ts (today's document shape, one row per
// answer, one row per page) behind bare routes, so that what a storage shape would allow over HTTP
// compares with the ceiling as PATCH does. Two values of the body are saved under random keys.
// (once per database: bench/autosave-bench.ts --overlay starts a second server on a database first seeded by another)
if (!(await pool.query("SELECT to_regclass('ceil') AS t")).rows[0].t) await pool.query(SETUP);
await pool.query("ANALYZE");
const laNumbers = new Map<string, number>();
for (const [i, r] of (await pool.query<{ la_code: string }>("SELECT la_code FROM las ORDER BY la_code")).rows.entries()) laNumbers.set(r.la_code, 1 + (i % LAS));
ceiling.patch<{ Params: { shape: string; la: string }; Body: { changes: Record<string, unknown> } }>("/shape/:shape/:la", async (req, reply) => {
  const text = SHAPES[req.params.shape];
  const la = laNumbers.get(req.params.la);
  if (!text || !la) return reply.code(404).send({});
  const [a, b] = Object.values(req.body.changes);
  const k = 1 + Math.floor(Math.random() * ANSWERS);
  const { rows } = await pool.query({
    name: `shape_${req.params.shape.replace(/\W/g, "_")}`,
    text,
    values: [la, `q${k}`, `q${(k % ANSWERS) + 1}`, JSON.stringify(a ?? null), JSON.stringify(b ?? null)],
  });
  return { version: rows[0]?.version ?? 0, updates: {} };
});
// CPU of the PostgreSQL backends serving this database (their process titles name it), from /proc:
// what a save costs the database, next to what it costs this process. 0 where /proc is not readable.
const dbName = new URL(url).pathname.slice(1);
const ticksMs = 1000 / 100; // USER_HZ
function postgresCpuMs(): number {
  let ms = 0;
  let pids: string[] = [];
  try {
    pids = fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "latin1");
      if (!cmd.startsWith("postgres: ") || !cmd.includes(` ${dbName} `)) continue;
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ms += (Number(f[11]) + Number(f[12])) * ticksMs; // utime, stime
    } catch {
      /* gone */
    }
  }
  return ms;
}

// CPU time of this process (both servers), read by the bench before and after each measurement.
ceiling.get("/cpu", async () => {
  const u = process.cpuUsage();
  // mono: this process's monotonic clock in µs, the clock of a V8 CPU profile's timestamps
  return { ms: (u.user + u.system) / 1000, pgMs: postgresCpuMs(), mono: Number(process.hrtime.bigint() / 1000n) };
});
await ceiling.listen({ port: 0, host: "127.0.0.1" });

const port = (s: typeof ceiling) => (s.server.address() as import("node:net").AddressInfo).port;
console.log(`READY ${JSON.stringify({ app: port(app as never), ceiling: port(ceiling) })}`);

const shutdown = async () => {
  await ceiling.close();
  await pool.end();
  await app.close();
  process.exit(0);
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
