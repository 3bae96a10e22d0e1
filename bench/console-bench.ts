/**
 * Researcher-console request costs (wall and process CPU time; ratios use CPU, which shared-machine load distorts less) on a full fieldwork (153 LAs with demo responses, contributors
 * and change history), medians of --runs, each against a baseline measured in the same run
 * (GET /api/auth/me: session and user lookup, the fixed cost of every console request). Runs are interleaved (each run
 * times every case once) so that load from other processes affects all cases alike.
 *
 *   npx tsx bench/console-bench.ts [--runs 15]          (embedded database; DATABASE_URL=... for a server)
 */
import { parseArgs } from "node:util";
import { buildApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { createUser } from "../server/services/user-admin-service.ts";
import { openDemoBenchDatabase } from "./lib/bench-database.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "15" } } });
const runs = Number(values.runs);

const config = { ...loadConfig({ LOG_LEVEL: "silent", SESSION_SECRET: "bench-secret-bench-secret-bench-secret-00" }), loginRateLimitPerMinute: 10_000 };
const { url, pool, demo, stop } = await openDemoBenchDatabase("console_bench", config);
await createUser(pool, { email: "bench@research.example", role: "admin", password: "correct horse battery staple" }, { actor: "bench", actorKind: "system" });
const changes = (await pool.query(`SELECT count(*)::int AS n FROM response_changes`)).rows[0].n;
const app = await buildApp({ config, database: { url, kind: process.env.DATABASE_URL ? "postgres" : "embedded" }, logger: false });
await app.ready();

const login = await app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "bench@research.example", password: "correct horse battery staple" } });
const cookie = String(login.headers["set-cookie"]).split(";")[0]!;

/** Wall time and CPU time of this process (app + embedded database run in-process), in ms. */
async function time(fn: () => Promise<unknown>): Promise<{ wall: number; cpu: number }> {
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e6, cpu: (c.user + c.system) / 1000 };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function get(path: string) {
  const r = await app.inject({ method: "GET", url: path, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(`${path} -> ${r.statusCode} ${r.body.slice(0, 200)}`);
  return r;
}

const cases: [string, () => Promise<unknown>][] = [
  ["baseline: GET /api/auth/me (session + user lookup, paid by every console request)", () => get("/api/auth/me")],
  ["POST /api/auth/login (argon2id verify, m=19 MiB t=2)", () => app.inject({ method: "POST", url: "/api/auth/login", payload: { email: "bench@research.example", password: "correct horse battery staple" } })],
  ["GET /api/admin/fieldwork/summary", () => get("/api/admin/fieldwork/summary")],
  ["GET /api/admin/fieldwork/las (153 LAs, % complete)", () => get("/api/admin/fieldwork/las")],
  ["GET /api/admin/fieldwork/las/:laCode/timeline", () => get("/api/admin/fieldwork/las/202/timeline")],
  [`GET /api/admin/audit/export.csv (whole trail)`, () => get("/api/admin/audit/export.csv")],
];

// warm-up (compiles the definition structure once, fills caches)
for (const [, fn] of cases) await fn();
// round-robin: every run times each case once, so load from other processes hits all cases alike
const samples = cases.map(() => [] as { wall: number; cpu: number }[]);
for (let i = 0; i < runs; i++) {
  for (let c = 0; c < cases.length; c++) samples[c]!.push(await time(cases[c]![1]));
}
const results = cases.map(([name], c) => ({ name, wall: median(samples[c]!.map((x) => x.wall)), cpu: median(samples[c]!.map((x) => x.cpu)) }));
const base = results[0]!.cpu;
console.log(`console bench: ${runs} runs each, database ${process.env.DATABASE_URL ? "PostgreSQL server" : "embedded PGlite"}; demo fieldwork: ` +
  `${demo.inProgress} in progress, ${demo.submitted} submitted, ${demo.notStarted} not started; ${changes} answer changes`);
console.log("| request | median wall | median CPU | vs baseline (CPU) |\n|---|---|---|---|");
for (const r of results) console.log(`| ${r.name} | ${r.wall.toFixed(1)} ms | ${r.cpu.toFixed(1)} ms | ${(r.cpu / base).toFixed(1)}× |`);

await app.close();
await stop();
