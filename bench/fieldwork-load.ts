/**
 * Fieldwork load simulation (long form): 153 LAs x 3 contributors autosaving every 2 s for 5 minutes
 * against the real service and a real PostgreSQL server, with overlapping edits that cause 409
 * conflicts. Prints PATCH p50/p99 latency and checks that every acknowledged change is stored.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/fieldwork-load.ts
 *   ... --seconds 30            short form
 *   ... --las 40 --contributors 3 --interval 2000 --seed 7 --in-process
 *   ... --arrival 60            contributors open the survey over the first minute (default: all
 *                               within one interval, 2 s)
 *
 * A fresh database is created on that server (and dropped afterwards; --keep keeps it). The
 * service runs as a child process (`node --import tsx server/main.ts`) on a random loopback port,
 * or in this process with --in-process. Exit code 1 if anything other than 409 went wrong or an
 * acknowledged answer is missing.
 */
import crypto from "node:crypto";
import { Command } from "commander";
import { buildApp } from "../server/app.ts";
import { loadConfig } from "../server/config.ts";
import { createBenchDatabase } from "./lib/bench-database.ts";
import { startChildServer } from "../test/support/child-server.ts";
import { prepareLas } from "../test/support/fieldwork-setup.ts";
import { runFieldwork, summarise, verifyLedger } from "../test/support/fieldwork-simulation.ts";

export interface FieldworkLoadOptions {
  seconds?: number;
  las?: number;
  contributors?: number;
  intervalMs?: number;
  /** Contributors arrive over this many ms (default: one interval). */
  arrivalMs?: number;
  seed?: number;
  inProcess?: boolean;
  keep?: boolean;
  log?: (line: string) => void;
}

export interface FieldworkLoadReport {
  ok: boolean;
  rows: { measure: string; value: string }[];
}

