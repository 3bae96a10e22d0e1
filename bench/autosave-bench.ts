/**
 * Autosave throughput: PATCH /api/respondent/response (the real app: token check, merge, change log)
 * against its ceiling, a bare Fastify route doing one pg upsert of the same request body, measured
 * in the same run on the same database (autocannon, 10 and 50 connections, each connection saving
 * one LA at a time with the If-Match version it last got back, so every save really changes data).
 * Goal: PATCH >= 50% of the ceiling's requests/s, and p99 < 30 ms at 10 connections.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/autosave-bench.ts [--duration 10] [--rounds 1]
 *
 * Both servers run in one child process (pool max 10 each, as the app's default); autocannon runs in
 * this one. Rounds alternate ceiling / app so that drifting machine speed hits both alike; the
 * reported figure is the median over rounds.
 */
import { spawn } from "node:child_process";
import readline from "node:readline";
import autocannon from "autocannon";
import type pg from "pg";
import { Command } from "commander";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { REPO_ROOT } from "../test/support/child-server.ts";
import { prepareLas, type LaLink } from "../test/support/fieldwork-setup.ts";
import { typicalSaves } from "./lib/typical-saves.ts";
import { OVERLAY_SETUP } from "./lib/autosave-overlay.ts";
import { answerFields, randomValue, seededRandom } from "../test/support/answer-fields.ts";

export interface BenchRow {
  benchmark: string;
  measure: string;
  value: string;
  note?: string;
}

interface Measured {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  statuses: string;
  total: number;
  /** Server CPU milliseconds per request (user + system of the server process / requests). */
  cpuPerRequest: number;
  /** CPU milliseconds per request of the PostgreSQL backends serving the bench database (10 ms ticks). */
  pgCpuPerRequest: number;
  /** WAL bytes per request (the whole cluster's pg_current_wal_lsn moves; run alone). 0 without a pool. */
  walPerRequest: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

export async function startServers(databaseUrl: string, opts: { overlay?: boolean } = {}): Promise<{ app: number; ceiling: number; stop(): Promise<void> }> {
  // BENCH_CPU_PROF=<dir>: write a V8 CPU profile of the servers (for finding where PATCH time goes).
  const prof = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, "--import", "tsx", "bench/lib/autosave-bench-server.ts"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, DB_POOL_MAX: "10", AUTOSAVE_OVERLAY: opts.overlay ? "1" : "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  const ports = await new Promise<{ app: number; ceiling: number }>((resolve, reject) => {
    const rl = readline.createInterface({ input: child.stdout! });
    rl.on("line", (line) => {
      if (line.startsWith("READY ")) resolve(JSON.parse(line.slice(6)));
    });
    child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
  });
  return {
    ...ports,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

async function serverCpuMs(cpuUrl: string): Promise<{ ms: number; pgMs: number }> {
  return (await (await fetch(cpuUrl)).json()) as { ms: number; pgMs: number };
}

export async function measure(opts: {
  url: string;
  cpuUrl: string;
  connections: number;
  duration: number;
  las: LaLink[];
  /** Last version each LA's response returned (kept across measurements). */
  versions: Map<string, number>;
  makeRequest: (la: LaLink, version: number) => { path: string; headers: Record<string, string>; body: string };
  /** A pool on the server, for the WAL written during the measurement. */
  walPool?: pg.Pool;
}): Promise<Measured> {
  const lsn = async () => (opts.walPool ? ((await opts.walPool.query("SELECT pg_current_wal_lsn()::text AS l")).rows[0].l as string) : null);
  const wal0 = await lsn();
  const cpuBefore = await serverCpuMs(opts.cpuUrl);
  const m = await cannon(opts);
  const cpuAfter = await serverCpuMs(opts.cpuUrl);
  const wal = opts.walPool && wal0 ? Number((await opts.walPool.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b", [wal0])).rows[0].b) : 0;
  const per = (x: number) => (m.total > 0 ? x / m.total : 0);
  return { ...m, cpuPerRequest: per(cpuAfter.ms - cpuBefore.ms), pgCpuPerRequest: per(cpuAfter.pgMs - cpuBefore.pgMs), walPerRequest: per(wal) };
}

function cannon(opts: Parameters<typeof measure>[0]): Promise<Omit<Measured, "cpuPerRequest" | "pgCpuPerRequest" | "walPerRequest">> {
  const free = [...opts.las];
  const versions = opts.versions;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        duration: opts.duration,
        requests: [
          {
            method: "PATCH",
            setupRequest(req: any, context: any) {
              const la = free.shift();
              if (!la) throw new Error("more connections than LAs");
              context.la = la;
              const r = opts.makeRequest(la, versions.get(la.laCode)!);
              req.path = r.path;
              req.headers = r.headers;
              req.body = r.body;
              return req;
            },
            onResponse(status: number, body: string, context: any) {
              const la: LaLink = context.la;
              try {
                const v = JSON.parse(body).version;
                if (typeof v === "number") versions.set(la.laCode, v);
              } catch {
                /* not JSON */
              }
              free.push(la);
            },
          },
        ],
      } as any,
      (err: Error | null, r: any) => {
        if (err) return reject(err);
        const statuses = Object.entries(r.statusCodeStats ?? {})
          .filter(([code]) => !code.startsWith("2"))
          .map(([code, v]: [string, any]) => `${code} x${v.count}`)
          .join(", ");
        resolve({ rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts, statuses, total: r.requests.total });
      },
    );
  });
}

