// Exact maximisation of the objective (selection-model.ts) by depth-first branch and bound.
//
// Sets are enumerated as increasing position lists over the "free" LAs (the forced ones are always in),
// taken in a search order that puts LAs far from the middle of the numeric measures first (so the
// remaining candidates' ranges, and the bounds, shrink quickly). Ties are independent of that order:
// among sets whose objectives tie (within TIE_EPS) the one whose sorted model indices (the seeded
// priority) are lexicographically smallest wins, so the seed only matters for exact ties.
//
// Upper bound for a partial set P with r picks still to make from the candidates R after the last index:
//   f(P) + sum of the r largest marginal gains s_P(q), q in R, + pair bound
// where s_P(q) = categorical gain of adding q to P + numeric distance from q to every member of P.
// This is admissible because category coverage (capped) is submodular, so the gains of several new picks
// are at most the sum of their gains w.r.t. P, and the numeric pair sums split exactly into
// pairs inside P + pairs between P and the new picks + pairs among the new picks; the last part is at most
// floor(r/2)*ceil(r/2) * (range of the remaining ranks) because r points in an interval have at most that
// total pairwise distance (half at each end). Children are screened with the parent's gains, then
// re-bounded with their own. The last pick is evaluated exactly for every remaining candidate.

import {
  BAND,
  LA_TYPE,
  REGION,
  TIE_EPS,
  compareKeys,
  evaluate,
  isFeasible,
  type SelectionModel,
} from "./selection-model.ts";

export interface SearchOutcome {
  /** Sorted indices into model.las (forced + chosen free LAs). */
  set: number[];
  value: number;
  /** Search nodes visited (bound computations + leaf evaluations). */
  nodes: number;
  /** Internal nodes expanded per depth (number of free picks made), for the benchmark. */
  nodesByDepth?: number[];
}

/** Tie-aware comparison: does (value, key) beat the incumbent (best, bestKey)? */
function beats(value: number, key: readonly number[], best: number, bestKey: readonly number[] | null): boolean {
  if (bestKey === null) return true;
  if (value > best + TIE_EPS) return true;
  if (value < best - TIE_EPS) return false;
  return compareKeys(key, bestKey) < 0;
}

