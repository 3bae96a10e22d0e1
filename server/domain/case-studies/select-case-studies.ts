// Entry point of the case-study selection engine: validates the input, finds the exact maximum-variation
// sample (search.ts), the best reserve for each pick, and explains the result.

import {
  ContradictoryConstraintsError,
  InvalidSelectionInputError,
  NoFeasibleSelectionError,
  NotEligibleError,
  PoolTooSmallError,
  UnknownLaCodeError,
  CaseStudyError,
} from "./errors.ts";
import { TRAJECTORIES } from "./ofsted-trajectory.ts";
import { greedyLocalSearch } from "./greedy-search.ts";
import { branchAndBound } from "./search.ts";
import { seededShuffle } from "../../lib/seeded-random.ts";
import { buildModel, evaluate, objectiveTerms, type SelectionModel } from "./selection-model.ts";
import { describeCoverage, explainPick } from "./rationale.ts";
import { applySmallLaRule, type SmallLaOutcome } from "./small-las.ts";
import {
  DEFAULT_WEIGHTS,
  SELECTION_ATTRIBUTES,
  type CaseStudyCandidate,
  type CaseStudyPick,
  type CaseStudyReserve,
  type SelectionInput,
  type SelectionResult,
  type SelectionWeights,
} from "./types.ts";

/** Largest k accepted (the exact search is designed and benchmarked for k <= 6 over 153 LAs). */
export const MAX_K = 8;

export function isEligible(c: CaseStudyCandidate): boolean {
  return c.submitted && c.agreed;
}

interface Prepared {
  model: SelectionModel;
  input: SelectionInput;
  weights: SelectionWeights;
  seed: number;
  eligible: CaseStudyCandidate[];
  pool: CaseStudyCandidate[];
  spanBands: string[];
  small: SmallLaOutcome;
}

function describeLa(c: CaseStudyCandidate): string {
  return `${c.la_code} ${c.name}`;
}

function uniq(xs: readonly string[]): string[] {
  return [...new Set(xs)];
}

