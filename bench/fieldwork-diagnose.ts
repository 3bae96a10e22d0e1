/**
 * Where the fieldwork simulation's slow saves come from: runs bench/fieldwork-load.ts's simulation
 * against a child server and, per second of the run, prints the saves slower than --slow ms, what
 * PostgreSQL sessions were waiting for (pg_stat_activity sampled every 100 ms), the server's
 * event-loop delay and GC time, and this (client) process's event-loop delay. A stall that shows in
 * every column at once is the machine; one that shows only in lock waits is the database; one only
 * in the server's event loop is Node.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/fieldwork-diagnose.ts --seconds 60
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { Command } from "commander";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { REPO_ROOT, startChildServer } from "../test/support/child-server.ts";
import { prepareLas } from "../test/support/fieldwork-setup.ts";
import { runFieldwork, summarise } from "../test/support/fieldwork-simulation.ts";

const o = new Command().option("--seconds <n>", "duration", "60").option("--las <n>", "LAs", "153").option("--slow <ms>", "a slow save", "250").parse().opts();
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server");
const db = await createBenchDatabase(adminUrl, "fwdiag");
const eldLog = path.join(os.tmpdir(), `fieldwork-diagnose-${process.pid}.jsonl`);
const seconds = Number(o.seconds);
let server: Awaited<ReturnType<typeof startChildServer>> | undefined;
try {
  server = await startChildServer({ databaseUrl: db.url }, {
    env: {
      NODE_OPTIONS: `--import ${path.join(REPO_ROOT, "bench/lib/event-loop-log.mjs")}`,
      EVENT_LOOP_LOG: eldLog,
      // CPU_PROF_FILE=<path>: also a V8 CPU profile of the server from 20 s to 40 s after its start.
      ...(process.env.CPU_PROF_FILE ? { CPU_PROF_FILE: process.env.CPU_PROF_FILE } : {}),
    },
  });
  const { las, structure } = await prepareLas(db.pool, { laCount: Number(o.las) });
  const t0 = Date.now();
  const sec = () => Math.floor((Date.now() - t0) / 1000);
  type Bucket = { saves: number; slow: number; maxMs: number; waits: Map<string, number>; active: number; samples: number; clientEld: number; clientCpuMs: number };
  const buckets = new Map<number, Bucket>();
  const bucket = (s: number) => {
    let b = buckets.get(s);
    if (!b) buckets.set(s, (b = { saves: 0, slow: 0, maxMs: 0, waits: new Map(), active: 0, samples: 0, clientEld: 0, clientCpuMs: 0 }));
    return b;
  };
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  let clientCpu = process.cpuUsage();
  const sampler = setInterval(async () => {
    const s = sec();
    const cpuNow = process.cpuUsage();
    bucket(s).clientCpuMs += (cpuNow.user - clientCpu.user + cpuNow.system - clientCpu.system) / 1000;
    clientCpu = cpuNow;
    const { rows } = await db.pool
      .query<{ w: string; n: number }>(
        `SELECT COALESCE(wait_event_type || ':' || wait_event, 'cpu') AS w, count(*)::int AS n
           FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`,
      )
      .catch(() => ({ rows: [] }));
    const b = bucket(s);
    b.samples++;
    for (const r of rows) {
      b.active += r.n;
      if (r.w !== "cpu") b.waits.set(r.w, (b.waits.get(r.w) ?? 0) + r.n);
    }
    b.clientEld = Math.max(b.clientEld, eld.max / 1e6);
    eld.reset();
  }, 100);
  let seen = 0;
  const timed: { s: number; ms: number }[] = [];
  const requests: { method: string; s: number; ms: number; first: boolean }[] = [];
  const slow = Number(o.slow);
  const result = await runFieldwork({
    baseUrl: server.baseUrl,
    las,
    structure,
    seconds,
    seed: 1,
    onRequest: (r) => requests.push({ method: r.method, s: Math.floor((r.startedAt - t0) / 1000), ms: r.ms, first: r.first }),
    onSaved: (r) => {
      for (; seen < r.patchLatencyMs.length; seen++) {
        const ms = r.patchLatencyMs[seen];
        const b = bucket(sec());
        timed.push({ s: sec(), ms });
        b.saves++;
        b.maxMs = Math.max(b.maxMs, ms);
        if (ms > slow) b.slow++;
      }
    },
  });
  clearInterval(sampler);
  type ServerReqs = Record<string, { n: number; sumMs: number; maxMs: number; over250: number }>;
  const server1s = new Map<number, { eldMax: number; gcMs: number; gcMax: number; cpuMs: number; reqs: ServerReqs; poolWaitMax: number; poolTotalMax: number }>();
  let prevCpu = 0;
  for (const line of fs.existsSync(eldLog) ? fs.readFileSync(eldLog, "utf8").trim().split("\n") : []) {
    const x = JSON.parse(line);
    const s = Math.floor((x.at - t0) / 1000);
    server1s.set(s, { eldMax: x.eldMax, gcMs: x.gcMs, gcMax: x.gcMax, cpuMs: x.cpuMs - prevCpu, reqs: x.reqs ?? {}, poolWaitMax: x.poolWaitMax, poolTotalMax: x.poolTotalMax });
    prevCpu = x.cpuMs;
  }
  // by the second each request STARTED (the table above is by the second a save ended)
  const started = new Map<number, { get: number[]; first: number[]; patch: number[] }>();
  for (const r of requests) {
    let b = started.get(r.s);
    if (!b) started.set(r.s, (b = { get: [], first: [], patch: [] }));
    (r.method === "GET" ? b.get : r.first ? b.first : b.patch).push(r.ms);
  }
  const nMax = (xs: number[]) => (xs.length ? `${xs.length}/${Math.max(...xs).toFixed(0)}` : "-");
  const srv = (x: ServerReqs | undefined, m: string) => (x?.[m] ? `${x[m].n}/${(x[m].sumMs / x[m].n).toFixed(0)}/${x[m].maxMs.toFixed(0)}` : "-");
  console.log("by start second: client GET n/max, first PATCH n/max, other PATCH n/max | server GET n/mean/max, PATCH n/mean/max, pool waiting max / open max");
  const lastS = Math.max(...[...started.keys(), ...server1s.keys()]);
  for (let s = 0; s <= Math.min(lastS, 15); s++) {
    const b = started.get(s);
    const sv = server1s.get(s);
    console.log(
      `${String(s).padEnd(4)} ${(b ? nMax(b.get) : "-").padStart(10)} ${(b ? nMax(b.first) : "-").padStart(10)} ${(b ? nMax(b.patch) : "-").padStart(10)} | ` +
        `${srv(sv?.reqs, "GET").padStart(12)} ${srv(sv?.reqs, "PATCH").padStart(12)}  ${sv ? `${sv.poolWaitMax} / ${sv.poolTotalMax}` : "-"}`,
    );
  }
  const ofKind = (f: (r: (typeof requests)[number]) => boolean) => summarise(requests.filter(f).map((r) => r.ms));
  const fmt = (l: ReturnType<typeof summarise>) => `n ${l.n} p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(1)} ms`;
  console.log(`GET (all): ${fmt(ofKind((r) => r.method === "GET"))}`);
  console.log(`first PATCH of each contributor: ${fmt(ofKind((r) => r.method === "PATCH" && r.first))}`);
  console.log(`other PATCHes: ${fmt(ofKind((r) => r.method === "PATCH" && !r.first))}`);
  const slowBy = new Map<string, number>();
  for (const r of requests) {
    if (r.method !== "PATCH" || r.ms <= 500) continue;
    const span = r.s < 5 ? "0-4 s" : r.s < 10 ? "5-9 s" : r.s < 30 ? "10-29 s" : "30 s+";
    slowBy.set(span, (slowBy.get(span) ?? 0) + 1);
  }
  console.log(`PATCHes over 500 ms by start second: ${[...slowBy].map(([k, n]) => `${k}: ${n}`).join(", ") || "none"}`);
  console.log("s    saves slow  max(ms) pg-active/sample  pg waits (sessions x samples)        server: eld max / gc ms (max) / cpu ms   client eld max / cpu ms");
  for (const s of [...buckets.keys()].sort((a, b) => a - b)) {
    const b = buckets.get(s)!;
    const sv = server1s.get(s);
    const waits = [...b.waits].sort((x, y) => y[1] - x[1]).slice(0, 3).map(([w, n]) => `${w} ${n}`).join(", ");
    console.log(
      `${String(s).padEnd(4)} ${String(b.saves).padStart(5)} ${String(b.slow).padStart(4)} ${b.maxMs.toFixed(0).padStart(8)} ${(b.active / Math.max(1, b.samples)).toFixed(1).padStart(8)}          ${waits.padEnd(36)} ` +
        `${sv ? `${sv.eldMax} / ${sv.gcMs} (${sv.gcMax}) / ${sv.cpuMs}` : "-"}   ${b.clientEld.toFixed(0)} / ${b.clientCpuMs.toFixed(0)}`,
    );
  }
  const lat = summarise(result.patchLatencyMs);
  // the first saves meet the start-up (arrivals, first compiles); the rest is steady fieldwork
  const firstSave = timed.length ? timed[0].s : 0;
  const steady = summarise(timed.filter((x) => x.s >= firstSave + 10).map((x) => x.ms));
  console.log(`saves (200) from 10 s after the first one: p50 ${steady.p50.toFixed(1)} p99 ${steady.p99.toFixed(1)} max ${steady.max.toFixed(1)} ms`);
  console.log(`PATCH ${result.patches}, saved ${result.saved}, 409 ${result.conflicts}, unexpected ${result.unexpected.length}; p50 ${lat.p50.toFixed(1)} p90 ${lat.p90.toFixed(1)} p99 ${lat.p99.toFixed(1)} max ${lat.max.toFixed(1)} ms`);
} finally {
  await server?.stop();
  await db.drop();
  fs.rmSync(eldLog, { force: true });
}