export function branchAndBound(model: SelectionModel, initial?: number[] | null): SearchOutcome | null {
  const { forced, k } = model;
  const free = searchOrder(model);
  const F = free.length;
  const kFree = k - forced.length;
  if (kFree < 0 || kFree > F) return null;
  if (kFree === 0) {
    return isFeasible(model, forced) ? { set: forced.slice(), value: evaluate(model, forced), nodes: 1 } : null;
  }
  const Acat = model.catCodes.length;
  const Anum = model.numRanks.length;
  const cat = model.catCodes.map((codes) => Int32Array.from(free, (g) => codes[g]));
  const num = model.numRanks.map((ranks) => Float64Array.from(free, (g) => ranks[g]));
  const wCat = model.wCat;
  const wNum = model.wNum;
  const catCount = model.catValues.map((vals) => new Int32Array(vals.length));
  for (const g of forced) for (let a = 0; a < Acat; a++) if (model.catCodes[a][g] >= 0) catCount[a][model.catCodes[a][g]]++;
  const regionCount = catCount[REGION];
  const typeCount = catCount[LA_TYPE];
  const bandCount = catCount[BAND];
  const regionOf = cat[REGION];
  const typeOf = cat[LA_TYPE];
  const bandOf = cat[BAND];
  const T = typeCount.length;
  const { typeMin, typeMax, requiredBands, atMostOnePerRegion } = model;
  const hasTypeMin = typeMin.some((v) => v > 0);
  const nReq = requiredBands.length;

  // suffix statistics over local indices l..F-1
  const sufMin = num.map((x) => {
    const out = new Float64Array(F + 1).fill(Infinity);
    for (let l = F - 1; l >= 0; l--) out[l] = Math.min(out[l + 1], x[l]);
    return out;
  });
  const sufMax = num.map((x) => {
    const out = new Float64Array(F + 1).fill(-Infinity);
    for (let l = F - 1; l >= 0; l--) out[l] = Math.max(out[l + 1], x[l]);
    return out;
  });
  const sufType = new Int32Array((F + 1) * T);
  for (let l = F - 1; l >= 0; l--) {
    for (let t = 0; t < T; t++) sufType[l * T + t] = sufType[(l + 1) * T + t];
    sufType[l * T + typeOf[l]]++;
  }
  const sufReq = new Int32Array((F + 1) * Math.max(1, nReq));
  for (let l = F - 1; l >= 0; l--) {
    for (let j = 0; j < nReq; j++) sufReq[l * nReq + j] = sufReq[(l + 1) * nReq + j] + (bandOf[l] === requiredBands[j] ? 1 : 0);
  }

  // per-depth scratch
  const sArr = Array.from({ length: kFree }, () => new Float64Array(F));
  const accArr = Array.from({ length: kFree }, () => new Float64Array(F));
  const topArr = Array.from({ length: kFree }, () => new Float64Array(F));
  const s2Arr = Array.from({ length: kFree }, () => new Float64Array(F));
  const top2Arr = Array.from({ length: kFree }, () => new Float64Array(F));
  const buf = new Float64Array(8);
  const nbuf = new Float64Array(16);
  const groupBest = new Int32Array(32);
  // sufMask[a][l]: bitmask of the categories of attribute a among local indices l..F-1
  for (const vals of model.catValues) {
    if (vals.length > 30) throw new Error("search: a categorical attribute has more than 30 categories");
  }
  const sufMask = cat.map((codes) => {
    const out = new Int32Array(F + 1);
    for (let l = F - 1; l >= 0; l--) out[l] = out[l + 1] | (codes[l] >= 0 ? 1 << codes[l] : 0);
    return out;
  });
  // per-depth: remaining category capacity, covered categories, and which attributes use the capped bound
  const capRemainArr = Array.from({ length: kFree }, () => new Int32Array(Acat));
  const coveredArr = Array.from({ length: kFree }, () => new Int32Array(Acat));
  const fixedArr = Array.from({ length: kFree }, () => new Uint8Array(Acat));
  const picks: number[] = [];

  // numeric distance of each free LA to the forced LAs
  const acc0 = accArr[0];
  for (const g of forced) {
    for (let a = 0; a < Anum; a++) {
      if (wNum[a] === 0) continue;
      const rg = model.numRanks[a][g];
      const x = num[a];
      for (let l = 0; l < F; l++) acc0[l] += wNum[a] * Math.abs(x[l] - rg);
    }
  }
  const f0 = evaluate(model, forced);

  let best = -Infinity;
  let bestKey: number[] | null = null;
  let nodes = 0;
  const nodesByDepth = new Array<number>(kFree).fill(0);

  if (initial && isFeasible(model, initial)) {
    const chosen = initial.filter((g) => !forced.includes(g));
    if (chosen.length === kFree && chosen.every((g) => free.includes(g))) {
      best = evaluate(model, initial);
      bestKey = chosen.sort((x, y) => x - y);
    }
  }

  // sufSmall[l * kFree + j]: the j-th smallest model index among free positions l..F-1 (for tie checks)
  const sufSmall = new Int32Array((F + 1) * kFree).fill(2147483647);
  for (let l = F - 1; l >= 0; l--) {
    const g = free[l];
    let inserted = false;
    for (let i = 0, j = 0; j < kFree; ) {
      const prev = sufSmall[(l + 1) * kFree + i];
      if (!inserted && g < prev) {
        sufSmall[l * kFree + j++] = g;
        inserted = true;
      } else {
        sufSmall[l * kFree + j++] = prev;
        i++;
      }
    }
  }
  const keyScratch = new Array<number>(kFree);
  const fixedScratch: number[] = [];
  /**
   * Could the subtree hold a set that beats the incumbent? With `withQ`, the subtree is picks + q + r-1 more
   * after q; otherwise picks + r more from q on. A near-tie is explored only if the smallest key the subtree
   * could have (its fixed LAs plus the smallest remaining indices) is smaller than the incumbent's.
   */
  function worth(ub: number, q: number, r: number, withQ = true): boolean {
    if (bestKey === null || ub > best + TIE_EPS) return true;
    if (ub < best - TIE_EPS) return false;
    fixedScratch.length = 0;
    for (const l of picks) fixedScratch.push(free[l]);
    if (withQ) fixedScratch.push(free[q]);
    fixedScratch.sort((x, y) => x - y);
    const from = withQ ? q + 1 : q;
    const need = withQ ? r - 1 : r;
    let i = 0;
    let j = 0;
    for (let n = 0; n < kFree; n++) {
      const a = i < fixedScratch.length ? fixedScratch[i] : 2147483647;
      const b = j < need ? sufSmall[from * kFree + j] : 2147483647;
      if (a < b) {
        keyScratch[n] = a;
        i++;
      } else {
        keyScratch[n] = b;
        j++;
      }
    }
    return compareKeys(keyScratch, bestKey) < 0;
  }

  function allowed(l: number): boolean {
    if (atMostOnePerRegion && regionCount[regionOf[l]] > 0) return false;
    return typeCount[typeOf[l]] < typeMax[typeOf[l]];
  }

  /** With the current counts, can `left` more picks from local indices >= start still meet the minimums? */
  function canComplete(start: number, left: number): boolean {
    if (F - start < left) return false;
    if (hasTypeMin) {
      let need = 0;
      for (let t = 0; t < T; t++) {
        const d = typeMin[t] - typeCount[t];
        if (d > 0) {
          if (sufType[start * T + t] < d) return false;
          need += d;
        }
      }
      if (need > left) return false;
    }
    let unmet = 0;
    for (let j = 0; j < nReq; j++) {
      if (bandCount[requiredBands[j]] === 0) {
        if (sufReq[start * nReq + j] === 0) return false;
        unmet++;
      }
    }
    return unmet <= left;
  }

  function leafFeasible(l: number): boolean {
    if (hasTypeMin) {
      for (let t = 0; t < T; t++) if (typeCount[t] + (typeOf[l] === t ? 1 : 0) < typeMin[t]) return false;
    }
    for (let j = 0; j < nReq; j++) if (bandCount[requiredBands[j]] === 0 && bandOf[l] !== requiredBands[j]) return false;
    return true;
  }

  function add(l: number, sign: 1 | -1) {
    for (let a = 0; a < Acat; a++) if (cat[a][l] >= 0) catCount[a][cat[a][l]] += sign;
  }

  function dfs(start: number, fP: number) {
    const m = picks.length;
    const r = kFree - m;
    const s = sArr[m];
    const acc = accArr[m];
    nodes++;
    nodesByDepth[m]++;
    for (let l = start; l < F; l++) {
      if (!allowed(l)) {
        s[l] = -Infinity;
        continue;
      }
      let g = acc[l];
      for (let a = 0; a < Acat; a++) {
        const c = cat[a][l];
        if (c >= 0 && catCount[a][c] === 0) g += wCat[a];
      }
      s[l] = g;
    }
    if (r === 1) {
      for (let l = start; l < F; l++) {
        if (s[l] === -Infinity || !leafFeasible(l)) continue;
        const v = fP + s[l];
        if (v < best - TIE_EPS) continue;
        nodes++;
        picks.push(l);
        const key = picks.map((x) => free[x]).sort((x, y) => x - y);
        if (v > best + TIE_EPS || bestKey === null || compareKeys(key, bestKey) < 0) {
          const cv = evaluate(model, [...forced, ...key]);
          if (beats(cv, key, best, bestKey)) {
            best = cv;
            bestKey = key;
          }
        }
        picks.pop();
      }
      return;
    }
    // Second bound (Lagrangian on the category caps): an attribute that can gain fewer new categories than
    // the r picks left ("capped") is credited with its full remaining gain once, and not per candidate.
    let anyFixed = false;
    const capRemain = capRemainArr[m];
    const coveredMask = coveredArr[m];
    const fixed = fixedArr[m];
    for (let a = 0; a < Acat; a++) {
      let mask = 0;
      let distinct = 0;
      const counts = catCount[a];
      for (let c = 0; c < counts.length; c++) {
        if (counts[c] > 0) {
          mask |= 1 << c;
          distinct++;
        }
      }
      coveredMask[a] = mask;
      capRemain[a] = model.caps[a] - distinct;
      const avail = Math.min(capRemain[a], popcount(sufMask[a][start] & ~mask));
      fixed[a] = wCat[a] > 0 && avail < r ? 1 : 0;
      if (fixed[a]) anyFixed = true;
    }
    const top = topArr[m];
    suffixTop(s, top, start, F, r - 1, buf);
    const s2 = s2Arr[m];
    const top2 = top2Arr[m];
    if (anyFixed) {
      for (let l = start; l < F; l++) {
        let g = s[l];
        if (g === -Infinity) {
          s2[l] = g;
          continue;
        }
        for (let a = 0; a < Acat; a++) {
          const c = cat[a][l];
          if (fixed[a] && c >= 0 && catCount[a][c] === 0) g -= wCat[a];
        }
        s2[l] = g;
      }
      suffixTop(s2, top2, start, F, r - 1, buf);
    }
    const pairFactor = Math.floor(r / 2) * Math.ceil(r / 2);
    // Node-level bound with one attribute's categories counted once each: among candidates that would add
    // the same new category of attribute b, only the best one is credited with it (an optimal completion
    // never needs a worse one of them for that category). Tried for each attribute; the smallest bound wins.
    {
      let pbNode = 0;
      for (let a = 0; a < Anum; a++) pbNode += wNum[a] * (sufMax[a][start] - sufMin[a][start]);
      let fixedGain = 0;
      for (let a = 0; a < Acat; a++) {
        if (fixed[a]) fixedGain += wCat[a] * Math.min(capRemain[a], popcount(sufMask[a][start] & ~coveredMask[a]));
      }
      const base = anyFixed ? s2 : s;
      let ubNode = Infinity;
      {
        const constant = pairFactor * pbNode;
        let grouped = false;
        for (let a = 0; a < Acat; a++) if (!fixed[a] && wCat[a] > 0) grouped = true;
        // b = -1: no grouping (only needed when no attribute qualifies for it)
        for (let b = grouped ? 0 : -1; b < Acat; b++) {
          if (b >= 0 && (fixed[b] || wCat[b] === 0)) continue;
          const codes = cat[Math.max(b, 0)];
          const counts = catCount[Math.max(b, 0)];
          const useGroups = b >= 0;
          groupBest.fill(-1);
          for (let l = start; l < F; l++) {
            const v = base[l];
            if (v === -Infinity) continue;
            const c = codes[l];
            if (useGroups && c >= 0 && counts[c] === 0) {
              const gb = groupBest[c];
              if (gb < 0 || base[gb] < v) groupBest[c] = l;
            }
          }
          const wb = useGroups ? wCat[b] : 0;
          let have = 0;
          for (let l = start; l < F; l++) {
            let v = base[l];
            if (v === -Infinity) continue;
            const c = codes[l];
            if (useGroups && c >= 0 && counts[c] === 0 && groupBest[c] !== l) v -= wb;
            if (have < r) {
              let i = have++;
              while (i > 0 && nbuf[i - 1] < v) {
                nbuf[i] = nbuf[i - 1];
                i--;
              }
              nbuf[i] = v;
            } else if (v > nbuf[r - 1]) {
              let i = r - 1;
              while (i > 0 && nbuf[i - 1] < v) {
                nbuf[i] = nbuf[i - 1];
                i--;
              }
              nbuf[i] = v;
            }
          }
          if (have < r) return;
          const ubB = fP + fixedGain + sumBuf(nbuf, r) + constant;
          if (ubB < ubNode) {
            ubNode = ubB;
            if (!worth(ubNode, start, r, false)) return; // pruned; no need to try the other attributes
          }
        }
      }
      if (ubNode !== Infinity && !worth(ubNode, start, r, false)) return;
    }
    const nextAcc = accArr[m + 1];
    for (let q = start; q <= F - r; q++) {
      const sq = s[q];
      if (sq === -Infinity || top[q] === -Infinity) continue;
      let pb = 0;
      for (let a = 0; a < Anum; a++) pb += wNum[a] * (sufMax[a][q] - sufMin[a][q]);
      let ub = fP + sq + top[q] + pairFactor * pb;
      if (anyFixed) {
        let fixedGain = 0;
        for (let a = 0; a < Acat; a++) {
          if (fixed[a]) fixedGain += wCat[a] * Math.min(capRemain[a], popcount(sufMask[a][q] & ~coveredMask[a]));
        }
        const ub2 = fP + fixedGain + s2[q] + top2[q] + pairFactor * pb;
        if (ub2 < ub) ub = ub2;
      }
      if (!worth(ub, q, r)) continue;
      add(q, 1);
      if (canComplete(q + 1, r - 1)) {
        for (let l = q + 1; l < F; l++) {
          let d = acc[l];
          for (let a = 0; a < Anum; a++) d += wNum[a] * Math.abs(num[a][l] - num[a][q]);
          nextAcc[l] = d;
        }
        picks.push(q);
        dfs(q + 1, fP + sq);
        picks.pop();
      }
      add(q, -1);
    }
  }

  if (canComplete(0, kFree)) dfs(0, f0);
  if (bestKey === null) return null;
  const set = [...forced, ...bestKey].sort((x, y) => x - y);
  return { set, value: best, nodes, nodesByDepth };
}