/** Validates the input and compiles the model. Throws a CaseStudyError naming the problem. */
export function prepareSelection(input: SelectionInput): Prepared {
  const { k } = input;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) {
    throw new InvalidSelectionInputError("k", `k must be a whole number from 1 to ${MAX_K} (got ${String(k)})`);
  }
  if (input.wave !== 1 && input.wave !== 2) {
    throw new InvalidSelectionInputError("wave", `wave must be 1 or 2 (got ${String(input.wave)})`);
  }
  const seed = input.seed ?? 1;
  if (!Number.isSafeInteger(seed)) throw new InvalidSelectionInputError("seed", `seed must be a whole number (got ${String(seed)})`);
  const weights: SelectionWeights = { ...DEFAULT_WEIGHTS };
  for (const [key, w] of Object.entries(input.weights ?? {})) {
    if (!(SELECTION_ATTRIBUTES as readonly string[]).includes(key)) {
      throw new InvalidSelectionInputError(`weights.${key}`, `weights.${key}: unknown attribute (known: ${SELECTION_ATTRIBUTES.join(", ")})`);
    }
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new InvalidSelectionInputError(`weights.${key}`, `weights.${key} must be a number >= 0 (got ${String(w)})`);
    }
    weights[key as keyof SelectionWeights] = w;
  }
  if (Object.values(weights).every((w) => w === 0)) throw new InvalidSelectionInputError("weights", "weights: at least one weight must be above 0");
  if (input.bandOrder.length === 0 || new Set(input.bandOrder).size !== input.bandOrder.length) {
    throw new InvalidSelectionInputError("bandOrder", "bandOrder must list each capability band once, lowest first");
  }

  const rule = input.smallLas;
  if (rule) {
    if (!["exclude", "nearestType", "none"].includes(rule.handling)) {
      throw new InvalidSelectionInputError("smallLas.handling", `smallLas.handling must be "exclude", "nearestType" or "none" (got ${String(rule.handling)})`);
    }
    if (!Number.isInteger(rule.minChildren) || rule.minChildren < 0) {
      throw new InvalidSelectionInputError("smallLas.minChildren", `smallLas.minChildren must be a whole number of children, 0 or more (got ${String(rule.minChildren)})`);
    }
  }
  const small = applySmallLaRule(input.candidates, rule, isEligible);
  const candidates = small.candidates;
  const byCode = new Map<string, CaseStudyCandidate>();
  for (const c of candidates) {
    if (byCode.has(c.la_code)) throw new InvalidSelectionInputError("candidates", `candidates: la_code ${c.la_code} appears twice`);
    if (!(TRAJECTORIES as readonly string[]).includes(c.trajectory)) {
      throw new InvalidSelectionInputError("candidates", `candidates: ${describeLa(c)} has unknown trajectory "${c.trajectory}"`);
    }
    byCode.set(c.la_code, c);
  }
  const cons = input.constraints ?? {};
  const lists: [string, string[]][] = [
    ["constraints.mustInclude", uniq(cons.mustInclude ?? [])],
    ["constraints.mustExclude", uniq(cons.mustExclude ?? [])],
    ["previousPicks", uniq(input.previousPicks ?? [])],
    ["declined", uniq(input.declined ?? [])],
  ];
  for (const [field, codes] of lists) {
    const unknown = codes.filter((c) => !byCode.has(c));
    if (unknown.length) throw new UnknownLaCodeError(field, unknown);
  }
  const [mustInclude, mustExclude, previousPicks, declined] = lists.map(([, codes]) => codes);
  const laTypes = new Set(candidates.map((c) => c.la_type));
  const minPerType = { ...(cons.minPerType ?? {}) };
  const maxPerType = { ...(cons.maxPerType ?? {}) };
  for (const [field, rec] of [["constraints.minPerType", minPerType], ["constraints.maxPerType", maxPerType]] as const) {
    for (const [t, v] of Object.entries(rec)) {
      if (!laTypes.has(t)) throw new InvalidSelectionInputError(`${field}.${t}`, `${field}: unknown LA type "${t}" (known: ${[...laTypes].sort().join(", ")})`);
      if (!Number.isInteger(v) || v < 0) throw new InvalidSelectionInputError(`${field}.${t}`, `${field}.${t} must be a whole number >= 0 (got ${String(v)})`);
    }
  }

  const notEligible = mustInclude.map((c) => byCode.get(c)!).filter((c) => !isEligible(c));
  if (notEligible.length) {
    throw new NotEligibleError(
      "constraints.mustInclude",
      notEligible.map((c) => c.la_code),
      notEligible.map((c) => `${describeLa(c)} cannot be included: it has ${!c.submitted ? "not submitted the survey" : "not agreed to take part"}`),
    );
  }

  const tooSmall = mustInclude.filter((c) => small.leftOut.includes(c));
  if (tooSmall.length) {
    throw new ContradictoryConstraintsError(
      "constraints.mustInclude",
      tooSmall.map((c) => `${describeLa(byCode.get(c)!)} must be included but has fewer than ${rule!.minChildren} children, and LAs that small are left out (count them in their nearest type, or lower the number, to include it)`),
    );
  }
  // A small LA left out is out of the eligible set altogether: it neither takes a place nor shifts the percentile ranks.
  const eligible = candidates.filter((c) => isEligible(c) && !small.leftOut.includes(c.la_code)).sort((a, b) => (a.la_code < b.la_code ? -1 : a.la_code > b.la_code ? 1 : 0));
  const removed = new Set([...mustExclude, ...previousPicks, ...declined]);
  const pool = eligible.filter((c) => !removed.has(c.la_code));

  if (k > pool.length) {
    const why = [`${eligible.length} submitted and agreed to take part`];
    const smallOut = small.notes.filter((n) => n.outcome === "left out").length;
    if (smallOut > 0) why.push(`${smallOut} more left out for having fewer than ${rule!.minChildren} children`);
    const gone = eligible.length - pool.length;
    if (gone > 0) why.push(`${gone} of them excluded, declined or picked in an earlier wave`);
    throw new PoolTooSmallError(k, pool.length, why.join(", "));
  }

  const conflicts: string[] = [];
  const name = (code: string) => describeLa(byCode.get(code)!);
  for (const [field, codes] of [["mustExclude", mustExclude], ["declined", declined], ["previousPicks", previousPicks]] as const) {
    for (const c of mustInclude.filter((x) => codes.includes(x))) conflicts.push(`${name(c)} is in both mustInclude and ${field}`);
  }
  if (mustInclude.length > k) conflicts.push(`mustInclude lists ${mustInclude.length} LAs but k = ${k}`);
  if (cons.atMostOnePerRegion) {
    const byRegion = new Map<string, string[]>();
    for (const c of mustInclude) byRegion.set(byCode.get(c)!.region, [...(byRegion.get(byCode.get(c)!.region) ?? []), c]);
    for (const [region, codes] of byRegion) {
      if (codes.length > 1) conflicts.push(`mustInclude has ${codes.map(name).join(" and ")}, all in ${region}, but atMostOnePerRegion allows one`);
    }
    const regions = new Set(pool.map((c) => c.region)).size;
    if (regions < k) conflicts.push(`atMostOnePerRegion with k = ${k}, but the eligible LAs come from only ${regions} region${regions === 1 ? "" : "s"}`);
  }
  let minSum = 0;
  for (const t of laTypes) {
    const lo = minPerType[t] ?? 0;
    const hi = maxPerType[t];
    minSum += lo;
    if (hi !== undefined && lo > hi) conflicts.push(`minPerType.${t} = ${lo} is above maxPerType.${t} = ${hi}`);
    const forcedOfType = mustInclude.filter((c) => byCode.get(c)!.la_type === t).length;
    if (hi !== undefined && forcedOfType > hi) conflicts.push(`mustInclude has ${forcedOfType} ${t} LAs but maxPerType.${t} = ${hi}`);
    const available = pool.filter((c) => c.la_type === t).length;
    if (lo > available) conflicts.push(`minPerType.${t} = ${lo} but only ${available} eligible LA${available === 1 ? " is" : "s are"} of that type`);
  }
  if (minSum > k) conflicts.push(`minPerType adds up to ${minSum}, more than k = ${k}`);

  let spanBands: string[] = [];
  if (input.wave === 2) {
    const present = input.bandOrder.filter((b) => pool.some((c) => c.capability_band === b));
    if (present.length > 0) spanBands = uniq([present[0], present[present.length - 1]]);
    if (spanBands.length > k) conflicts.push(`wave 2 must span the capability bands "${spanBands[0]}" to "${spanBands[1]}", which needs k >= 2`);
  }
  if (conflicts.length) throw new ContradictoryConstraintsError("constraints", conflicts);

  // Tie-break priority: a seeded shuffle of all eligible LAs (in la_code order), independent of exclusions.
  const las = seededShuffle(eligible, seed);
  const indexOf = new Map(las.map((c, i) => [c.la_code, i]));
  const poolCodes = new Set(pool.map((c) => c.la_code));
  const forced = mustInclude.map((c) => indexOf.get(c)!);
  const free = las.map((_c, i) => i).filter((i) => poolCodes.has(las[i].la_code) && !forced.includes(i));
  const model = buildModel(las, {
    k,
    weights,
    bandOrder: input.bandOrder,
    forced,
    free,
    atMostOnePerRegion: cons.atMostOnePerRegion ?? false,
    minPerType,
    maxPerType,
    requiredBands: spanBands,
  });
  return { model, input, weights, seed, eligible, pool, spanBands, small };
}

