/**
 * National summary per indicator over the responding LAs: counts and % per band (overall, by region,
 * by LA type), barriers reported (each LA counted once per barrier), the most common barrier, and how
 * many LAs could supply the indicator today (band "ready_now").
 *
 * Percentages are of the LAs in that group whose scores include the indicator, rounded to 1 decimal.
 * The most common barrier ignores "unknown" (a don't-know answer is not a barrier to act on) unless
 * nothing else was reported; ties go to the more fundamental barrier (BARRIER_ORDER).
 * Groups with fewer than SMALL_GROUP_THRESHOLD LAs are flagged `small: true` (ODI practice: do not
 * publish cells under 5); the numbers are still given, as the researchers are the audience.
 */
import type { BandId, BarrierCode, Catalogue, ScoringRules } from "../definitions/types.ts";
import type { IndicatorScore, LaScores } from "./types.ts";
import { BARRIER_LABELS, BARRIER_ORDER } from "./wording.ts";
import { NOT_ENOUGH_INFORMATION_LABEL } from "./score-response.ts";

export const SMALL_GROUP_THRESHOLD = 5;

export const BAND_ORDER: readonly BandId[] = ["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"];

export interface ScoredLa {
  laCode: string;
  region: string;
  laType: string;
  scores: Pick<LaScores, "indicators">;
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

export function summariseIndicators(catalogue: Catalogue, rules: ScoringRules, scored: readonly ScoredLa[]): IndicatorSummary[] {
  const bandLabels: { id: BandId; label: string }[] = [
    ...[...rules.bands].sort((a, b) => b.min - a.min).map((b) => ({ id: b.id as BandId, label: b.label })),
    { id: "not_enough_information", label: NOT_ENOUGH_INFORMATION_LABEL },
  ];
  // index each LA's indicator scores once
  const perLa = scored.map((la) => {
    const m = new Map<string, IndicatorScore>();
    for (const s of la.scores.indicators) m.set(s.indicatorId, s);
    return { la, m };
  });

  return catalogue.indicators.map((ind) => {
    const overall = emptyCounts();
    const regions = new Map<string, Record<BandId, number>>();
    const types = new Map<string, Record<BandId, number>>();
    const regionN = new Map<string, number>();
    const typeN = new Map<string, number>();
    const barrierCounts = new Map<BarrierCode, number>();
    const scores: number[] = [];
    let n = 0;
    for (const { la, m } of perLa) {
      const s = m.get(ind.id);
      if (!s) continue;
      n++;
      overall[s.band]++;
      let r = regions.get(la.region);
      if (!r) regions.set(la.region, (r = emptyCounts()));
      r[s.band]++;
      regionN.set(la.region, (regionN.get(la.region) ?? 0) + 1);
      let t = types.get(la.laType);
      if (!t) types.set(la.laType, (t = emptyCounts()));
      t[s.band]++;
      typeN.set(la.laType, (typeN.get(la.laType) ?? 0) + 1);
      for (const b of s.barriers) barrierCounts.set(b, (barrierCounts.get(b) ?? 0) + 1);
      if (s.score !== null) scores.push(s.score);
    }
    const barriers: BarrierCount[] = BARRIER_ORDER.filter((b) => (barrierCounts.get(b) ?? 0) > 0)
      .map((b) => ({ barrier: b, label: BARRIER_LABELS[b], count: barrierCounts.get(b)!, percent: pct(barrierCounts.get(b)!, n) }))
      .sort((a, b) => b.count - a.count || BARRIER_ORDER.indexOf(a.barrier) - BARRIER_ORDER.indexOf(b.barrier));
    const mostCommonBarrier = barriers.find((b) => b.barrier !== "unknown") ?? barriers[0] ?? null;
    return {
      indicatorId: ind.id,
      indicatorName: ind.name,
      outcomeArea: ind.outcomeArea,
      collectedNationally: ind.collectedNationally,
      bands: bandLabels,
      respondingLas: n,
      readyNow: overall.ready_now,
      medianScore: median(scores),
      overall: breakdown(overall, n),
      byRegion: [...regions.keys()].sort().map((region) => ({ region, ...breakdown(regions.get(region)!, regionN.get(region)!) })),
      byLaType: [...types.keys()].sort().map((laType) => ({ laType, ...breakdown(types.get(laType)!, typeN.get(laType)!) })),
      barriers,
      mostCommonBarrier,
    };
  });
}
