/**
 * `npm run bench`: every benchmark present, one table. Imports each bench/<name>.ts that exports
 * `run()` (autosave, export, scoring, case-study selection, page weight; a missing file is skipped),
 * runs them one after the other, and prints a single table (benchmark | measure | value | note) after
 * a header naming the date and the machine. Benchmarks that need PostgreSQL (autosave, fieldwork)
 * are skipped with a reason when DATABASE_URL is not set.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench
 *   npm run bench -- --only autosave,page-weight --runs 3 --fieldwork-seconds 60
 *   npm run bench -- --no-fieldwork
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Command } from "commander";
import pg from "pg";
import { REPO_ROOT } from "../test/support/child-server.ts";

interface TableRow {
  benchmark: string;
  measure: string;
  value: string;
  note: string;
}

type AnyRow = Record<string, unknown>;

const fmt = (v: unknown): string => {
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toPrecision(2);
  if (v === null || v === undefined) return "";
  return typeof v === "object" ? JSON.stringify(v) : String(v);
};

/** Rows of any bench's run(): {measure, value, note} as is; {name, median_ms, ...} as "median ms" plus the rest as notes. */
function toTable(benchmark: string, row: AnyRow): TableRow {
  if (typeof row.measure === "string" && row.value !== undefined) {
    return { benchmark: String(row.benchmark ?? benchmark), measure: row.measure, value: fmt(row.value), note: fmt(row.note) };
  }
  const label = String(row.name ?? row.measure ?? "");
  const value = typeof row.median_ms === "number" ? `${fmt(row.median_ms)} ms` : "";
  const note = Object.entries(row)
    .filter(([k, v]) => !["name", "measure", "median_ms", "benchmark"].includes(k) && v !== null && v !== undefined && v !== "")
    .map(([k, v]) => `${k} ${fmt(v)}`)
    .join(", ");
  return { benchmark, measure: label, value, note };
}

interface Bench {
  name: string;
  file: string;
  needsDatabase?: boolean;
  options: (o: { runs?: number }) => Record<string, unknown>;
}

const BENCHES: Bench[] = [
  { name: "autosave", file: "autosave-bench.ts", needsDatabase: true, options: (o) => ({ rounds: o.runs ? Math.max(1, Math.min(3, o.runs)) : 1 }) },
  { name: "export", file: "export-bench.ts", options: (o) => ({ runs: o.runs }) },
  { name: "scoring", file: "scoring-bench.ts", options: (o) => ({ runs: o.runs }) },
  { name: "submit validation", file: "submit-validation-bench.ts", options: (o) => ({ runs: o.runs }) },
  { name: "case-study selection", file: "case-study-bench.ts", options: (o) => ({ runs: o.runs }) },
  { name: "page weight", file: "page-weight.ts", options: () => ({}) },
];

async function machine(): Promise<string> {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  let pgVersion = "no DATABASE_URL";
  if (process.env.DATABASE_URL) {
    const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
    try {
      await c.connect();
      pgVersion = `PostgreSQL ${(await c.query("SHOW server_version")).rows[0].server_version}`;
    } catch (err) {
      pgVersion = `PostgreSQL unreachable (${(err as Error).message})`;
    } finally {
      await c.end().catch(() => {});
    }
  }
  const load = os.loadavg().map((x) => x.toFixed(1)).join(" ");
  return `${new Date().toISOString()} · ${os.hostname()} · ${os.cpus().length} × ${cpu} · ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB · load ${load} · Node ${process.version} · ${pgVersion}`;
}

export function printTable(rows: TableRow[]): void {
  const cols = ["benchmark", "measure", "value", "note"] as const;
  const w = cols.map((c) => Math.max(c.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => `| ${cells.map((s, i) => s.padEnd(w[i])).join(" | ")} |`;
  console.log(line([...cols]));
  console.log(`|${w.map((x) => "-".repeat(x + 2)).join("|")}|`);
  for (const r of rows) console.log(line(cols.map((c) => r[c].replace(/\|/g, "/"))));
}

async function main() {
  const o = new Command()
    .name("run-all")
    .option("--only <names>", "comma-separated subset: autosave, export, scoring, case-study, page-weight, fieldwork")
    .option("--runs <n>", "runs per measurement for benches that take it")
    .option("--fieldwork-seconds <n>", "duration of the fieldwork load simulation", "30")
    .option("--no-fieldwork", "skip the fieldwork load simulation")
    .parse()
    .opts();
  const only: string[] | undefined = o.only ? String(o.only).split(",").map((s: string) => s.trim()) : undefined;
  const wanted = (name: string) => !only || only.some((x) => name.startsWith(x));
  const runs = o.runs ? Number(o.runs) : undefined;
  const header = await machine();
  console.log(`# npm run bench — ${header}`);
  const rows: TableRow[] = [];
  const skipped: string[] = [];
  for (const b of BENCHES) {
    if (!wanted(b.name.replace(/ /g, "-"))) continue;
    const file = path.join(REPO_ROOT, "bench", b.file);
    if (!fs.existsSync(file)) {
      skipped.push(`${b.name}: bench/${b.file} not present`);
      continue;
    }
    if (b.needsDatabase && !process.env.DATABASE_URL) {
      skipped.push(`${b.name}: needs DATABASE_URL (a PostgreSQL server)`);
      continue;
    }
    const mod = (await import(pathToFileURL(file).href)) as { run?: (opts: Record<string, unknown>) => Promise<AnyRow[]> };
    if (typeof mod.run !== "function") {
      skipped.push(`${b.name}: bench/${b.file} exports no run()`);
      continue;
    }
    const started = Date.now();
    console.error(`… ${b.name}`);
    try {
      const out = await mod.run(b.options({ runs }));
      rows.push(...out.map((r) => toTable(b.name, r)));
      console.error(`  ${b.name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    } catch (err) {
      rows.push({ benchmark: b.name, measure: "FAILED", value: "", note: (err as Error).message.slice(0, 200) });
    }
  }
  if (o.fieldwork !== false && wanted("fieldwork")) {
    if (!process.env.DATABASE_URL) skipped.push("fieldwork: needs DATABASE_URL (a PostgreSQL server)");
    else {
      console.error("… fieldwork load simulation");
      const { runFieldworkLoad } = await import("./fieldwork-load.ts");
      const r = await runFieldworkLoad({ seconds: Number(o.fieldworkSeconds), log: (l) => console.error(`  ${l}`) });
      rows.push(...r.rows.map((x) => ({ benchmark: "fieldwork load", measure: x.measure, value: x.value, note: "" })));
      rows.push({ benchmark: "fieldwork load", measure: "result", value: r.ok ? "ok" : "FAILED", note: "0 unexpected errors and 0 lost answers required" });
    }
  }
  console.log("");
  printTable(rows);
  if (skipped.length) console.log(`\nSkipped: ${skipped.join("; ")}`);
  const failed = rows.some((r) => r.measure === "FAILED" || (r.measure === "result" && r.value === "FAILED"));
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
