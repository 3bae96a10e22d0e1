/**
 * Which storage shape of a response lets a save reach half the one-upsert ceiling, in SQL alone (no
 * HTTP, no Node logic): each shape's save is one statement doing what PATCH's statement does — lock
 * the response, write two answers and their field versions, bump the version, upsert the
 * contributor, append two change-log rows — against 150 responses of 175 answers (~11 KB of text,
 * ~7 KB stored compressed). Shapes:
 *  - document: today's `responses.data` / `field_versions` jsonb documents (`data || changes`, which
 *    rewrites and recompresses the whole TOASTed document and its WAL on every save);
 *  - row per answer: one row per top-level key (value + the field versions of that key), the
 *    response row keeps only the version;
 *  - row per page: one row per page of ~15 answers (~1 KB, stored inline, not TOASTed).
 * The ceiling is the upsert of the request body into a one-row-per-LA table (bench/autosave-bench.ts's
 * ceiling without HTTP). Rounds alternate the shapes; medians are printed, with WAL bytes per save.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/autosave-storage-bench.ts [--seconds 5] [--rounds 3] [--connections 10]
 */
import pg from "pg";
import { Command } from "commander";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { ANSWERS, LAS, SETUP, SHAPES } from "./lib/storage-shapes.ts";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function measure(pool: pg.Pool, shape: string, connections: number, seconds: number) {
  const text = SHAPES[shape];
  const name = `s_${shape.replace(/\W/g, "_")}`;
  const wal0 = (await pool.query("SELECT pg_current_wal_lsn() AS l")).rows[0].l as string;
  const end = Date.now() + seconds * 1000;
  let n = 0;
  const lat: number[] = [];
  await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const client = await pool.connect();
      try {
        for (let i = 0; Date.now() < end; i++) {
          const la = 1 + ((w + i * connections) % LAS);
          const k = 1 + Math.floor(Math.random() * ANSWERS);
          const t0 = performance.now();
          await client.query({ name, text, values: [la, `q${k}`, `q${(k % ANSWERS) + 1}`, JSON.stringify(`answer ${n}`), JSON.stringify(`x ${n}`)] });
          lat.push(performance.now() - t0);
          n++;
        }
      } finally {
        client.release();
      }
    }),
  );
  const walBytes = Number((await pool.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b", [wal0])).rows[0].b);
  lat.sort((a, b) => a - b);
  return { tps: n / seconds, p99: lat[Math.floor(lat.length * 0.99)] ?? 0, walPerSave: walBytes / Math.max(1, n) };
}

const o = new Command().option("--seconds <n>", "per measurement", "5").option("--rounds <n>", "rounds", "3").option("--connections <n>", "connections", "10").parse().opts();
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it)");
const db = await createBenchDatabase(adminUrl, "storage", { reference: false });
const pool = new pg.Pool({ connectionString: db.url, max: Number(o.connections) });
try {
  await pool.query(SETUP);
  await pool.query("VACUUM ANALYZE");
  const sizes = (await pool.query(`SELECT avg(pg_column_size(data))::int AS d, avg(pg_column_size(field_versions))::int AS f, avg(length(data::text))::int AS t FROM doc`)).rows[0];
  console.log(`${LAS} responses of ${ANSWERS} answers: data ${sizes.t} B as text, ${sizes.d} B stored; field_versions ${sizes.f} B stored`);
  const results: Record<string, { tps: number; p99: number; walPerSave: number }[]> = {};
  for (let r = 0; r < Number(o.rounds); r++) {
    for (const shape of Object.keys(SHAPES)) {
      const m = await measure(pool, shape, Number(o.connections), Number(o.seconds));
      (results[shape] ??= []).push(m);
      console.log(`round ${r + 1} ${shape}: ${m.tps.toFixed(0)} saves/s, p99 ${m.p99.toFixed(1)} ms, WAL ${m.walPerSave.toFixed(0)} B/save`);
    }
  }
  const ceiling = median(results.ceiling.map((x) => x.tps));
  console.log(`\nshape             saves/s  of ceiling  p99 ms  WAL B/save   (${o.connections} connections, medians of ${o.rounds} rounds)`);
  for (const [shape, ms] of Object.entries(results)) {
    const tps = median(ms.map((x) => x.tps));
    console.log(`${shape.padEnd(16)} ${tps.toFixed(0).padStart(8)}  ${((100 * tps) / ceiling).toFixed(0).padStart(9)}%  ${median(ms.map((x) => x.p99)).toFixed(1).padStart(6)}  ${median(ms.map((x) => x.walPerSave)).toFixed(0).padStart(10)}`);
  }
} finally {
  await pool.end();
  await db.drop();
}
