/**
 * Case-study selection benchmark: exact maximum-variation search for k = 4 and k = 6 over all 153 LAs
 * (real register, Ofsted judgements and history, 2025 context; SYNTHETIC capability scores/bands,
 * every LA treated as submitted and agreed). Medians of several runs, with two baselines measured
 * in the same run: the greedy + 1-swap heuristic (not exact) and the cost of evaluating the objective
 * for random k-sets (how many sets the exact search "costs").
 *
 *   npx tsx bench/case-study-bench.ts [--runs 5]
 *
 * `run()` returns the rows for bench/run-all.ts. Goal: k = 4 under 1 s.
 */
import { pathToFileURL } from "node:url";
import { prepareSelection, selectCaseStudies } from "../server/domain/case-studies/select-case-studies.ts";
import { greedyLocalSearch } from "../server/domain/case-studies/greedy-search.ts";
import { branchAndBound } from "../server/domain/case-studies/search.ts";
import { evaluate } from "../server/domain/case-studies/selection-model.ts";
import { mulberry32 } from "../server/lib/seeded-random.ts";
import { BAND_ORDER, loadBenchCandidates } from "./case-study-fixture.ts";

export interface BenchRow {
  name: string;
  /** median wall-clock ms */
  median_ms: number;
  /** median CPU ms of this process (user + system) */
  median_cpu_ms: number;
  runs: number;
  n: number;
  /** median CPU time / baseline (greedy heuristic) median CPU time, same run */
  ratio_vs_baseline: number | null;
  note: string;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function time<T>(fn: () => T): { ms: number; cpu: number; out: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const out = fn();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, cpu: (c.user + c.system) / 1000, out };
}

function measure<T>(runs: number, fn: () => T): { ms: number; cpu: number; out: T } {
  const ms: number[] = [];
  const cpu: number[] = [];
  let out!: T;
  for (let i = 0; i < runs; i++) {
    const t = time(fn);
    ms.push(t.ms);
    cpu.push(t.cpu);
    out = t.out;
  }
  return { ms: median(ms), cpu: median(cpu), out };
}

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 0; i < k; i++) c = (c * (n - i)) / (i + 1);
  return c;
}

const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

export async function run(opts: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 5;
  const candidates = loadBenchCandidates();
  const n = candidates.length;
  const rows: BenchRow[] = [];
  for (const k of [4, 6]) {
    const kRuns = k === 6 ? Math.max(1, Math.min(runs, 3)) : runs;
    const input = { candidates, k, wave: 1 as const, bandOrder: BAND_ORDER, seed: 1 };
    const { model } = prepareSelection(input);
    // warm-up (JIT)
    branchAndBound(model, greedyLocalSearch(model)?.set);
    const greedy = measure(kRuns, () => greedyLocalSearch(model));
    const exact = measure(kRuns, () => branchAndBound(model, greedyLocalSearch(model)?.set));
    // baseline 2: evaluate the objective for 10,000 random k-sets
    const rand = mulberry32(k);
    const sets = Array.from({ length: 10_000 }, () => {
      const s = new Set<number>();
      while (s.size < k) s.add(Math.floor(rand() * n));
      return [...s];
    });
    const evals = measure(kRuns, () => {
      let acc = 0;
      for (const s of sets) acc += evaluate(model, s);
      return acc;
    });
    const perEvalMs = evals.cpu / sets.length;
    const nodes = exact.out?.nodes ?? 0;
    rows.push({
      name: `case-study exact search k=${k} (n=${n})`,
      median_ms: round(exact.ms),
      median_cpu_ms: round(exact.cpu),
      runs: kRuns,
      n,
      ratio_vs_baseline: round(exact.cpu / greedy.cpu, 1),
      note:
        `objective ${exact.out?.value.toFixed(4)} (greedy+swap heuristic ${greedy.out?.value.toFixed(4)} in ${round(greedy.cpu)} ms CPU = baseline); ` +
        `${nodes} search nodes vs ${choose(n, k).toExponential(2)} combinations; ` +
        `CPU = evaluating ${Math.round(exact.cpu / perEvalMs).toLocaleString("en-GB")} random ${k}-sets (${round(perEvalMs * 1000, 2)} µs CPU each)`,
    });
    if (k === 4) {
      const full = measure(kRuns, () => selectCaseStudies(input));
      rows.push({
        name: `case-study full selection k=4 with reserves and rationale (n=${n})`,
        median_ms: round(full.ms),
        median_cpu_ms: round(full.cpu),
        runs: kRuns,
        n,
        ratio_vs_baseline: round(full.cpu / greedy.cpu, 1),
        note: `goal < 1000 ms; ${full.out.picks.length} picks, ${full.out.reserves.length} reserves (one exact re-run each); baseline = greedy heuristic`,
      });
    }
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const i = process.argv.indexOf("--runs");
  const runs = i > 0 ? Number(process.argv[i + 1]) : undefined;
  const rows = await run({ runs });
  console.table(rows.map(({ note, ...r }) => r));
  for (const r of rows) console.log(`${r.name}: ${r.note}`);
}
