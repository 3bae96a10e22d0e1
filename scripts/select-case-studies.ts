/**
 * Choose case-study LAs: an exact maximum-variation sample among LAs that submitted and agreed to
 * take part (see server/domain/case-studies/OBJECTIVE.md).
 *
 *   npm run select -- --wave 1 --k 4 [--seed N] [--json] [--save]
 *   npm run select -- --wave 2 --k 4 --save            excludes the saved wave-1 picks
 *   npm run select -- --wave 1 --decline 202 --save    re-run the saved wave 1 keeping the other picks
 *
 * Bad input (k larger than the eligible pool, contradictory constraints, unknown la_code) prints a
 * message naming the problem and exits 2; nothing is saved. With the embedded database, stop the
 * server first.
 */
import { Command, InvalidArgumentError } from "commander";
import { CaseStudyError } from "../server/domain/case-studies/errors.ts";
import { TRAJECTORY_LABELS } from "../server/domain/case-studies/ofsted-trajectory.ts";
import type { SelectionResult } from "../server/domain/case-studies/types.ts";
import { DEFAULT_MIN_CHILDREN, describeSmallLaRule } from "../server/domain/case-studies/small-las.ts";
import {
  refreshCapabilityScores,
  rerunSavedAfterDecline,
  runSelection,
  saveSelection,
  type SelectionRun,
} from "../server/services/case-study-service.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

function int(name: string, min: number, max: number) {
  return (v: string) => {
    if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    return Number(v);
  };
}
const codes = (v: string) => {
  const list = v.split(",").map((s) => s.trim()).filter(Boolean);
  const bad = list.filter((c) => !/^[0-9]{3}$/.test(c));
  if (bad.length) throw new InvalidArgumentError(`expected 3-digit LA codes separated by commas, got "${bad.join(", ")}"`);
  return list;
};

const program = new Command()
  .name("select")
  .description("Choose case-study LAs by maximum variation (exact), with reserves and rationale")
  .option("--wave <n>", "1 or 2 (wave 2 excludes the saved wave-1 picks and spans the capability bands)", int("--wave", 1, 2), 1)
  .option("--k <n>", "number of LAs to choose (exact search, up to 6)", int("--k", 1, 6), 4)
  .option("--seed <n>", "breaks exact ties only", int("--seed", -2147483648, 2147483647), 1)
  .option("--json", "print {wave, k, objective, picks, reserves} as JSON")
  .option("--save", "record the result as this wave's selection")
  .option("--include <codes>", "LAs that must be included (comma-separated la_codes)", codes)
  .option("--exclude <codes>", "LAs that must not be picked", codes)
  .option("--one-per-region", "at most one LA per region")
  .option("--decline <codes>", "re-run this wave's saved selection with these picks declined, keeping the others", codes)
  .option("--include-maybe", 'count "Possibly" answers to the case-study question as agreeing')
  .option("--small-las <rule>", "LAs with fewer than --min-children children: exclude (default), nearest-type (count a type of its own in the nearest ordinary type) or none", (v: string) => {
    if (!["exclude", "nearest-type", "none"].includes(v)) throw new InvalidArgumentError("--small-las must be exclude, nearest-type or none");
    return v;
  }, "exclude")
  .option("--min-children <n>", "threshold of children aged 0-17 for --small-las", int("--min-children", 0, 1_000_000), DEFAULT_MIN_CHILDREN)
  .parse();

const opts = program.opts<{
  wave: 1 | 2;
  k: number;
  seed: number;
  json?: boolean;
  save?: boolean;
  include?: string[];
  exclude?: string[];
  onePerRegion?: boolean;
  decline?: string[];
  includeMaybe?: boolean;
  smallLas: "exclude" | "nearest-type" | "none";
  minChildren: number;
}>();

function jsonOutput(r: SelectionResult) {
  return {
    wave: r.wave,
    k: r.k,
    objective: r.objective,
    picks: r.picks.map((p) => ({
      la_code: p.la_code,
      la_name: p.la_name,
      region: p.region,
      la_type: p.la_type,
      ofsted: p.ofsted,
      capability_band: p.capability_band,
      rationale: p.rationale,
    })),
    reserves: r.reserves.map((x) => ({
      for_la_code: x.for_la_code,
      la_code: x.la_code,
      la_name: x.la_name,
      region: x.region,
      la_type: x.la_type,
      ofsted: x.ofsted,
      capability_band: x.capability_band,
      objective: x.objective,
    })),
  };
}