function solve(p: Prepared) {
  const initial = greedyLocalSearch(p.model);
  const out = branchAndBound(p.model, initial?.set);
  if (!out) {
    throw new NoFeasibleSelectionError(
      `no set of ${p.model.k} LAs from the ${p.pool.length} that can be picked meets every constraint together ` +
        `(region, LA type${p.spanBands.length ? ", capability span" : ""}); relax a constraint`,
    );
  }
  return out;
}

/** Input for re-running after some picks declined: the other picks are kept (forced), the decliners excluded. */
export function rerunAfterDecline(input: SelectionInput, picks: readonly string[], declinedCodes: readonly string[]): SelectionInput {
  const unknown = declinedCodes.filter((c) => !picks.includes(c));
  if (unknown.length) {
    throw new InvalidSelectionInputError("declined", `declined: ${unknown.join(", ")} ${unknown.length > 1 ? "are" : "is"} not among the picks`);
  }
  const keep = picks.filter((c) => !declinedCodes.includes(c));
  return {
    ...input,
    declined: uniq([...(input.declined ?? []), ...declinedCodes]),
    constraints: { ...input.constraints, mustInclude: uniq([...(input.constraints?.mustInclude ?? []), ...keep]) },
  };
}

/** Best replacement for each pick, i.e. the result of re-running with that pick declined and the others kept. */
function computeReserves(input: SelectionInput, p: Prepared, pickCodes: string[], baseValue: number): CaseStudyReserve[] {
  return pickCodes.map((code) => {
    const empty = { for_la_code: code, la_code: null, la_name: null, region: null, la_type: null, ofsted: null, capability_band: null, objective: null };
    try {
      const q = prepareSelection(rerunAfterDecline(input, pickCodes, [code]));
      const out = solve(q);
      const newCode = out.set.map((i) => q.model.las[i].la_code).find((c) => !pickCodes.includes(c))!;
      const la = q.model.las.find((c) => c.la_code === newCode)!;
      const diff = out.value - baseValue;
      return {
        for_la_code: code,
        la_code: la.la_code,
        la_name: la.name,
        region: la.region,
        la_type: la.la_type,
        ofsted: la.ofsted ?? "Not inspected",
        capability_band: la.capability_band,
        objective: out.value,
        note:
          `Best replacement if ${p.model.las.find((c) => c.la_code === code)!.name} declines: ` +
          `objective ${(out.value * 100).toFixed(1)} (${diff >= 0 ? "+" : ""}${(diff * 100).toFixed(1)} points).`,
      };
    } catch (err) {
      if (err instanceof CaseStudyError) return { ...empty, note: `No replacement meets every constraint: ${err.message}` };
      throw err;
    }
  });
}

