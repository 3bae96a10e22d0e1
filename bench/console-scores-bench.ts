/**
 * Researcher score views on the full demo fieldwork (153 LAs, 66 indicators): API request costs and
 * in-browser times (real Chromium) for the heat map, LA profile and indicator ranking, each against
 * a baseline measured in the same run (GET /api/health for the API; the fieldwork dashboard page
 * for the browser). Medians of --runs.
 *
 *   npx tsx bench/console-scores-bench.ts [--runs 5]     (embedded database; DATABASE_URL=... for a server)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execSync } from "node:child_process";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { buildApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { createUser } from "../server/services/user-admin-service.ts";
import { openDemoBenchDatabase } from "./lib/bench-database.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// a private copy of the built client (others may rebuild client/dist meanwhile)
if (!fs.existsSync(path.join(ROOT, "client/dist/index.html"))) execSync("npm run build", { cwd: ROOT, stdio: "inherit" });
const client = fs.mkdtempSync(path.join(os.tmpdir(), "scores-bench-client-"));
fs.cpSync(path.join(ROOT, "client/dist"), client, { recursive: true });

const config = { ...loadConfig({ LOG_LEVEL: "silent", SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00" }), loginRateLimitPerMinute: 10_000 };
const { url, pool, demo, stop } = await openDemoBenchDatabase("console_scores_bench", config);
const email = "bench@research.example";
const password = "correct horse battery staple";
await createUser(pool, { email, role: "researcher", password }, { actor: "bench", actorKind: "system" });
const app = await buildApp({ config, database: { url, kind: process.env.DATABASE_URL ? "postgres" : "embedded" }, logger: false, clientRoot: client });
await app.listen({ port: 0, host: "127.0.0.1" });
const addr = app.server.address();
if (!addr || typeof addr === "string") throw new Error("no address");
const base = `http://127.0.0.1:${addr.port}`;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// ---- API
const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email, password } });
const cookie = String(login.headers["set-cookie"]).split(";")[0]!;
async function get(p: string, withCookie = true) {
  const r = await app.inject({ method: "GET", url: p, headers: withCookie ? { cookie } : {} });
  if (r.statusCode !== 200) throw new Error(`${p} -> ${r.statusCode} ${r.body.slice(0, 200)}`);
  return r;
}
const matrix = JSON.parse((await get("/api/admin/scores?status=all")).body) as { las: { laCode: string }[]; indicators: unknown[] };
const someLa = matrix.las[0]!.laCode;
const apiCases: [string, () => Promise<unknown>][] = [
  ["baseline: GET /api/health", () => get("/api/health", false)],
  ["GET /api/admin/scores (matrix, all started)", () => get("/api/admin/scores?status=all")],
  ["GET /api/admin/scores/:laCode (profile + explanations)", () => get(`/api/admin/scores/${someLa}`)],
  ["GET /api/admin/indicators/summary", () => get("/api/admin/indicators/summary")],
  ["GET /api/admin/case-studies/typology", () => get("/api/admin/case-studies/typology")],
];
for (const [, fn] of apiCases) await fn();
const apiResults = [] as { name: string; ms: number }[];
for (const [name, fn] of apiCases) {
  const xs: number[] = [];
  for (let i = 0; i < runs * 3; i++) xs.push(await time(fn));
  apiResults.push({ name, ms: median(xs) });
}

// ---- browser
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"] });
const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
page.setDefaultTimeout(120_000);
await page.goto(`${base}/console`);
await page.getByLabel("E-mail address").fill(email);
await page.getByLabel("Password").fill(password);
await page.getByRole("button", { name: "Sign in" }).click();
await page.getByRole("button", { name: "Sign out" }).waitFor();

/** Milliseconds from navigation start to `ready` resolving, measured in the page clock. */
async function pageTime(p: string, ready: () => Promise<unknown>): Promise<number> {
  await page.goto("about:blank");
  const t0 = Date.now();
  await page.goto(`${base}${p}`);
  await ready();
  return Date.now() - t0;
}
const allStatus = async () => {
  await page.locator("table.heatmap").waitFor();
  await page.getByLabel("Responses").selectOption("all");
  await page.locator(`table.heatmap tbody tr >> nth=${matrix.las.length - 1}`).waitFor();
};
const browserCases: [string, () => Promise<number>][] = [
  ["baseline: fieldwork dashboard (/console)", () => pageTime("/console", () => page.locator(".recharts-surface").first().waitFor())],
  ["heat map, submitted LAs (/console/scores)", () => pageTime("/console/scores", () => page.locator("table.heatmap tbody tr").first().waitFor())],
  ["heat map, switch to all started LAs", async () => {
    await page.goto(`${base}/console/scores`);
    await page.locator("table.heatmap").waitFor();
    const t0 = Date.now();
    await page.getByLabel("Responses").selectOption("all");
    await page.locator(`table.heatmap tbody tr >> nth=${matrix.las.length - 1}`).waitFor();
    return Date.now() - t0;
  }],
  ["heat map, sort by an indicator column (all LAs)", async () => {
    await page.goto(`${base}/console/scores`);
    await allStatus();
    const btn = page.locator("table.heatmap thead th.ind-head button").first();
    const t0 = Date.now();
    await btn.click();
    await page.locator("table.heatmap thead th.ind-head[aria-sort=descending]").first().waitFor();
    return Date.now() - t0;
  }],
  ["LA profile with every explanation (/console/scores/:laCode)", () => pageTime(`/console/scores/${someLa}`, () => page.locator("section.indicator-explanation").last().waitFor())],
  ["indicator ranking with charts (/console/indicators)", () => pageTime("/console/indicators", () => page.locator(".recharts-surface").nth(2).waitFor())],
];
for (const [, fn] of browserCases) await fn();
const browserResults = [] as { name: string; ms: number }[];
for (const [name, fn] of browserCases) {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await fn());
  browserResults.push({ name, ms: median(xs) });
}
await page.goto(`${base}/console/scores`);
await allStatus();
const cells = await page.locator("table.heatmap td.cell a").count();

console.log(
  `console scores bench: ${runs} runs (API ${runs * 3}), database ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}; demo fieldwork: ` +
    `${demo.submitted} submitted, ${demo.inProgress} in progress; heat map of all started LAs: ${matrix.las.length} LAs x ${matrix.indicators.length} indicators = ${cells} cell links`,
);
console.log("| request | median | vs baseline |\n|---|---|---|");
for (const r of apiResults) console.log(`| ${r.name} | ${r.ms.toFixed(1)} ms | ${(r.ms / apiResults[0]!.ms).toFixed(1)}× |`);
console.log("| page (Chromium) | median | vs baseline |\n|---|---|---|");
for (const r of browserResults) console.log(`| ${r.name} | ${r.ms.toFixed(0)} ms | ${(r.ms / browserResults[0]!.ms).toFixed(1)}× |`);

await browser.close();
await app.close();
await stop();
fs.rmSync(client, { recursive: true, force: true });
