/**
 * The service as it runs in production, in a child process: `node --import tsx server/main.ts` on a
 * free loopback port, with DATABASE_URL (a PostgreSQL server) or DATA_DIR (embedded database).
 */
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  baseUrl: string;
  /** stdout + stderr so far (for failure messages). */
  output(): string;
  /** Resolves with the exit code / signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startChildServer(
  db: { databaseUrl: string } | { dataDir: string },
  opts: { port?: number; env?: Record<string, string>; healthTimeoutMs?: number } = {},
): Promise<ChildServer> {
  const port = opts.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    SESSION_SECRET: crypto.randomBytes(24).toString("hex"),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...opts.env,
  };
  if ("databaseUrl" in db) {
    env.DATABASE_URL = db.databaseUrl;
  } else {
    delete env.DATABASE_URL;
    env.DATA_DIR = db.dataDir;
  }
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], { cwd: REPO_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out = (out + d).slice(-20_000)));
  child.stderr!.on("data", (d) => (out = (out + d).slice(-20_000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const until = Date.now() + (opts.healthTimeoutMs ?? 120_000);
  let exitedEarly: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  exited.then((e) => (exitedEarly = e));
  for (;;) {
    if (exitedEarly) throw new Error(`server exited during start-up (code ${exitedEarly.code}, signal ${exitedEarly.signal}):\n${out}`);
    try {
      const r = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (r.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > until) {
      child.kill("SIGKILL");
      throw new Error(`server did not become healthy in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    child,
    port,
    baseUrl,
    output: () => out,
    exited,
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}