export async function run(
  opts: { duration?: number; rounds?: number; diagnostics?: boolean; overlay?: boolean; log?: (l: string) => void } = {},
): Promise<BenchRow[]> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("autosave bench: set DATABASE_URL to a PostgreSQL server");
  const duration = opts.duration ?? 10;
  const rounds = opts.rounds ?? 1;
  const db = await createBenchDatabase(adminUrl, "autosave");
  const servers = await startServers(db.url).catch(async (e) => {
    await db.drop();
    throw e;
  });
  // --overlay: a second database and child process whose app saves with the overlay statement
  // (bench/lib/autosave-overlay.ts), measured in each round after the real PATCH.
  const odb = opts.overlay ? await createBenchDatabase(adminUrl, "autosave_overlay") : undefined;
  let oservers: Awaited<ReturnType<typeof startServers>> | undefined;
  try {
    const { las, structure } = await prepareLas(db.pool);
    const payload = typicalSaves(structure);
    // Open every response once, as the page does before saving.
    for (const la of las) await fetch(`http://127.0.0.1:${servers.app}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
    const versions = new Map<string, number>(las.map((l) => [l.laCode, 0]));
    let overlay: { las: LaLink[]; versions: Map<string, number>; payload: () => string } | undefined;
    if (odb) {
      // Both databases start from the same full responses (every answer given once, ~10 KB as text),
      // saved through the real PATCH (documents and change log alike), so the real PATCH rewrites a
      // document of fieldwork size from the first save and the overlay starts empty over it.
      const fields = answerFields(structure);
      const seed = async (port: number, seedLas: LaLink[], kept: Map<string, number>) => {
        const rand = seededRandom(7);
        for (const la of seedLas) {
          const changes = Object.fromEntries(fields.map((f) => [f.key, randomValue(f.spec, rand, `seed ${la.laCode}`)]));
          const res = await fetch(`http://127.0.0.1:${port}/api/respondent/response`, {
            method: "PATCH",
            headers: { "content-type": "application/json", authorization: `Bearer ${la.token}`, "if-match": "0" },
            body: JSON.stringify({ changes, contributor: { name: "Seed", role: "Head of performance" } }),
          });
          if (!res.ok) throw new Error(`seeding ${la.laCode}: ${res.status} ${await res.text()}`);
          kept.set(la.laCode, ((await res.json()) as { version: number }).version);
        }
      };
      await seed(servers.app, las, versions);
      const o = await prepareLas(odb.pool);
      const oversions = new Map<string, number>();
      const seeding = await startServers(odb.url);
      try {
        for (const la of o.las) await fetch(`http://127.0.0.1:${seeding.app}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
        await seed(seeding.app, o.las, oversions);
      } finally {
        await seeding.stop();
      }
      // Mid-fieldwork every answer saved since the last compaction (submit) lives in the overlay: one
      // row per top-level key, holding the document's value (field versions still from the document).
      // Also gives the planner a table of its real size before the statement's plan is cached.
      await odb.pool.query(OVERLAY_SETUP);
      await odb.pool.query(`INSERT INTO response_fields (response_id, top, value) SELECT r.id, d.key, d.value FROM responses r, jsonb_each(r.data) d`);
      oservers = await startServers(odb.url, { overlay: true });
      for (const la of o.las) await fetch(`http://127.0.0.1:${oservers.app}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
      // statistics of the seeded tables before any save statement is planned (and cached)
      await db.pool.query("ANALYZE");
      await odb.pool.query("ANALYZE");
      const { rows: size } = await db.pool.query("SELECT count(*)::int AS n, avg(length(data::text))::int AS text, avg(pg_column_size(data))::int AS stored FROM responses");
      log(`seeded ${size[0].n} responses of ${fields.length} answers in both databases: data ${size[0].text} B as text, ${size[0].stored} B stored`);
      overlay = { las: o.las, versions: oversions, payload: typicalSaves(o.structure) };
    }
    const cpuUrl = `http://127.0.0.1:${servers.ceiling}/cpu`;
    const results: Record<string, { ceiling: Measured[]; app: Measured[]; overlay: Measured[]; trips: Measured[]; shapes: Record<string, Measured[]> }> = {};
    // the save statement of a storage shape behind a bare route (bench/lib/storage-shapes.ts)
    const SHAPE_ROUTES = opts.diagnostics === false ? {} : ({ document: "document", "row per answer": "row%20per%20answer" } as const);
    // A bare route of the ceiling server (`/<route>/<LA code>`), with this run's save bodies.
    const requestFor = (route: string) => (la: LaLink) => ({ path: `/${route}/${la.laCode}`, headers: { "content-type": "application/json" }, body: payload() });
    const patchRequest = (la: LaLink, version: number) => ({
      path: "/api/respondent/response",
      headers: { "content-type": "application/json", authorization: `Bearer ${la.token}`, "if-match": String(version) },
      body: payload(),
    });
    for (const connections of [10, 50]) {
      results[connections] = { ceiling: [], app: [], overlay: [], trips: [], shapes: {} };
      const on = (port: number, makeRequest: Parameters<typeof measure>[0]["makeRequest"], kept = new Map<string, number>()) =>
        measure({ url: `http://127.0.0.1:${port}`, cpuUrl, connections, duration, las, versions: kept, makeRequest, walPool: db.pool });
      for (let round = 0; round < rounds; round++) {
        const c = await on(servers.ceiling, requestFor("ceiling"));
        const a = await on(servers.app, patchRequest, versions);
        if (overlay && oservers) {
          const ov = overlay;
          const o = await measure({
            url: `http://127.0.0.1:${oservers.app}`, cpuUrl: `http://127.0.0.1:${oservers.ceiling}/cpu`, connections, duration,
            las: ov.las, versions: ov.versions, walPool: db.pool,
            makeRequest: (la, version) => ({ ...patchRequest(la, version), body: ov.payload() }),
          });
          results[connections].overlay.push(o);
          log(`autosave ${connections} connections round ${round + 1}: overlay PATCH ${o.rps.toFixed(0)} req/s (${((100 * o.rps) / c.rps).toFixed(0)}%) ` +
            `p50 ${o.p50} p99 ${o.p99} ms cpu ${o.cpuPerRequest.toFixed(2)} ms/req (postgres ${o.pgCpuPerRequest.toFixed(2)}) WAL ${o.walPerRequest.toFixed(0)} B/req ` +
            `(non-2xx ${o.non2xx}${o.statuses ? `: ${o.statuses}` : ""}, errors ${o.errors}); real PATCH WAL ${a.walPerRequest.toFixed(0)} B/req, ceiling ${c.walPerRequest.toFixed(0)} B/req`);
        }
        const rt = opts.diagnostics === false ? undefined : await on(servers.ceiling, requestFor("round-trips"));
        if (rt) results[connections].trips.push(rt);
        for (const [shape, route] of Object.entries(SHAPE_ROUTES)) {
          const m = await on(servers.ceiling, requestFor(`shape/${route}`));
          (results[connections].shapes[shape] ??= []).push(m);
          log(`autosave ${connections} connections round ${round + 1}: bare route, ${shape} shape statement ${m.rps.toFixed(0)} req/s p99 ${m.p99} ms (non-2xx ${m.non2xx})`);
        }
        log(`autosave ${connections} connections round ${round + 1}: ceiling ${c.rps.toFixed(0)} req/s p99 ${c.p99} ms cpu ${c.cpuPerRequest.toFixed(2)} ms/req (postgres ${c.pgCpuPerRequest.toFixed(2)}); ` +
          `PATCH ${a.rps.toFixed(0)} req/s (${((100 * a.rps) / c.rps).toFixed(0)}%) p50 ${a.p50} p99 ${a.p99} ms cpu ${a.cpuPerRequest.toFixed(2)} ms/req (postgres ${a.pgCpuPerRequest.toFixed(2)}) (non-2xx ${a.non2xx}${a.statuses ? `: ${a.statuses}` : ""}, errors ${a.errors}); ` +
          (rt ? `bare route with PATCH's 9 round trips ${rt.rps.toFixed(0)} req/s p99 ${rt.p99} ms cpu ${rt.cpuPerRequest.toFixed(2)} ms/req` : ""));
        results[connections].ceiling.push(c);
        results[connections].app.push(a);
      }
    }
    const rows: BenchRow[] = [];
    for (const connections of [10, 50]) {
      const c = results[connections].ceiling;
      const a = results[connections].app;
      const cr = median(c.map((x) => x.rps));
      const ar = median(a.map((x) => x.rps));
      const bad = a.reduce((s, x) => s + x.non2xx + x.errors, 0);
      rows.push(
        {
          benchmark: "autosave",
          measure: `ceiling (1 upsert) req/s, ${connections} conn`,
          value: cr.toFixed(0),
          note: `p99 ${median(c.map((x) => x.p99))} ms; server CPU ${median(c.map((x) => x.cpuPerRequest)).toFixed(2)} ms/req`,
        },
        { benchmark: "autosave", measure: `PATCH req/s, ${connections} conn`, value: ar.toFixed(0), note: `${((100 * ar) / cr).toFixed(0)}% of ceiling (goal >= 50%); server CPU ${median(a.map((x) => x.cpuPerRequest)).toFixed(2)} ms/req, postgres ${median(a.map((x) => x.pgCpuPerRequest)).toFixed(2)} ms/req (ceiling ${median(c.map((x) => x.pgCpuPerRequest)).toFixed(2)}); WAL ${median(a.map((x) => x.walPerRequest)).toFixed(0)} B/req (ceiling ${median(c.map((x) => x.walPerRequest)).toFixed(0)})` },
        {
          benchmark: "autosave",
          measure: `PATCH p50 / p99 ms, ${connections} conn`,
          value: `${median(a.map((x) => x.p50))} / ${median(a.map((x) => x.p99))}`,
          note: (connections === 10 ? "goal p99 < 30 ms; " : "") + `non-2xx or errors: ${bad}`,
        },
        ...overlayRows(connections, results[connections].overlay, cr),
        ...(results[connections].trips.length === 0 ? [] : [{
          benchmark: "autosave",
          measure: `bare route, PATCH's 9 round trips, req/s, ${connections} conn`,
          value: median(results[connections].trips.map((x) => x.rps)).toFixed(0),
          note: `diagnostic: p99 ${median(results[connections].trips.map((x) => x.p99))} ms; server CPU ${median(results[connections].trips.map((x) => x.cpuPerRequest)).toFixed(2)} ms/req`,
        }]),
        ...Object.entries(results[connections].shapes).map(([shape, ms]) => {
          const r = median(ms.map((x) => x.rps));
          return {
            benchmark: "autosave",
            measure: `bare route, ${shape} shape save statement, req/s, ${connections} conn`,
            value: r.toFixed(0),
            note: `diagnostic: ${((100 * r) / cr).toFixed(0)}% of ceiling; p99 ${median(ms.map((x) => x.p99))} ms; non-2xx ${ms.reduce((s, x) => s + x.non2xx, 0)}`,
          };
        }),
      );
    }
    if (overlay && oservers) {
      // WAL per save without the rest of the machine: one connection, sequential saves, after a
      // pause long enough for the apps' debounced score recomputes (20 s) to have run.
      const ov = overlay;
      const probes: [string, number, LaLink[], Map<string, number>, () => string][] = [
        ["real PATCH", servers.app, las, versions, payload],
        ["overlay PATCH", oservers.app, ov.las, ov.versions, ov.payload],
      ];
      for (const [name, port, probeLas, kept, body] of probes) {
        await new Promise((r) => setTimeout(r, 25_000));
        const wal0 = (await db.pool.query("SELECT pg_current_wal_lsn()::text AS l")).rows[0].l as string;
        let saved = 0;
        for (let n = 0; n < 300; n++) {
          const la = probeLas[n % probeLas.length];
          const res = await fetch(`http://127.0.0.1:${port}/api/respondent/response`, {
            method: "PATCH",
            headers: { "content-type": "application/json", authorization: `Bearer ${la.token}`, "if-match": String(kept.get(la.laCode) ?? 0) },
            body: body(),
          });
          const v = ((await res.json()) as { version?: number }).version;
          if (res.ok && typeof v === "number") {
            kept.set(la.laCode, v);
            saved++;
          }
        }
        const wal = Number((await db.pool.query("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS b", [wal0])).rows[0].b);
        log(`WAL probe, ${name}: ${saved} of 300 sequential saves, ${(wal / 300).toFixed(0)} B of WAL per save`);
      }
    }
    if (odb) {
      // HOT updates of the response row: the overlay leaves its TOASTed documents untouched
      for (const [name, d] of [["real", db], ["overlay", odb]] as const) {
        const { rows: st } = await d.pool.query(
          "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname IN ('responses', 'response_fields') ORDER BY relname",
        );
        for (const t of st) log(`${name} database, ${t.relname}: ${t.n_tup_upd} updates, ${t.n_tup_hot_upd} HOT`);
      }
    }
    return rows;
  } finally {
    await servers.stop();
    await oservers?.stop();
    await db.drop();
    await odb?.drop();
  }
}

