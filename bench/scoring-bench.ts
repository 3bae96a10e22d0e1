/**
 * Scoring benchmark: score all 153 LAs and 25,000 synthetic organisations with full explanations,
 * plus the national summary, against a baseline in the same run (a bare loop that reads every
 * item answer once). Prints medians of several runs and the ratio to the baseline.
 *
 *   npx tsx bench/scoring-bench.ts [--runs 7]
 *
 * Uses the real catalogue and rules from survey-definitions/la-data-audit/v<latest>/ when present,
 * else the test fixture rules (and the real catalogue if only that exists). Answers are synthetic
 * (seeded PRNG), so every run scores the same data. `run()` returns the rows for bench/run-all.ts.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ASPECT_CHOICES, ITEM_ASPECTS, itemQuestionName, type Catalogue, type ScoringRules } from "../server/domain/definitions/types.ts";
import { scoreResponse } from "../server/domain/scoring/score-response.ts";
import { summariseIndicators, type ScoredLa } from "../server/domain/scoring/summarise-indicators.ts";
import { mulberry32 } from "../server/lib/seeded-random.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export interface BenchRow {
  name: string;
  /** median wall-clock ms */
  median_ms: number;
  /** median CPU ms of this process (user + system) */
  median_cpu_ms: number;
  runs: number;
  n: number;
  /** CPU microseconds per organisation */
  per_org_us: number;
  /** CPU time / baseline CPU time, same run */
  ratio_vs_baseline: number | null;
  note: string;
}


export function loadBenchDefinitions(): { catalogue: Catalogue; rules: ScoringRules; source: string } {
  const dir = path.join(root, "survey-definitions", "la-data-audit");
  let catalogue: Catalogue | undefined;
  let rules: ScoringRules | undefined;
  let source = "";
  if (existsSync(dir)) {
    const versions = readdirSync(dir)
      .filter((d) => /^v\d+$/.test(d))
      .sort((a, b) => Number(b.slice(1)) - Number(a.slice(1)));
    for (const v of versions) {
      const c = path.join(dir, v, "catalogue.json");
      const r = path.join(dir, v, "rules.json");
      if (!catalogue && existsSync(c)) {
        catalogue = JSON.parse(readFileSync(c, "utf8"));
        source += `catalogue ${v}`;
      }
      if (catalogue && !rules && existsSync(r)) {
        rules = JSON.parse(readFileSync(r, "utf8"));
        source += `, rules ${v}`;
      }
    }
  }
  const fixtures = path.join(root, "test", "fixtures", "scoring");
  if (!catalogue) {
    catalogue = JSON.parse(readFileSync(path.join(fixtures, "catalogue.json"), "utf8"));
    source += "fixture catalogue";
  }
  if (!rules) {
    rules = JSON.parse(readFileSync(path.join(fixtures, "rules.json"), "utf8"));
    source += ", fixture rules";
  }
  return { catalogue: catalogue!, rules: rules!, source };
}

/** Synthetic response: most items answered, some aspects missing or "don't know", better answers more likely. */
export function syntheticResponse(catalogue: Catalogue, rules: ScoringRules, rand: () => number): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const item of catalogue.dataItems) {
    if (rand() < 0.04) continue;
    const q = itemQuestionName(item.area);
    const matrix = (data[q] ??= {}) as Record<string, unknown>;
    const row: Record<string, string> = {};
    for (const aspect of ITEM_ASPECTS) {
      if (rand() < 0.04) continue;
      const choices = ASPECT_CHOICES[aspect];
      row[aspect] = choices[Math.min(choices.length - 1, Math.floor(rand() * rand() * choices.length))];
    }
    matrix[item.id] = row;
  }
  for (const dim of rules.capability.dimensions) {
    for (const q of dim.questions) {
      if (rand() < 0.08) continue;
      const values = Object.keys(q.points);
      if (values.length === 0) continue;
      data[q.question] = rand() < 0.3 ? values.filter(() => rand() < 0.4) : values[Math.floor(rand() * values.length)];
    }
  }
  return data;
}

