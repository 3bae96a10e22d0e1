/**
 * How long `npm run demo` takes from a fresh data directory to a healthy service with the demo
 * fieldwork loaded (the demo loads before it listens): wall seconds, and CPU seconds (user + system)
 * of the whole process tree by then (Linux /proc), which a shared machine disturbs less.
 *
 *   npx tsx bench/demo-start.ts [--fresh-client] [--port N] [--root DIR]
 *
 * --root runs another checkout's `npm run demo` (e.g. main before a change) with the same timing.
 * --fresh-client also removes client/dist first, so the web client is built as on a fresh install.
 * Needs no DATABASE_URL (embedded database in a temporary DATA_DIR, removed afterwards).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { REPO_ROOT } from "../test/support/child-server.ts";

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
/** A port nobody listens on now (other engineers' services share this machine). */
async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const p = (srv.address() as net.AddressInfo).port;
  await new Promise((resolve) => srv.close(resolve));
  return p;
}
const port = arg("--port") ? Number(arg("--port")) : await freePort();
const root = path.resolve(arg("--root") ?? REPO_ROOT);
if (process.argv.includes("--fresh-client")) fs.rmSync(path.join(root, "client", "dist"), { recursive: true, force: true });
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-start-"));
const env = { ...process.env, DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: "warn" } as NodeJS.ProcessEnv;
delete env.DATABASE_URL;
const t0 = performance.now();
const child = spawn(process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/start.ts", "--demo"], { cwd: root, env, stdio: ["ignore", "pipe", "inherit"] });
let out = "";
child.stdout.on("data", (b: Buffer) => (out += b.toString()));
let healthy = -1;
while (child.exitCode === null) {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/health`);
    if (r.ok) {
      healthy = (performance.now() - t0) / 1000;
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 250));
}
// CPU seconds of the process tree so far (user + system, with waited-for children such as the client build)
function treeCpuSeconds(pid: number): number {
  const ticks = 100; // USER_HZ on Linux
  const stats = new Map<number, { ppid: number; cpu: number }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const f = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const rest = f.slice(f.lastIndexOf(")") + 2).split(" ");
      stats.set(Number(entry), { ppid: Number(rest[1]), cpu: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]) });
    } catch {
      // gone
    }
  }
  let total = 0;
  const walk = (p: number) => {
    const s = stats.get(p);
    if (s) total += s.cpu;
    for (const [child, st] of stats) if (st.ppid === p) walk(child);
  };
  walk(pid);
  return total / ticks;
}
const cpuSeconds = process.platform === "linux" && child.pid ? treeCpuSeconds(child.pid) : NaN;
const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
child.kill("SIGTERM");
await exited;
fs.rmSync(dataDir, { recursive: true, force: true });
const lines = out.trim().split("\n").filter((l) => /demo|submitted|LA/i.test(l)).slice(-3);
console.log(JSON.stringify({ root, healthy_after_s: Math.round(healthy * 10) / 10, cpu_s: Math.round(cpuSeconds * 10) / 10, load: os.loadavg().map((x) => Math.round(x * 10) / 10), demo_log: lines }, null, 1));
process.exit(healthy > 0 ? 0 : 1);