function overlayRows(connections: number, o: Measured[], ceilingRps: number): BenchRow[] {
  if (o.length === 0) return [];
  const r = median(o.map((x) => x.rps));
  return [
    {
      benchmark: "autosave",
      measure: `overlay PATCH req/s, ${connections} conn`,
      value: r.toFixed(0),
      note: `bench/lib/autosave-overlay.ts; ${((100 * r) / ceilingRps).toFixed(0)}% of ceiling; server CPU ${median(o.map((x) => x.cpuPerRequest)).toFixed(2)} ms/req, postgres ${median(o.map((x) => x.pgCpuPerRequest)).toFixed(2)} ms/req; WAL ${median(o.map((x) => x.walPerRequest)).toFixed(0)} B/req`,
    },
    {
      benchmark: "autosave",
      measure: `overlay PATCH p50 / p99 ms, ${connections} conn`,
      value: `${median(o.map((x) => x.p50))} / ${median(o.map((x) => x.p99))}`,
      note: `non-2xx or errors: ${o.reduce((s, x) => s + x.non2xx + x.errors, 0)}`,
    },
  ];
}

export function printTable(rows: BenchRow[]): void {
  const cols = ["benchmark", "measure", "value", "note"] as const;
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells: string[]) => cells.map((s, i) => s.padEnd(w[i])).join("  ").trimEnd();
  console.log(line([...cols]));
  console.log(line(w.map((x) => "-".repeat(x))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c] ?? ""))));
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const o = new Command()
    .option("--duration <s>", "seconds per measurement", "10")
    .option("--rounds <n>", "rounds (median reported)", "1")
    .option("--overlay", "also measure PATCH served with the overlay statement (bench/lib/autosave-overlay.ts), on a second database")
    .option("--no-diagnostics", "measure only the ceiling and PATCH (not the bare round-trip and storage-shape routes)")
    .parse()
    .opts();
  run({ duration: Number(o.duration), rounds: Number(o.rounds), diagnostics: o.diagnostics !== false, overlay: o.overlay === true })
    .then((rows) => printTable(rows))
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
