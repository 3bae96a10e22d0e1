/**
 * npm start / npm run demo — builds the web client if it is missing or older than its sources, then starts the service
 * (embedded database unless DATABASE_URL is set). --demo also loads the synthetic demo fieldwork
 * and prints a demo login.
 */
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { start } from "../server/main.ts";
import { clientIsStale } from "./lib/client-freshness.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const demo = process.argv.includes("--demo");

if (clientIsStale(root)) {
  console.log(fs.existsSync(path.join(root, "client/dist/index.html")) ? "Building the web client (its sources changed)…" : "Building the web client (first run)…");
  execFileSync(process.execPath, [path.join(root, "node_modules/vite/bin/vite.js"), "build", "--config", "client/vite.config.ts", "--logLevel", "warn"], {
    cwd: root,
    stdio: "inherit",
  });
}

await start({
  beforeListen: demo
    ? async (ctx) => {
        const { loadDemoData } = await import("../server/services/demo-data.ts");
        await loadDemoData(ctx.pool, { force: false, log: console.log, config: ctx.config });
      }
    : undefined,
});
