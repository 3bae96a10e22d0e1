/**
 * Run one of the project's command-line scripts against a test database, as a user would
 * (`node --import tsx scripts/<name>.ts ...`). Asynchronous spawn: an embedded test database is
 * served from this process's event loop, so a blocking spawnSync would deadlock.
 */
import { spawn } from "node:child_process";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");

export interface ScriptResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runScript(script: string, args: string[], opts: { databaseUrl: string; input?: string; env?: Record<string, string> }): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: opts.databaseUrl, LOG_LEVEL: "silent", DB_CONNECT_RETRIES: "0", ...opts.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(opts.input ?? "");
  });
}
