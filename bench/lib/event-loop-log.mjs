/**
 * Loaded into a server process with NODE_OPTIONS=--import (bench/fieldwork-diagnose.ts): appends, every second, the
 * event-loop delay, GC time and CPU of the process to the file named by EVENT_LOOP_LOG.
 */
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import fs from "node:fs";
const file = process.env.EVENT_LOOP_LOG;
if (file) {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let gcMs = 0, gcMax = 0;
  new PerformanceObserver((l) => { for (const e of l.getEntries()) { gcMs += e.duration; gcMax = Math.max(gcMax, e.duration); } }).observe({ entryTypes: ["gc"] });
  const t0 = Date.now();
  setInterval(() => {
    const cpu = process.cpuUsage();
    fs.appendFileSync(file, JSON.stringify({ t: Math.round((Date.now() - t0) / 1000), at: Date.now(), eldMax: +(h.max / 1e6).toFixed(1), eldP99: +(h.percentile(99) / 1e6).toFixed(1), gcMs: +gcMs.toFixed(1), gcMax: +gcMax.toFixed(1), cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssMb: Math.round(process.memoryUsage().rss / 1e6) }) + "\n");
    h.reset(); gcMs = 0; gcMax = 0;
  }, 1000).unref();
}

// CPU_PROF_FILE=<path> (with CPU_PROF_START_S and CPU_PROF_SECONDS): a V8 CPU profile of that window
// (--cpu-prof is not allowed in NODE_OPTIONS).
if (process.env.CPU_PROF_FILE) {
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
