// The maximum-variation objective and the hard constraints, compiled into flat arrays for the search.
// See OBJECTIVE.md for the definition in plain words (objectiveDescription() returns the same text).

import {
  CATEGORICAL_ATTRIBUTES,
  NUMERIC_ATTRIBUTES,
  ATTRIBUTE_LABELS,
  type CaseStudyCandidate,
  type ObjectiveTerm,
  type SelectionWeights,
} from "./types.ts";

/** Value used for an LA with no Ofsted judgement. */
export const NOT_INSPECTED = "Not inspected";

export interface SelectionModel {
  /** Eligible LAs in tie-break priority order (seeded shuffle of la_code order). Index = priority. */
  las: CaseStudyCandidate[];
  n: number;
  k: number;
  weights: SelectionWeights;
  totalWeight: number;
  /** catCodes[a][i]: category code of LA i for categorical attribute a, or -1 for "no category". */
  catCodes: Int32Array[];
  /** catValues[a][code] */
  catValues: string[][];
  /** Most categories k picks can cover: min(k, categories among eligible LAs). */
  caps: number[];
  /** numRanks[a][i]: percentile rank (0..1) of LA i among eligible LAs; missing values get 0.5. */
  numRanks: Float64Array[];
  /** Largest possible sum of pairwise rank distances for k picks: floor(k/2)*ceil(k/2). */
  pairNorm: number;
  /** Per-unit contributions to the objective: weight / (cap * total weight), weight / (pairNorm * total weight). */
  wCat: Float64Array;
  wNum: Float64Array;
  // hard constraints (indices into las)
  forced: number[];
  free: number[];
  atMostOnePerRegion: boolean;
  /** typeMin[code], typeMax[code] for la_type codes. */
  typeMin: Int32Array;
  typeMax: Int32Array;
  /** Capability-band codes that must each appear at least once (wave 2 spanning). */
  requiredBands: number[];
}

export const REGION = 0;
export const LA_TYPE = 1;
export const OFSTED = 2;
export const TRAJECTORY = 3;
export const BAND = 4;

export function categoricalValue(la: CaseStudyCandidate, a: number): string {
  switch (CATEGORICAL_ATTRIBUTES[a]) {
    case "region":
      return la.region;
    case "la_type":
      return la.la_type;
    case "ofsted":
      return la.ofsted ?? NOT_INSPECTED;
    case "trajectory":
      return la.trajectory;
    case "capability_band":
      return la.capability_band;
  }
}

export function numericValue(la: CaseStudyCandidate, a: number): number | null {
  const v = la[NUMERIC_ATTRIBUTES[a]];
  return v == null || !Number.isFinite(v) ? null : v;
}