export async function runFieldworkLoad(o: FieldworkLoadOptions = {}): Promise<FieldworkLoadReport> {
  const log = o.log ?? ((l: string) => console.log(l));
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error("Set DATABASE_URL to a PostgreSQL server (a fresh database is created on it for the run)");
  const seconds = o.seconds ?? 300;
  const db = await createBenchDatabase(adminUrl, "fieldwork");
  let stopServer: () => Promise<unknown> = async () => {};
  try {
    let baseUrl: string;
    if (o.inProcess) {
      const config = loadConfig({ LOG_LEVEL: "warn", SESSION_SECRET: crypto.randomBytes(24).toString("hex"), PUBLIC_URL: "http://127.0.0.1" });
      const app = await buildApp({ config, database: { url: db.url, kind: "postgres" } });
      baseUrl = await app.listen({ port: 0, host: "127.0.0.1" });
      stopServer = () => app.close();
    } else {
      const server = await startChildServer({ databaseUrl: db.url });
      baseUrl = server.baseUrl;
      stopServer = () => server.stop();
    }
    const { las, structure, definition } = await prepareLas(db.pool, { laCount: o.las ?? 153 });
    const contributors = o.contributors ?? 3;
    log(`fieldwork: ${las.length} LAs x ${contributors} contributors, autosave every ${o.intervalMs ?? 2000} ms, ${seconds} s, ` +
      `arrivals over ${((o.arrivalMs ?? o.intervalMs ?? 2000) / 1000).toFixed(0)} s, definition ${definition.surveyId} v${definition.version}, service ${o.inProcess ? "in-process" : "child process"} at ${baseUrl}`);
    const started = Date.now();
    // the start (everyone opening the survey and making a first save) apart from steady fieldwork
    const gets: number[] = [];
    const steadyPatches: number[] = [];
    const result = await runFieldwork({
      baseUrl, las, structure, seconds, contributorsPerLa: contributors, intervalMs: o.intervalMs, arrivalMs: o.arrivalMs, seed: o.seed ?? 1,
      onRequest: (r) => {
        if (r.method === "GET") gets.push(r.ms);
        else if (r.startedAt - started >= 10_000) steadyPatches.push(r.ms);
      },
    });
    const elapsed = (Date.now() - started) / 1000;
    const check = await verifyLedger(db.pool, structure, result.ledger, result.uncertain);
    const lat = summarise(result.patchLatencyMs);
    const rows = [
      { measure: "LAs x contributors", value: `${result.las} x ${contributors}` },
      { measure: "duration (s)", value: elapsed.toFixed(0) },
      { measure: "PATCH requests", value: String(result.patches) },
      { measure: "PATCH per second", value: (result.patches / elapsed).toFixed(1) },
      { measure: "saved (200)", value: String(result.saved) },
      { measure: "conflicts (409, expected)", value: `${result.conflicts} (kept theirs ${result.conflictsKeptTheirs}, kept mine ${result.conflictsKeptMine})` },
      { measure: "unexpected errors", value: String(result.unexpected.length) },
      { measure: "acknowledged field writes", value: String(check.acknowledgedChanges) },
      { measure: "fields checked", value: String(check.fieldsChecked) },
      { measure: "lost answers", value: String(check.lost.length) },
      { measure: "change log mismatches", value: String(check.changeLogMismatches.length) },
      { measure: "PATCH latency p50 (ms)", value: lat.p50.toFixed(1) },
      { measure: "PATCH latency p90 (ms)", value: lat.p90.toFixed(1) },
      { measure: "PATCH latency p99 (ms)", value: lat.p99.toFixed(1) },
      { measure: "PATCH latency max (ms)", value: lat.max.toFixed(1) },
      { measure: "PATCH started 10 s or more after the start: p50 / p99 / max (ms)", value: fmt3(summarise(steadyPatches)) },
      { measure: "GET (opening the survey, re-reads after 409): p50 / p99 / max (ms)", value: fmt3(summarise(gets)) },
    ];
    const ok = result.unexpected.length === 0 && check.lost.length === 0 && check.changeLogMismatches.length === 0;
    if (result.unexpected.length) {
      const byKind = new Map<string, number>();
      for (const u of result.unexpected) byKind.set(u.what, (byKind.get(u.what) ?? 0) + 1);
      log(`unexpected: ${[...byKind].map(([k, n]) => `${k} x${n}`).join(", ")}; first: ${result.unexpected[0].message}`);
    }
    if (check.lost.length) log(`lost (first 5): ${JSON.stringify(check.lost.slice(0, 5))}`);
    return { ok, rows };
  } finally {
    await stopServer().catch(() => {});
    if (o.keep) {
      log(`kept database ${db.url}`);
      await db.pool.end();
    } else {
      await db.drop();
    }
  }
}

const fmt3 = (l: { p50: number; p99: number; max: number }) => `${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} / ${l.max.toFixed(1)}`;

export function printRows(rows: { measure: string; value: string }[]): void {
  const w = Math.max(...rows.map((r) => r.measure.length));
  for (const r of rows) console.log(`${r.measure.padEnd(w)}  ${r.value}`);
}

const isMain = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isMain) {
  const program = new Command()
    .name("fieldwork-load")
    .option("--seconds <n>", "duration in seconds", "300")
    .option("--las <n>", "number of LAs", "153")
    .option("--contributors <n>", "contributors per LA", "3")
    .option("--interval <ms>", "autosave interval per contributor", "2000")
    .option("--arrival <s>", "contributors open the survey at random within this many seconds from the start (default: one interval)")
    .option("--seed <n>", "random seed", "1")
    .option("--in-process", "run the service in this process instead of a child process")
    .option("--keep", "keep the database afterwards")
    .parse();
  const opts = program.opts();
  runFieldworkLoad({
    seconds: Number(opts.seconds),
    las: Number(opts.las),
    contributors: Number(opts.contributors),
    intervalMs: Number(opts.interval),
    arrivalMs: opts.arrival === undefined ? undefined : Number(opts.arrival) * 1000,
    seed: Number(opts.seed),
    inProcess: Boolean(opts.inProcess),
    keep: Boolean(opts.keep),
  })
    .then((r) => {
      printRows(r.rows);
      console.log(r.ok ? "RESULT: ok (0 unexpected errors, 0 lost answers)" : "RESULT: FAILED");
      process.exit(r.ok ? 0 : 1);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
