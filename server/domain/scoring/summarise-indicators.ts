/**
 * National summary per indicator over the responding LAs: counts and % per band (overall, by region,
 * by LA type), barriers reported (each LA counted once per barrier), the most common barrier, and how
 * many LAs could supply the indicator today (band "ready_now").
 *
 * Percentages are of the LAs in that group whose scores include the indicator, rounded to 1 decimal.
 * The most common barrier ignores "unknown" (a don't-know answer is not a barrier to act on) unless
 * nothing else was reported; ties go to the more fundamental barrier (BARRIER_ORDER).
 * Groups with fewer than SMALL_GROUP_THRESHOLD LAs are flagged `small: true` (ODI practice: do not
 * publish cells under 5); the numbers are still given to researchers. Anyone who may see aggregates
 * only gets withholdSmallGroups(): small groups are left out and named, never shown.
 */
import type { BandId, BarrierCode, Catalogue, ScoringRules } from "../definitions/types.ts";
import type { IndicatorScore } from "./types.ts";
import { BARRIER_LABELS, BARRIER_ORDER, NOT_ENOUGH_INFORMATION_LABEL } from "./wording.ts";

export const SMALL_GROUP_THRESHOLD = 5;

export const BAND_ORDER: readonly BandId[] = ["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"];

export interface ScoredLa {
  laCode: string;
  region: string;
  laType: string;
  /** LaScores, or just the fields the summary needs (e.g. read back from the database). */
  scores: { indicators: readonly Pick<IndicatorScore, "indicatorId" | "score" | "band" | "barriers">[] };
}

export interface BandBreakdown {
  n: number;
  small: boolean;
  counts: Record<BandId, number>;
  percent: Record<BandId, number>;
}

export interface BarrierCount {
  barrier: BarrierCode;
  label: string;
  count: number;
  percent: number;
}

export interface IndicatorSummary {
  indicatorId: string;
  indicatorName: string;
  outcomeArea: string;
  collectedNationally: boolean;
  bands: { id: BandId; label: string }[];
  respondingLas: number;
  /** LAs able to supply the indicator today (band ready_now). */
  readyNow: number;
  /** Median score of LAs with a score; null when none. */
  medianScore: number | null;
  overall: BandBreakdown;
  byRegion: (BandBreakdown & { region: string })[];
  byLaType: (BandBreakdown & { laType: string })[];
  barriers: BarrierCount[];
  mostCommonBarrier: BarrierCount | null;
  /** Set by withholdSmallGroups: groups left out because fewer than SMALL_GROUP_THRESHOLD LAs are in them. */
  withheldRegions?: string[];
  withheldLaTypes?: string[];
}

/**
 * The summary as aggregates-only readers may see it: a region or LA type with fewer than
 * SMALL_GROUP_THRESHOLD responding LAs is left out (a group of one would show that LA's band), and
 * named in withheldRegions / withheldLaTypes so the reader knows why it is missing.
 */
export function withholdSmallGroups(summary: IndicatorSummary): IndicatorSummary {
  return {
    ...summary,
    byRegion: summary.byRegion.filter((g) => !g.small),
    byLaType: summary.byLaType.filter((g) => !g.small),
    withheldRegions: summary.byRegion.filter((g) => g.small).map((g) => g.region),
    withheldLaTypes: summary.byLaType.filter((g) => g.small).map((g) => g.laType),
  };
}

function emptyCounts(): Record<BandId, number> {
  return { ready_now: 0, feasible_with_development: 0, not_feasible_now: 0, not_enough_information: 0 };
}

function pct(count: number, n: number): number {
  return n === 0 ? 0 : Math.round((count * 1000) / n) / 10;
}

