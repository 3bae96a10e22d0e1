/**
 * Page weight of the survey route (/r): the JavaScript (and CSS) a browser downloads to open an LA's
 * link, gzipped, read from the built client (client/dist; built with `npm run build` if missing, or
 * with --build). The entry script from index.html, its static imports, and the lazily loaded
 * respondent chunk(s) with their static imports. The console chunk is listed for comparison.
 *
 *   npx tsx bench/page-weight.ts [--build]
 */
import { execSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { REPO_ROOT } from "../test/support/child-server.ts";

export interface BenchRow {
  benchmark: string;
  measure: string;
  value: string;
  note?: string;
}

const DIST = path.join(REPO_ROOT, "client/dist");

function staticImports(file: string): string[] {
  const src = fs.readFileSync(path.join(DIST, "assets", file), "utf8");
  const out = new Set<string>();
  for (const m of src.matchAll(/(?:\bfrom|\bimport)\s*["']\.\/([^"']+\.js)["']/g)) out.add(m[1]);
  return [...out];
}

function closure(start: string[]): string[] {
  const seen = new Set<string>();
  const todo = [...start];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...staticImports(f));
  }
  return [...seen];
}

const gz = (file: string) => zlib.gzipSync(fs.readFileSync(path.join(DIST, "assets", file)), { level: 9 }).length;
const raw = (file: string) => fs.statSync(path.join(DIST, "assets", file)).size;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

export async function run(opts: { build?: boolean } = {}): Promise<BenchRow[]> {
  if (opts.build || !fs.existsSync(path.join(DIST, "index.html"))) execSync("npm run build", { cwd: REPO_ROOT, stdio: "ignore" });
  const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const entry = [...html.matchAll(/<script[^>]+src="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const assets = fs.readdirSync(path.join(DIST, "assets"));
  const routeChunks = assets.filter((f) => /^respondent[-.].*\.js$/.test(f) || /^respondent-page-.*\.js$/.test(f));
  if (entry.length === 0 || routeChunks.length === 0) throw new Error("page weight: entry script or respondent chunk not found in client/dist");
  const js = closure([...entry, ...routeChunks]);
  const css = [
    ...[...html.matchAll(/<link[^>]+href="\/assets\/([^"]+\.css)"/g)].map((m) => m[1]),
    ...assets.filter((f) => /^respondent.*\.css$/.test(f)),
  ];
  const consoleJs = closure(assets.filter((f) => /^console-app-.*\.js$/.test(f))).filter((f) => !js.includes(f) || /^console/.test(f));
  const sum = (files: string[], f: (x: string) => number) => files.reduce((s, x) => s + f(x), 0);
  return [
    { benchmark: "page weight", measure: "survey route /r: JS gzipped", value: kb(sum(js, gz)), note: `${js.length} files, ${kb(sum(js, raw))} raw: ${js.join(", ")}` },
    { benchmark: "page weight", measure: "survey route /r: CSS gzipped", value: kb(sum(css, gz)), note: `${kb(sum(css, raw))} raw` },
    { benchmark: "page weight", measure: "console chunk JS gzipped (not loaded by /r)", value: kb(sum(consoleJs, gz)), note: `${kb(sum(consoleJs, raw))} raw` },
  ];
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${path.resolve(process.argv[1])}`).href;
if (isMain) {
  run({ build: process.argv.includes("--build") }).then((rows) => {
    for (const r of rows) console.log(`${r.measure}: ${r.value} (${r.note})`);
  });
}
