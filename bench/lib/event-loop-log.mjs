/**
 * Loaded into a server process with NODE_OPTIONS=--import (bench/fieldwork-diagnose.ts): appends, every second, the
 * event-loop delay, GC time and CPU of the process to the file named by EVENT_LOOP_LOG.
 */
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import fs from "node:fs";
import dc from "node:diagnostics_channel";
import { createRequire } from "node:module";
import { isMainThread } from "node:worker_threads";
const file = process.env.EVENT_LOOP_LOG;
// NODE_OPTIONS reaches the server's worker threads too (validation, PDF rendering): only the main thread logs,
// or a worker's idle event loop would be read as the server's.
if (file && isMainThread) {
  // Server-side time of each request (headers parsed -> response finished), per method: a slow save whose
  // server time is short waited outside the handler (in the kernel's queue while the loop was busy, or in the client).
  const started = new WeakMap();
  let reqs = {};
  dc.subscribe("http.server.request.start", ({ request, response }) => started.set(response, { t: performance.now(), m: request.method }));
  dc.subscribe("http.server.response.finish", ({ response }) => {
    const s = started.get(response);
    if (!s) return;
    const ms = performance.now() - s.t;
    const r = (reqs[s.m] ??= { n: 0, sumMs: 0, maxMs: 0, over250: 0 });
    r.n++; r.sumMs += ms; r.maxMs = Math.max(r.maxMs, ms); if (ms > 250) r.over250++;
  });
  // The database pools' queues: requests waiting for a connection (sampled every 10 ms).
  const pools = new Set();
  let poolWaitMax = 0, poolTotalMax = 0;
  try {
    const pg = createRequire(import.meta.url)("pg");
    const connect = pg.Pool.prototype.connect;
    pg.Pool.prototype.connect = function (...args) { pools.add(this); return connect.apply(this, args); };
    setInterval(() => {
      for (const p of pools) { poolWaitMax = Math.max(poolWaitMax, p.waitingCount); poolTotalMax = Math.max(poolTotalMax, p.totalCount); }
    }, 10).unref();
  } catch { /* no pg here */ }
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let gcMs = 0, gcMax = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { gcMs += e.duration; gcMax = Math.max(gcMax, e.duration); } }).observe({ entryTypes: ["gc"] });
  const t0 = Date.now();
  setInterval(() => {
    const cpu = process.cpuUsage();
    fs.appendFileSync(file, JSON.stringify({ t: Math.round((Date.now() - t0) / 1000), at: Date.now(), eldMax: +(h.max / 1e6).toFixed(1), eldP99: +(h.percentile(99) / 1e6).toFixed(1), gcMs: +gcMs.toFixed(1), gcMax: +gcMax.toFixed(1), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.memoryUsage().rss / 1e6), reqs, poolWaitMax, poolTotalMax }) + "\n");
    h.reset(); gcMs = 0; gcMax = 0; reqs = {}; poolWaitMax = 0; poolTotalMax = 0;
  }, 1000).unref();
}

// CPU_PROF_FILE=<path> (with CPU_PROF_START_S and CPU_PROF_SECONDS): a V8 CPU profile of that window
// (--cpu-prof is not allowed in NODE_OPTIONS).
if (process.env.CPU_PROF_FILE && isMainThread) {
  const { Session } = await import("node:inspector");
  const session = new Session();
  session.connect();
  const startS = Number(process.env.CPU_PROF_START_S ?? 20);
  const seconds = Number(process.env.CPU_PROF_SECONDS ?? 20);
  setTimeout(() => {
    session.post("Profiler.enable", () =>
      session.post("Profiler.start", () => {
        setTimeout(() => {
          session.post("Profiler.stop", (err, r) => {
            if (!err) fs.writeFileSync(process.env.CPU_PROF_FILE, JSON.stringify(r.profile));
          });
        }, seconds * 1000).unref();
      }),
    );
  }, startS * 1000).unref();
}
