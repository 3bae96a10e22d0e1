/**
 * Where PATCH /api/respondent/response spends the server's CPU: runs only PATCH (as
 * bench/autosave-bench.ts does, same payloads) against the bench server started with a V8 CPU
 * profile, then prints the profile's top functions by self time, by package, and the inclusive
 * time of the request path's main stages.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/autosave-profile.ts [--seconds 15] [--connections 10] [--top 40] [--ceiling]
 *
 * --ceiling profiles the bare one-upsert route instead, for comparison.
 *
 * The profile (.cpuprofile, for Chrome DevTools) is kept in --out (default a temporary folder).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Command } from "commander";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { prepareLas } from "../test/support/fieldwork-setup.ts";
import { typicalSaves } from "./lib/typical-saves.ts";
import { measure, startServers } from "./autosave-bench.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}

function where(url: string): string {
  const nm = url.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith("node:")) return url;
  const i = url.indexOf("/server/");
  if (i >= 0) return url.slice(i + 1);
  if (url === "") return "(native)";
  return path.basename(url);
}

/** Self and inclusive milliseconds per function, and self per package, of the samples in [from, to] (µs). */
export function summarise(profile: Profile, top = 40, window?: { from: number; to: number }): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    if (window && (t < window.from || t > window.to)) return;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  let total = 0;
  let idle = 0;
  const fnSelf = new Map<string, number>();
  const fnIncl = new Map<string, number>();
  const pkgSelf = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const n = byId.get(id)!;
    const name = n.callFrame.functionName || "(anonymous)";
    total += us;
    if (name === "(idle)") {
      idle += us;
      continue;
    }
    const key = `${name} ${where(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
    fnSelf.set(key, (fnSelf.get(key) ?? 0) + us);
    const pkg = name.startsWith("(") ? name : where(n.callFrame.url);
    pkgSelf.set(pkg, (pkgSelf.get(pkg) ?? 0) + us);
    // inclusive: every distinct function on the stack once
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)!.callFrame;
      const k = `${f.functionName || "(anonymous)"} ${where(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(k)) continue;
      seen.add(k);
      fnIncl.set(k, (fnIncl.get(k) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const lines = [`busy ${(busy / 1000).toFixed(0)} ms of ${(total / 1000).toFixed(0)} ms profiled`, "", "self time by package:"];
  for (const [k, us] of [...pkgSelf].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push("", "self time by function:");
  for (const [k, us] of [...fnSelf].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  lines.push("", "inclusive time by function:");
  for (const [k, us] of [...fnIncl].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us)}  ${k}`);
  return lines;
}

async function main() {
  const o = new Command()
    .option("--seconds <s>", "seconds of PATCH load", "15")
    .option("--connections <n>", "concurrent connections", "10")
    .option("--top <n>", "functions listed", "40")
    .option("--out <dir>", "where the .cpuprofile goes")
    .option("--ceiling", "profile the bare one-upsert route instead of PATCH")
    .parse()
    .opts();
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("set DATABASE_URL to a PostgreSQL server");
  const out = o.out ?? fs.mkdtempSync(path.join(os.tmpdir(), "autosave-prof-"));
  fs.mkdirSync(out, { recursive: true });
  process.env.BENCH_CPU_PROF = out;
  let window: { from: number; to: number } | undefined;
  const db = await createBenchDatabase(adminUrl, "autosave_prof");
  try {
    const servers = await startServers(db.url);
    try {
      const { las, structure } = await prepareLas(db.pool);
      const payload = typicalSaves(structure);
      for (const la of las) await fetch(`http://127.0.0.1:${servers.app}/api/respondent/response`, { headers: { authorization: `Bearer ${la.token}` } });
      const versions = new Map<string, number>(las.map((l) => [l.laCode, 0]));
      const mono = async () => ((await (await fetch(`http://127.0.0.1:${servers.ceiling}/cpu`)).json()) as { mono: number }).mono;
      const from = await mono();
      const m = await measure({
        url: `http://127.0.0.1:${o.ceiling ? servers.ceiling : servers.app}`,
        cpuUrl: `http://127.0.0.1:${servers.ceiling}/cpu`,
        connections: Number(o.connections),
        duration: Number(o.seconds),
        las,
        versions,
        makeRequest: (la, version): { path: string; headers: Record<string, string>; body: string } => o.ceiling ? { path: `/ceiling/${la.laCode}`, headers: { "content-type": "application/json" }, body: payload() } : ({
          path: "/api/respondent/response",
          headers: { "content-type": "application/json", authorization: `Bearer ${la.token}`, "if-match": String(version) },
          body: payload(),
        }),
      });
      window = { from, to: await mono() };
      console.log(`${o.ceiling ? "ceiling" : "PATCH"} ${m.rps.toFixed(0)} req/s p50 ${m.p50} ms p99 ${m.p99} ms server CPU ${m.cpuPerRequest.toFixed(2)} ms/req, postgres ${m.pgCpuPerRequest.toFixed(2)} ms/req (non-2xx ${m.non2xx}, errors ${m.errors})`);
    } finally {
      await servers.stop();
    }
  } finally {
    await db.drop();
  }
  // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx's loader has its own)
  const file = fs.readdirSync(out).filter((f) => /\.0\.\d+\.cpuprofile$/.test(f)).map((f) => path.join(out, f)).sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!file) throw new Error(`no .cpuprofile in ${out}`);
  console.log(`profile: ${file} (load from ${window?.from} to ${window?.to} µs)`);
  for (const l of summarise(JSON.parse(fs.readFileSync(file, "utf8")) as Profile, Number(o.top), window)) console.log(l);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) main().catch((err) => {
  console.error(err);
  process.exit(1);
});
