/**
 * How long `npm run demo` takes from a fresh data directory to a healthy service with the demo
 * fieldwork loaded (the demo loads before it listens): wall seconds, and CPU seconds of the service
 * process tree as reported by the child's resource usage after it stops.
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
const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
child.kill("SIGTERM");
await exited;
fs.rmSync(dataDir, { recursive: true, force: true });
const lines = out.trim().split("\n").filter((l) => /demo|submitted|LA/i.test(l)).slice(-3);
console.log(JSON.stringify({ root, healthy_after_s: Math.round(healthy * 10) / 10, load: os.loadavg().map((x) => Math.round(x * 10) / 10), demo_log: lines }, null, 1));
process.exit(healthy > 0 ? 0 : 1);