function loadLas(): { laCode: string; region: string; laType: string }[] {
  const file = path.join(root, "sql", "reference-data", "la_register.csv");
  if (existsSync(file)) {
    // la_code,gss_code,name,region,la_type (names may be quoted with commas)
    const rows = readFileSync(file, "utf8").trim().split(/\r?\n/).slice(1);
    return rows.map((line) => {
      const cells = line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((c) => c.replace(/,$/, "").replace(/^"|"$/g, ""));
      return { laCode: cells[0], region: cells[3], laType: cells[4] };
    });
  }
  return Array.from({ length: 153 }, (_, i) => ({ laCode: String(200 + i), region: `Region ${i % 9}`, laType: `Type ${i % 5}` }));
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall-clock and CPU (user+system of this process) milliseconds over `runs` calls. CPU time is
 *  less disturbed by other jobs on a shared machine; ratios use CPU time. */
function time(fn: () => unknown, runs: number): { wall: number; cpu: number } {
  const walls: number[] = [];
  const cpus: number[] = [];
  let sink: unknown;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    sink = fn();
    walls.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  void sink;
  return { wall: median(walls), cpu: median(cpus) };
}

/** The baseline: read every item answer once (the least any scorer must do). */
function readEveryAnswer(catalogue: Catalogue, responses: Record<string, unknown>[]): number {
  let n = 0;
  const questions = catalogue.dataItems.map((d) => [itemQuestionName(d.area), d.id] as const);
  for (const data of responses) {
    for (const [q, id] of questions) {
      const row = (data[q] as Record<string, Record<string, string> | undefined> | undefined)?.[id];
      if (!row) continue;
      for (const a of ITEM_ASPECTS) {
        const v = row[a];
        if (v !== undefined) n += v.length;
      }
    }
  }
  return n;
}

export async function run(opts: { runs?: number } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 7;
  const { catalogue, rules, source } = loadBenchDefinitions();
  const rand = mulberry32(20261122);
  const las = loadLas();
  const laResponses = las.map(() => syntheticResponse(catalogue, rules, rand));
  const shape = `${catalogue.dataItems.length} items, ${catalogue.indicators.length} indicators, ${rules.capability.dimensions.length} dimensions (${source})`;

  const rows: BenchRow[] = [];
  const add = (name: string, n: number, t: { wall: number; cpu: number }, baseline: { cpu: number } | null, note: string, r = runs) =>
    rows.push({
      name,
      median_ms: Math.round(t.wall * 100) / 100,
      median_cpu_ms: Math.round(t.cpu * 100) / 100,
      runs: r,
      n,
      per_org_us: Math.round(((t.cpu * 1000) / n) * 10) / 10,
      ratio_vs_baseline: baseline && baseline.cpu > 0 ? Math.round((t.cpu / baseline.cpu) * 10) / 10 : null,
      note,
    });

  // Cold: first scoring with these rules in this process (includes compiling the rules, no memo yet, no JIT warm-up).
  // The very first call pays for compiling the rules; the next 152 LAs for filling the memos of
  // distinct answer combinations and for the JIT warming up.
  const first = time(() => scoreResponse({ catalogue, rules, data: laResponses[0] }), 1);
  add("scoreResponse, 1 LA, cold (first call in the process)", 1, first, null, "compiles the rules, empty memo, no JIT", 1);
  const cold = time(() => laResponses.slice(1).map((data) => scoreResponse({ catalogue, rules, data })), 1);
  add("scoreResponse, next 152 LAs, cold", las.length - 1, { wall: cold.wall + first.wall, cpu: cold.cpu + first.cpu }, null, `153 LAs cold in all (first call included); ${shape}`, 1);

  // warm-up (JIT)
  for (let i = 0; i < 3; i++) for (const data of laResponses) scoreResponse({ catalogue, rules, data });

  const base153 = time(() => readEveryAnswer(catalogue, laResponses), runs * 5);
  add("baseline: read every answer once, 153 LAs", las.length, base153, null, "bare loop", runs * 5);
  let scored153: ScoredLa[] = [];
  const t153 = time(() => {
    scored153 = laResponses.map((data, i) => ({ ...las[i], scores: scoreResponse({ catalogue, rules, data }) }));
  }, runs);
  add("scoreResponse, 153 LAs, with explanations", las.length, t153, base153, shape);
  for (let i = 0; i < 3; i++) for (const data of laResponses) scoreResponse({ catalogue, rules, data }, { explain: false }); // warm-up
  const t153terse = time(() => laResponses.map((data) => scoreResponse({ catalogue, rules, data }, { explain: false })), runs);
  add("scoreResponse, 153 LAs, explain: false", las.length, t153terse, base153, "scores, bands, barriers only");
  for (let i = 0; i < 5; i++) summariseIndicators(catalogue, rules, scored153); // warm-up (JIT)
  const tSum = time(() => summariseIndicators(catalogue, rules, scored153), runs);
  add("summariseIndicators over 153 LAs", las.length, tSum, base153, "national summary per indicator");
  const sizes = scored153.map((s) => JSON.stringify(s.scores).length).sort((a, b) => a - b);

  const orgResponses = Array.from({ length: 25_000 }, () => syntheticResponse(catalogue, rules, rand));
  const runs25 = Math.max(3, Math.ceil(runs / 2));
  const base25k = time(() => readEveryAnswer(catalogue, orgResponses), runs25);
  add("baseline: read every answer once, 25,000 orgs", orgResponses.length, base25k, null, "bare loop", runs25);
  const t25k = time(() => {
    for (const data of orgResponses) scoreResponse({ catalogue, rules, data });
  }, runs25);
  add("scoreResponse, 25,000 orgs, with explanations", orgResponses.length, t25k, base25k, shape, runs25);
  const t25kTerse = time(() => {
    for (const data of orgResponses) scoreResponse({ catalogue, rules, data }, { explain: false });
  }, runs25);
  add("scoreResponse, 25,000 orgs, explain: false", orgResponses.length, t25kTerse, base25k, "scores, bands, barriers only", runs25);

  rows.push({
    name: "explanation JSON per LA (bytes)",
    median_ms: 0,
    median_cpu_ms: 0,
    runs: 1,
    n: las.length,
    per_org_us: 0,
    ratio_vs_baseline: null,
    note: `median ${median(sizes)}, max ${sizes[sizes.length - 1]} (JSON.stringify of LaScores)`,
  });
  return rows;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const i = process.argv.indexOf("--runs");
  const rows = await run({ runs: i > 0 ? Number(process.argv[i + 1]) : undefined });
  console.table(rows);
}