/**
 * Search order of the free LAs: farthest from the middle (percentile rank 0.5) on the weighted numeric
 * measures first, then by model index. Only speed depends on it, never the result.
 */
export function searchOrder(model: SelectionModel): number[] {
  const ext = new Map<number, number>();
  for (const g of model.free) {
    let e = 0;
    for (let a = 0; a < model.numRanks.length; a++) e += model.wNum[a] * Math.abs(model.numRanks[a][g] - 0.5);
    ext.set(g, e);
  }
  return model.free.slice().sort((x, y) => ext.get(y)! - ext.get(x)! || x - y);
}

/** top[l] = sum of the `need` largest finite s values among indices l+1..F-1 (−Infinity if fewer). */
function suffixTop(s: Float64Array, top: Float64Array, start: number, F: number, need: number, buf: Float64Array) {
  let have = 0;
  for (let l = F - 1; l >= start; l--) {
    top[l] = have >= need ? sumBuf(buf, need) : -Infinity;
    const v = s[l];
    if (v === -Infinity) continue;
    if (have < need) {
      let i = have++;
      while (i > 0 && buf[i - 1] < v) {
        buf[i] = buf[i - 1];
        i--;
      }
      buf[i] = v;
    } else if (need > 0 && v > buf[need - 1]) {
      let i = need - 1;
      while (i > 0 && buf[i - 1] < v) {
        buf[i] = buf[i - 1];
        i--;
      }
      buf[i] = v;
    }
  }
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

function sumBuf(buf: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += buf[i];
  return s;
}

/** Reference implementation: every combination, same objective and tie rule. For tests and the benchmark. */
export function bruteForce(model: SelectionModel): SearchOutcome | null {
  const { free, forced, k } = model;
  const kFree = k - forced.length;
  if (kFree < 0 || kFree > free.length) return null;
  let best = -Infinity;
  let bestKey: number[] | null = null;
  let nodes = 0;
  const combo: number[] = [];
  const rec = (start: number) => {
    if (combo.length === kFree) {
      nodes++;
      const set = [...forced, ...combo.map((l) => free[l])];
      if (!isFeasible(model, set)) return;
      const v = evaluate(model, set);
      if (beats(v, combo, best, bestKey)) {
        best = v;
        bestKey = combo.slice();
      }
      return;
    }
    for (let l = start; l <= free.length - (kFree - combo.length); l++) {
      combo.push(l);
      rec(l + 1);
      combo.pop();
    }
  };
  rec(0);
  if (bestKey === null) return null;
  const key: number[] = bestKey;
  return { set: [...forced, ...key.map((l) => free[l])].sort((x, y) => x - y), value: best, nodes };
}

/**
 * Greedy construction (best marginal gain first) then 1-swap local search. Not exact: used to seed the
 * branch and bound with a good incumbent, and as the benchmark baseline. Returns null if it cannot
 * build a set meeting every constraint.
 */
export function greedyLocalSearch(model: SelectionModel): SearchOutcome | null {
  const { free, forced, k } = model;
  const kFree = k - forced.length;
  if (kFree < 0 || kFree > free.length) return null;
  let nodes = 0;
  const set = forced.slice();
  const inSet = new Set(set);
  const partialOk = (s: number[]) => {
    const region = model.catCodes[REGION];
    const type = model.catCodes[LA_TYPE];
    if (model.atMostOnePerRegion && new Set(s.map((i) => region[i])).size !== s.length) return false;
    const tc = new Int32Array(model.typeMax.length);
    for (const i of s) tc[type[i]]++;
    for (let t = 0; t < tc.length; t++) if (tc[t] > model.typeMax[t]) return false;
    return true;
  };
  for (let step = 0; step < kFree; step++) {
    let bestG = -1;
    let bestV = -Infinity;
    for (const g of free) {
      if (inSet.has(g)) continue;
      const trial = [...set, g];
      if (!partialOk(trial)) continue;
      nodes++;
      const v = evaluate(model, trial);
      if (v > bestV + TIE_EPS) {
        bestV = v;
        bestG = g;
      }
    }
    if (bestG < 0) return null;
    set.push(bestG);
    inSet.add(bestG);
  }
  let value = isFeasible(model, set) ? evaluate(model, set) : -Infinity;
  for (let pass = 0; pass < 50; pass++) {
    let improved = false;
    for (let p = forced.length; p < set.length; p++) {
      for (const g of free) {
        if (inSet.has(g)) continue;
        const trial = set.slice();
        trial[p] = g;
        if (!isFeasible(model, trial)) continue;
        nodes++;
        const v = evaluate(model, trial);
        if (v > value + TIE_EPS) {
          inSet.delete(set[p]);
          inSet.add(g);
          set[p] = g;
          value = v;
          improved = true;
        }
      }
    }
    if (!improved) break;
  }
  if (value === -Infinity) return null;
  return { set: set.sort((x, y) => x - y), value, nodes };
}
