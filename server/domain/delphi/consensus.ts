/**
 * Consensus on a Delphi item: the distribution of its 1-9 ratings, the consensus class under the
 * study's rule (overall and in each stakeholder group with enough raters), and stability between
 * rounds. "Unable to rate" is counted but left out of every percentage's denominator.
 * Quartiles use linear interpolation between order statistics (R's default, type 7).
 */
import type { ConsensusRule } from "./settings.ts";

export type Rating = number | "unable";
export type Consensus = "in" | "out" | "none";

export interface RatingSummary {
  nRated: number;
  nUnable: number;
  median: number | null;
  q1: number | null;
  q3: number | null;
  pct1to3: number | null;
  pct4to6: number | null;
  pct7to9: number | null;
  /** counts of ratings 1..9 (index 0 = rating 1) */
  distribution: number[];
}

export function quantile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

const pct = (n: number, d: number) => (d === 0 ? null : Math.round((1000 * n) / d) / 10);

export function summarise(ratings: readonly Rating[]): RatingSummary {
  const values = ratings.filter((r): r is number => r !== "unable").sort((a, b) => a - b);
  const distribution = Array.from({ length: 9 }, (_, i) => values.filter((v) => v === i + 1).length);
  const low = values.filter((v) => v <= 3).length;
  const high = values.filter((v) => v >= 7).length;
  return {
    nRated: values.length,
    nUnable: ratings.length - values.length,
    median: quantile(values, 0.5),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    pct1to3: pct(low, values.length),
    pct4to6: pct(values.length - low - high, values.length),
    pct7to9: pct(high, values.length),
    distribution,
  };
}

/** The rule applied to one set of ratings (no group logic). Exact counts, not rounded percentages. */
export function classify(ratings: readonly Rating[], rule: ConsensusRule): Consensus {
  const values = ratings.filter((r): r is number => r !== "unable");
  if (values.length === 0) return "none";
  const low = (100 * values.filter((v) => v <= 3).length) / values.length;
  const high = (100 * values.filter((v) => v >= 7).length) / values.length;
  if (high >= rule.inMinPctHigh && low < rule.inMaxPctLow) return "in";
  if (low >= rule.outMinPctLow && high < rule.outMaxPctHigh) return "out";
  return "none";
}

export interface GroupRatings {
  group: string;
  ratings: readonly Rating[];
}

/**
 * Consensus for an item: overall, and — with scope "groupsAndOverall" — the same class in every
 * group that has at least minGroupRaters numeric ratings (smaller groups are not judged alone).
 */
export function itemConsensus(groups: readonly GroupRatings[], rule: ConsensusRule): { overall: Consensus; byGroup: Record<string, Consensus | null>; consensus: Consensus } {
  const all = groups.flatMap((g) => g.ratings);
  const overall = classify(all, rule);
  const byGroup: Record<string, Consensus | null> = {};
  for (const g of groups) {
    const rated = g.ratings.filter((r) => r !== "unable").length;
    byGroup[g.group] = rated >= rule.minGroupRaters ? classify(g.ratings, rule) : null;
  }
  if (rule.scope === "overallOnly" || overall === "none") return { overall, byGroup, consensus: overall };
  const judged = Object.values(byGroup).filter((c): c is Consensus => c !== null);
  return { overall, byGroup, consensus: judged.every((c) => c === overall) ? overall : "none" };
}

export const category = (r: number): 0 | 1 | 2 => (r <= 3 ? 0 : r <= 6 ? 1 : 2);

/**
 * Stability between two rounds: the % of panellists who gave a numeric rating in both whose
 * category (1-3, 4-6, 7-9) changed. Null when nobody rated in both.
 */
export function stability(previous: ReadonlyMap<string, Rating>, current: ReadonlyMap<string, Rating>): number | null {
  let both = 0;
  let moved = 0;
  for (const [who, now] of current) {
    const before = previous.get(who);
    if (typeof now !== "number" || typeof before !== "number") continue;
    both++;
    if (category(now) !== category(before)) moved++;
  }
  return pct(moved, both);
}