function breakdown(counts: Record<BandId, number>, n: number): BandBreakdown {
  const percent = emptyCounts();
  for (const b of BAND_ORDER) percent[b] = pct(counts[b], n);
  return { n, small: n < SMALL_GROUP_THRESHOLD, counts, percent };
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const BAND_INDEX: Record<BandId, number> = { ready_now: 0, feasible_with_development: 1, not_feasible_now: 2, not_enough_information: 3 };
const NB = BAND_ORDER.length;
const BARRIER_INDEX = new Map<BarrierCode, number>(BARRIER_ORDER.map((b, i) => [b, i]));

function countsFrom(arr: Int32Array, offset: number): Record<BandId, number> {
  return {
    ready_now: arr[offset],
    feasible_with_development: arr[offset + 1],
    not_feasible_now: arr[offset + 2],
    not_enough_information: arr[offset + 3],
  };
}

export function summariseIndicators(catalogue: Catalogue, rules: ScoringRules, scored: readonly ScoredLa[]): IndicatorSummary[] {
  const bandLabels: { id: BandId; label: string }[] = [
    ...[...rules.bands].sort((a, b) => b.min - a.min).map((b) => ({ id: b.id as BandId, label: b.label })),
    { id: "not_enough_information", label: NOT_ENOUGH_INFORMATION_LABEL },
  ];
  const indicators = catalogue.indicators;
  const ni = indicators.length;
  const indexOf = new Map(indicators.map((ind, i) => [ind.id, i]));
  const nBar = BARRIER_ORDER.length;

  // One pass over the LAs; counts in flat arrays [indicator * NB + band].
  const overall = new Int32Array(ni * NB);
  const barrierCounts = new Int32Array(ni * nBar);
  const regions = new Map<string, Int32Array>();
  const types = new Map<string, Int32Array>();
  const scores: number[][] = indicators.map(() => []);
  for (const la of scored) {
    let r = regions.get(la.region);
    if (!r) regions.set(la.region, (r = new Int32Array(ni * NB)));
    let t = types.get(la.laType);
    if (!t) types.set(la.laType, (t = new Int32Array(ni * NB)));
    const list = la.scores.indicators;
    for (let k = 0; k < list.length; k++) {
      const s = list[k];
      // scores are normally in catalogue order; fall back to a lookup
      const i = indicators[k]?.id === s.indicatorId ? k : indexOf.get(s.indicatorId);
      if (i === undefined) continue;
      const at = i * NB + BAND_INDEX[s.band];
      overall[at]++;
      r[at]++;
      t[at]++;
      for (const b of s.barriers) barrierCounts[i * nBar + BARRIER_INDEX.get(b)!]++;
      if (s.score !== null) scores[i].push(s.score);
    }
  }

  const regionNames = [...regions.keys()].sort();
  const typeNames = [...types.keys()].sort();
  const group = (arr: Int32Array, i: number): BandBreakdown | null => {
    const o = i * NB;
    const n = arr[o] + arr[o + 1] + arr[o + 2] + arr[o + 3];
    return n === 0 ? null : breakdown(countsFrom(arr, o), n);
  };

  return indicators.map((ind, i) => {
    const o = i * NB;
    const n = overall[o] + overall[o + 1] + overall[o + 2] + overall[o + 3];
    const barriers: BarrierCount[] = [];
    for (let b = 0; b < nBar; b++) {
      const count = barrierCounts[i * nBar + b];
      if (count > 0) barriers.push({ barrier: BARRIER_ORDER[b], label: BARRIER_LABELS[BARRIER_ORDER[b]], count, percent: pct(count, n) });
    }
    barriers.sort((a, b) => b.count - a.count || BARRIER_INDEX.get(a.barrier)! - BARRIER_INDEX.get(b.barrier)!);
    const byRegion: IndicatorSummary["byRegion"] = [];
    for (const region of regionNames) {
      const g = group(regions.get(region)!, i);
      if (g) byRegion.push({ region, ...g });
    }
    const byLaType: IndicatorSummary["byLaType"] = [];
    for (const laType of typeNames) {
      const g = group(types.get(laType)!, i);
      if (g) byLaType.push({ laType, ...g });
    }
    return {
      indicatorId: ind.id,
      indicatorName: ind.name,
      outcomeArea: ind.outcomeArea,
      collectedNationally: ind.collectedNationally,
      bands: bandLabels,
      respondingLas: n,
      readyNow: overall[o],
      medianScore: median(scores[i]),
      overall: breakdown(countsFrom(overall, o), n),
      byRegion,
      byLaType,
      barriers,
      mostCommonBarrier: barriers.find((b) => b.barrier !== "unknown") ?? barriers[0] ?? null,
    };
  });
}
