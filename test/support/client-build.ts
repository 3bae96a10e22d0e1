/**
 * The built client for browser tests, built at most once however many test files ask for it at the
 * same time: test files run in parallel, and two `vite build`s into one client/dist would each
 * empty the folder the other is writing. A lock directory (created atomically by mkdir) lets one
 * process build while the others wait, then find the client fresh.
 */
import { execSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { clientIsStale } from "../../scripts/lib/client-freshness.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIST = path.join(ROOT, "client/dist");
const LOCK = path.join(os.tmpdir(), `lada-client-build-${crypto.createHash("sha1").update(ROOT).digest("hex").slice(0, 12)}.lock`);

const isStale = () => clientIsStale(ROOT);

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** A lock left by a process that has gone (a killed run) is taken over. */
function lockHolderGone(): boolean {
  try {
    const pid = Number(fs.readFileSync(path.join(LOCK, "pid"), "utf8"));
    if (!pid) return Date.now() - fs.statSync(LOCK).mtimeMs > 60_000; // pid not written yet, or never
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH" || (err as NodeJS.ErrnoException).code === "ENOENT";
  }
}

/** client/dist, built first unless it is newer than every file in client/src and the build's own files. */
export function ensureFreshClient(): string {
  if (!isStale()) return DIST;
  for (;;) {
    try {
      fs.mkdirSync(LOCK);
    } catch {
      if (lockHolderGone()) fs.rmSync(LOCK, { recursive: true, force: true });
      else pause(500);
      if (!isStale()) return DIST;
      continue;
    }
    try {
      fs.writeFileSync(path.join(LOCK, "pid"), String(process.pid));
      if (isStale()) execSync("npm run build:client", { cwd: ROOT, stdio: "inherit" });
      return DIST;
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