export interface SelectOptions {
  /** Compute reserves (default true). */
  reserves?: boolean;
}

export function selectCaseStudies(input: SelectionInput, options: SelectOptions = {}): SelectionResult {
  const p = prepareSelection(input);
  const out = solve(p);
  const { model } = p;
  const set = out.set;
  const picks: CaseStudyPick[] = set.map((i) => {
    const la = model.las[i];
    const others = set.filter((j) => j !== i);
    const contribution = out.value - evaluate(model, others);
    return {
      la_code: la.la_code,
      la_name: la.name,
      region: la.region,
      la_type: la.la_type,
      ofsted: la.ofsted ?? "Not inspected",
      trajectory: la.trajectory,
      capability_band: la.capability_band,
      capability_score: la.capability_score,
      forced: model.forced.includes(i),
      contribution,
      rationale: explainPick(model, set, i, contribution),
    };
  });
  // Present picks from lowest to highest capability band, then by name.
  const bandRank = (b: string) => (input.bandOrder.includes(b) ? input.bandOrder.indexOf(b) : input.bandOrder.length);
  picks.sort((a, b) => bandRank(a.capability_band) - bandRank(b.capability_band) || a.la_name.localeCompare(b.la_name, "en-GB"));
  const pickCodes = picks.map((x) => x.la_code);
  const cons = input.constraints ?? {};
  return {
    wave: input.wave,
    k: input.k,
    seed: p.seed,
    objective: out.value,
    terms: objectiveTerms(model, set),
    picks,
    reserves: options.reserves === false ? [] : computeReserves(input, p, pickCodes, out.value),
    coverage: describeCoverage(model, set),
    eligible_count: p.eligible.length,
    pool_count: p.pool.length,
    span_bands: p.spanBands,
    weights: p.weights,
    constraints: {
      mustInclude: uniq(cons.mustInclude ?? []),
      mustExclude: uniq(cons.mustExclude ?? []),
      atMostOnePerRegion: cons.atMostOnePerRegion ?? false,
      ...(cons.minPerType ? { minPerType: cons.minPerType } : {}),
      ...(cons.maxPerType ? { maxPerType: cons.maxPerType } : {}),
    },
    search: { nodes: out.nodes, exact: true },
    smallLas: { handling: input.smallLas?.handling ?? "none", minChildren: input.smallLas?.minChildren ?? 0, notes: p.small.notes },
  };
}

