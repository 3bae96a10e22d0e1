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

const LAS = 150;
const ANSWERS = 175;
const PAGE = 15;

const SETUP = `
CREATE TABLE ceil (la int PRIMARY KEY, data jsonb NOT NULL, version int NOT NULL DEFAULT 1);
CREATE TABLE doc (id int PRIMARY KEY, data jsonb NOT NULL, field_versions jsonb NOT NULL, version int NOT NULL, last_saved_at timestamptz);
CREATE TABLE answers (response_id int NOT NULL REFERENCES doc(id), top text NOT NULL, value jsonb, versions jsonb NOT NULL, PRIMARY KEY (response_id, top));
CREATE TABLE pages (response_id int NOT NULL REFERENCES doc(id), page int NOT NULL, value jsonb NOT NULL, versions jsonb NOT NULL, PRIMARY KEY (response_id, page));
CREATE TABLE contrib (id bigserial PRIMARY KEY, la int, name text, role text, last_seen_at timestamptz, UNIQUE (la, name, role));
CREATE TABLE clog (id bigserial PRIMARY KEY, response_id int REFERENCES doc(id), version int, question text, old_value jsonb, new_value jsonb,
                   contributor_id bigint REFERENCES contrib(id), changed_at timestamptz DEFAULT now());
CREATE INDEX ON clog (response_id, version);
INSERT INTO doc SELECT la, (SELECT jsonb_object_agg('q'||i, md5(i::text||la::text)||' answer text '||i) FROM generate_series(1,${ANSWERS}) i),
  (SELECT jsonb_object_agg('q'||i, (i*7)%300) FROM generate_series(1,${ANSWERS}) i), 300, now() FROM generate_series(1,${LAS}) la;
INSERT INTO answers SELECT la, 'q'||i, to_jsonb(md5(i::text||la::text)||' answer text '||i), jsonb_build_object('q'||i, (i*7)%300)
  FROM generate_series(1,${LAS}) la, generate_series(1,${ANSWERS}) i;
INSERT INTO pages SELECT la, (i-1)/${PAGE}, jsonb_object_agg('q'||i, md5(i::text||la::text)||' answer text '||i), jsonb_object_agg('q'||i, (i*7)%300)
  FROM generate_series(1,${LAS}) la, generate_series(1,${ANSWERS}) i GROUP BY la, (i-1)/${PAGE};
INSERT INTO ceil SELECT la, '{}', 1 FROM generate_series(1,${LAS}) la;
INSERT INTO contrib (la, name, role) SELECT la, 'Bench', 'Head' FROM generate_series(1,${LAS}) la;
`;

// $1 la, $2 key 1, $3 key 2, $4 value 1, $5 value 2 (jsonb)
const CHANGES = `(VALUES ($2::text, $4::jsonb), ($3::text, $5::jsonb)) x(k, v)`;
const TAIL = `who AS (INSERT INTO contrib (la, name, role) VALUES ($1, 'Bench', 'Head') ON CONFLICT (la, name, role) DO UPDATE SET last_seen_at = now() RETURNING id),
log AS (INSERT INTO clog (response_id, version, question, old_value, new_value, contributor_id)
        SELECT cur.id, cur.version + 1, ch.k, ch.old, ch.v, (SELECT id FROM who) FROM cur, ch RETURNING 1)
SELECT (SELECT version FROM upd), (SELECT count(*) FROM log)`;

const SHAPES: Record<string, string> = {
  ceiling: `INSERT INTO ceil (la, data) VALUES ($1, jsonb_build_object('changes', jsonb_build_object($2::text, $4::jsonb, $3::text, $5::jsonb),
              'contributor', jsonb_build_object('name', 'Bench Contributor', 'role', 'Head of performance')))
            ON CONFLICT (la) DO UPDATE SET data = EXCLUDED.data, version = ceil.version + 1 RETURNING version`,
  document: `WITH cur AS (SELECT id, version, data, field_versions FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, cur.data -> x.k AS old FROM cur, ${CHANGES}),
upd AS (UPDATE doc d SET data = d.data || (SELECT jsonb_object_agg(k, v) FROM ch),
          field_versions = d.field_versions || (SELECT jsonb_object_agg(k, cur.version + 1) FROM ch),
          version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
  "row per answer": `WITH cur AS (SELECT id, version FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, a.value AS old FROM cur CROSS JOIN ${CHANGES} LEFT JOIN answers a ON a.response_id = cur.id AND a.top = x.k),
upa AS (INSERT INTO answers (response_id, top, value, versions) SELECT cur.id, ch.k, ch.v, jsonb_build_object(ch.k, cur.version + 1) FROM cur, ch
        ON CONFLICT (response_id, top) DO UPDATE SET value = EXCLUDED.value, versions = answers.versions || EXCLUDED.versions RETURNING 1),
upd AS (UPDATE doc d SET version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
  "row per page": `WITH cur AS (SELECT id, version FROM doc WHERE id = $1 FOR NO KEY UPDATE),
ch AS (SELECT x.k, x.v, (substr(x.k, 2)::int - 1) / ${PAGE} AS page, p.value -> x.k AS old
         FROM cur CROSS JOIN ${CHANGES} LEFT JOIN pages p ON p.response_id = cur.id AND p.page = (substr(x.k, 2)::int - 1) / ${PAGE}),
upp AS (UPDATE pages p SET value = p.value || c.vals, versions = p.versions || c.vers
          FROM (SELECT page, jsonb_object_agg(k, v) AS vals, jsonb_object_agg(k, (SELECT version + 1 FROM cur)) AS vers FROM ch GROUP BY page) c, cur
         WHERE p.response_id = cur.id AND p.page = c.page RETURNING 1),
upd AS (UPDATE doc d SET version = d.version + 1, last_saved_at = now() FROM cur WHERE d.id = cur.id RETURNING d.version),
${TAIL}`,
};

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