/** Percentile ranks in [0,1] (ties share the mid rank; missing -> 0.5; a single value -> 0.5). */
export function percentileRanks(values: (number | null)[]): Float64Array {
  const present = values.filter((v): v is number => v != null).sort((x, y) => x - y);
  const out = new Float64Array(values.length);
  const m = present.length;
  values.forEach((v, i) => {
    if (v == null || m <= 1) {
      out[i] = 0.5;
      return;
    }
    let below = 0;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (present[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    below = lo;
    let equal = 0;
    while (below + equal < m && present[below + equal] === v) equal++;
    out[i] = (below + (equal - 1) / 2) / (m - 1);
  });
  return out;
}

export interface ModelOptions {
  k: number;
  weights: SelectionWeights;
  bandOrder: readonly string[];
  forced: number[];
  free: number[];
  atMostOnePerRegion: boolean;
  minPerType: Record<string, number>;
  maxPerType: Record<string, number>;
  requiredBands: string[];
}

/** `las` must already be in priority order and contain only eligible LAs (the reference population). */
export function buildModel(las: CaseStudyCandidate[], opts: ModelOptions): SelectionModel {
  const n = las.length;
  const k = opts.k;
  const totalWeight = Object.values(opts.weights).reduce((s, w) => s + w, 0);
  const catCodes: Int32Array[] = [];
  const catValues: string[][] = [];
  const caps: number[] = [];
  const wCat = new Float64Array(CATEGORICAL_ATTRIBUTES.length);
  CATEGORICAL_ATTRIBUTES.forEach((attr, a) => {
    const raw = las.map((la) => categoricalValue(la, a));
    const counts = (v: string) => attr !== "capability_band" || opts.bandOrder.includes(v);
    let values = [...new Set(raw.filter(counts))].sort();
    if (attr === "capability_band") values = opts.bandOrder.filter((b) => values.includes(b));
    if (attr === "la_type") {
      // type constraints may name types no eligible LA has; give them codes too
      for (const t of [...Object.keys(opts.minPerType), ...Object.keys(opts.maxPerType)]) if (!values.includes(t)) values.push(t);
    }
    const index = new Map(values.map((v, i) => [v, i]));
    catCodes.push(Int32Array.from(raw, (v) => index.get(v) ?? -1));
    catValues.push(values);
    const present = new Set(raw.filter(counts)).size;
    const cap = Math.min(k, present);
    caps.push(cap);
    wCat[a] = cap > 0 && totalWeight > 0 ? opts.weights[attr] / (cap * totalWeight) : 0;
  });
  const pairNorm = Math.floor(k / 2) * Math.ceil(k / 2);
  const numRanks: Float64Array[] = [];
  const wNum = new Float64Array(NUMERIC_ATTRIBUTES.length);
  NUMERIC_ATTRIBUTES.forEach((attr, a) => {
    numRanks.push(percentileRanks(las.map((la) => numericValue(la, a))));
    wNum[a] = pairNorm > 0 && totalWeight > 0 ? opts.weights[attr] / (pairNorm * totalWeight) : 0;
  });
  const typeValues = catValues[LA_TYPE];
  const typeMin = new Int32Array(typeValues.length);
  const typeMax = new Int32Array(typeValues.length).fill(k);
  for (const [t, v] of Object.entries(opts.minPerType)) typeMin[typeValues.indexOf(t)] = v;
  for (const [t, v] of Object.entries(opts.maxPerType)) typeMax[typeValues.indexOf(t)] = Math.min(v, k);
  return {
    las,
    n,
    k,
    weights: opts.weights,
    totalWeight,
    catCodes,
    catValues,
    caps,
    numRanks,
    pairNorm,
    wCat,
    wNum,
    forced: opts.forced.slice().sort((x, y) => x - y),
    free: opts.free.slice().sort((x, y) => x - y),
    atMostOnePerRegion: opts.atMostOnePerRegion,
    typeMin,
    typeMax,
    requiredBands: opts.requiredBands.map((b) => catValues[BAND].indexOf(b)).filter((c) => c >= 0),
  };
}

/** Objective of a set of LA indices, computed from scratch in a fixed order (the canonical value). */
export function evaluate(model: SelectionModel, set: readonly number[]): number {
  const idx = set.slice().sort((x, y) => x - y);
  let total = 0;
  for (let a = 0; a < model.catCodes.length; a++) {
    if (model.wCat[a] === 0) continue;
    const codes = model.catCodes[a];
    const seen = new Set<number>();
    for (const i of idx) if (codes[i] >= 0) seen.add(codes[i]);
    total += model.wCat[a] * Math.min(seen.size, model.caps[a]);
  }
  for (let a = 0; a < model.numRanks.length; a++) {
    if (model.wNum[a] === 0) continue;
    const x = model.numRanks[a];
    let pairs = 0;
    for (let i = 0; i < idx.length; i++) for (let j = i + 1; j < idx.length; j++) pairs += Math.abs(x[idx[i]] - x[idx[j]]);
    total += model.wNum[a] * pairs;
  }
  return total;
}

/** Per-attribute scores (0..1) with plain-words detail. */
export function objectiveTerms(model: SelectionModel, set: readonly number[]): ObjectiveTerm[] {
  const terms: ObjectiveTerm[] = [];
  CATEGORICAL_ATTRIBUTES.forEach((attr, a) => {
    const seen = new Set<number>();
    for (const i of set) if (model.catCodes[a][i] >= 0) seen.add(model.catCodes[a][i]);
    const cap = model.caps[a];
    terms.push({
      attribute: attr,
      label: ATTRIBUTE_LABELS[attr],
      kind: "categorical",
      weight: model.weights[attr],
      score: cap > 0 ? Math.min(seen.size, cap) / cap : 0,
      detail: `${seen.size} of ${cap} possible ${ATTRIBUTE_LABELS[attr]} categories covered`,
    });
  });
  NUMERIC_ATTRIBUTES.forEach((attr, a) => {
    const x = model.numRanks[a];
    let pairs = 0;
    for (let i = 0; i < set.length; i++) for (let j = i + 1; j < set.length; j++) pairs += Math.abs(x[set[i]] - x[set[j]]);
    const nPairs = (set.length * (set.length - 1)) / 2;
    const maxMean = nPairs > 0 ? model.pairNorm / nPairs : 0;
    terms.push({
      attribute: attr,
      label: ATTRIBUTE_LABELS[attr],
      kind: "numeric",
      weight: model.weights[attr],
      score: model.pairNorm > 0 ? pairs / model.pairNorm : 0,
      detail:
        nPairs > 0
          ? `mean distance between picks ${(pairs / nPairs).toFixed(2)} in percentile rank (largest possible ${maxMean.toFixed(2)})`
          : "no pairs",
    });
  });
  return terms;
}

/** Every hard constraint, checked on a complete set. */
export function isFeasible(model: SelectionModel, set: readonly number[]): boolean {
  const region = model.catCodes[REGION];
  const type = model.catCodes[LA_TYPE];
  const band = model.catCodes[BAND];
  if (model.atMostOnePerRegion && new Set(set.map((i) => region[i])).size !== set.length) return false;
  const typeCount = new Int32Array(model.typeMin.length);
  for (const i of set) typeCount[type[i]]++;
  for (let t = 0; t < typeCount.length; t++) if (typeCount[t] < model.typeMin[t] || typeCount[t] > model.typeMax[t]) return false;
  for (const b of model.requiredBands) if (!set.some((i) => band[i] === b)) return false;
  return true;
}

/** Lexicographic comparison of two sorted index lists (the seeded tie-break: smaller wins). */
export function compareKeys(a: readonly number[], b: readonly number[]): number {
  const len = Math.min(a.length, b.length);
  for (let i = 0; i < len; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Objective values closer than this are an exact tie (floating-point noise only). */
export const TIE_EPS = 1e-9;

/** Tie-aware comparison: does (value, key) beat the incumbent (best, bestKey)? */
export function beats(value: number, key: readonly number[], best: number, bestKey: readonly number[] | null): boolean {
  if (bestKey === null) return true;
  if (value > best + TIE_EPS) return true;
  if (value < best - TIE_EPS) return false;
  return compareKeys(key, bestKey) < 0;
}