function printText(r: SelectionResult) {
  const lines: string[] = [];
  lines.push(`Wave ${r.wave}: ${r.k} of ${r.pool_count} eligible LAs (${r.eligible_count} submitted and agreed), seed ${r.seed}`);
  lines.push(`Objective ${(r.objective * 100).toFixed(1)} / 100 (exact optimum)${r.span_bands.length ? `; spans capability bands ${r.span_bands.join(" to ")}` : ""}`);
  lines.push(describeSmallLaRule(r.smallLas));
  for (const n of r.smallLas?.notes ?? []) lines.push(`   ${n.laName} (${n.childPopulation} children): ${n.outcome}${n.countedAs && n.countedAs !== n.laType ? ` (${n.countedAs})` : ""}`);
  lines.push("");
  r.picks.forEach((p, i) => {
    lines.push(`${i + 1}. ${p.la_code} ${p.la_name} — ${p.la_type}, ${p.region}; Ofsted ${p.ofsted} (${TRAJECTORY_LABELS[p.trajectory]}); capability ${p.capability_band}${p.forced ? " [kept/required]" : ""}`);
    lines.push(`   ${p.rationale}`);
  });
  lines.push("", "Reserves (best replacement if a pick declines):");
  for (const x of r.reserves) lines.push(`   for ${x.for_la_code}: ${x.la_code ? `${x.la_code} ${x.la_name} (objective ${((x.objective ?? 0) * 100).toFixed(1)})` : x.note}`);
  lines.push("", "Coverage:");
  for (const row of r.coverage.categorical) {
    const label = (v: string) => (row.attribute === "trajectory" ? (TRAJECTORY_LABELS[v as keyof typeof TRAJECTORY_LABELS] ?? v) : v);
    lines.push(
      `   ${row.label}: ${row.covered.map((c) => `${label(c.value)} (${c.count})`).join(", ")}` +
        (row.not_covered.length ? `; not covered: ${row.not_covered.map(label).join(", ")}` : ""),
    );
  }
  lines.push("", "Score by attribute:");
  for (const t of r.terms) lines.push(`   ${t.label} (weight ${t.weight}): ${(t.score * 100).toFixed(0)}% — ${t.detail}`);
  console.log(lines.join("\n"));
}

try {
  await withDatabase(async ({ pool }) => {
    // capability comes from la_scores: bring missing or stale scores up to date first
    try {
      const refreshed = await refreshCapabilityScores(pool);
      for (const f of refreshed.failed) console.error(`Warning: LA ${f.laCode} could not be scored (${f.error}); it has no capability band`);
    } catch (err) {
      console.error(`Warning: capability scores not refreshed (${(err as Error).message}); using stored scores`);
    }
    let run: SelectionRun;
    if (opts.decline?.length) {
      run = await rerunSavedAfterDecline(pool, opts.wave, opts.decline);
    } else {
      run = await runSelection(pool, {
        wave: opts.wave,
        k: opts.k,
        seed: opts.seed,
        includeMaybe: opts.includeMaybe,
        constraints: { mustInclude: opts.include, mustExclude: opts.exclude, atMostOnePerRegion: opts.onePerRegion },
        smallLas: { handling: opts.smallLas === "nearest-type" ? "nearestType" : opts.smallLas, minChildren: opts.minChildren },
      });
    }
    const saved = opts.save ? await saveSelection(pool, run, { actor: "cli", actorKind: "system" }) : null;
    if (opts.json) {
      console.log(JSON.stringify(jsonOutput(run.result), null, 2));
      if (saved) console.error(`Saved as the wave-${saved.wave} selection (#${saved.id}).`);
    } else {
      printText(run.result);
      if (saved) console.log(`\nSaved as the wave-${saved.wave} selection (#${saved.id}).`);
    }
  });
} catch (err) {
  if (err instanceof CaseStudyError) fail(err.message, 2);
  throw err;
}
