// Exact maximisation of the objective (selection-model.ts) by depth-first branch and bound.
//
// Sets are enumerated as increasing position lists over the "free" LAs (the forced ones are always in),
// taken in a search order that puts LAs far from the middle of the numeric measures first (so the
// remaining candidates' ranges, and the bounds, shrink quickly). Ties are independent of that order:
// among sets whose objectives tie (within TIE_EPS) the one whose sorted model indices (the seeded
// priority) are lexicographically smallest wins, so the seed only matters for exact ties.
//
// The bounds are derived in search-bounds.ts; the per-position tables they read are built in
// search-tables.ts. Children are screened with the parent's gains, then re-bounded with their own.
// The last pick is evaluated exactly for every remaining candidate.

import {
  cappedCategoryGain,
  gainsOutsideCapped,
  groupedBoundAllows,
  markCappedAttributes,
  numericSpread,
  pairFactor,
  suffixTop,
  type CapState,
} from "./search-bounds.ts";
import { NO_INDEX, buildSearchTables } from "./search-tables.ts";
import { BAND, LA_TYPE, REGION, TIE_EPS, beats, compareKeys, evaluate, isFeasible, type SelectionModel } from "./selection-model.ts";

export interface SearchOutcome {
  /** Sorted indices into model.las (forced + chosen free LAs). */
  set: number[];
  value: number;
  /** Search nodes visited (bound computations + leaf evaluations). */
  nodes: number;
  /** Internal nodes expanded per depth (number of free picks made), for the benchmark. */
  nodesByDepth?: number[];
}

export function branchAndBound(model: SelectionModel, initial?: number[] | null): SearchOutcome | null {
  const { forced, k } = model;
  const free = searchOrder(model);
  const nFree = free.length;
  const freePicks = k - forced.length;
  if (freePicks < 0 || freePicks > nFree) return null;
  if (freePicks === 0) {
    return isFeasible(model, forced) ? { set: forced.slice(), value: evaluate(model, forced), nodes: 1 } : null;
  }
  const tables = buildSearchTables(model, free, freePicks);
  const { nCatAttrs, nNumAttrs, catAt, numAt, regionAt, typeAt, bandAt, nTypes, nRequiredBands } = tables;
  const { suffixTypeCount, suffixRequiredBandCount, suffixSmallest } = tables;
  const { wCat, wNum, typeMin, typeMax, requiredBands, atMostOnePerRegion } = model;
  const hasTypeMin = typeMin.some((v) => v > 0);

  // How many LAs of each category the set holds so far (forced LAs and the picks on the current path).
  const catCount = model.catValues.map((vals) => new Int32Array(vals.length));
  for (const g of forced) for (let a = 0; a < nCatAttrs; a++) if (model.catCodes[a][g] >= 0) catCount[a][model.catCodes[a][g]]++;
  const regionCount = catCount[REGION];
  const typeCount = catCount[LA_TYPE];
  const bandCount = catCount[BAND];

  // Scratch per depth (number of free picks made), so a node's arrays survive its children.
  const perDepth = <T>(make: () => T): T[] => Array.from({ length: freePicks }, make);
  /** gain[l]: what adding position l would add to the objective (-Infinity: not allowed). */
  const gainByDepth = perDepth(() => new Float64Array(nFree));
  /** distance[l]: weighted numeric distance from position l to every LA in the set. */
  const distanceByDepth = perDepth(() => new Float64Array(nFree));
  /** topAfter[l]: sum of the largest gains after position l, as many as the picks left after l. */
  const topAfterByDepth = perDepth(() => new Float64Array(nFree));
  const gainOutsideCappedByDepth = perDepth(() => new Float64Array(nFree));
  const topAfterOutsideCappedByDepth = perDepth(() => new Float64Array(nFree));
  const capStateByDepth: CapState[] = perDepth(() => ({
    capacityLeft: new Int32Array(nCatAttrs),
    covered: new Int32Array(nCatAttrs),
    capped: new Uint8Array(nCatAttrs),
  }));
  const suffixTopBuf = new Float64Array(8);
  const nodeTopBuf = new Float64Array(16);
  const bestOfCategory = new Int32Array(32);
  const picks: number[] = [];

  // Numeric distance of each free LA to the forced LAs.
  const forcedDistance = distanceByDepth[0];
  for (const g of forced) {
    for (let a = 0; a < nNumAttrs; a++) {
      if (wNum[a] === 0) continue;
      const rank = model.numRanks[a][g];
      const x = numAt[a];
      for (let l = 0; l < nFree; l++) forcedDistance[l] += wNum[a] * Math.abs(x[l] - rank);
    }
  }
  const forcedValue = evaluate(model, forced);

  let best = -Infinity;
  let bestKey: number[] | null = null;
  let nodes = 0;
  const nodesByDepth = new Array<number>(freePicks).fill(0);

  if (initial && isFeasible(model, initial)) {
    const chosen = initial.filter((g) => !forced.includes(g));
    if (chosen.length === freePicks && chosen.every((g) => free.includes(g))) {
      best = evaluate(model, initial);
      bestKey = chosen.sort((x, y) => x - y);
    }
  }

  const keyScratch = new Array<number>(freePicks);
  const fixedScratch: number[] = [];
  /**
   * Could the subtree hold a set that beats the incumbent? With `withCandidate`, the subtree is picks +
   * candidate + picksLeft-1 more after it; otherwise picks + picksLeft more from `candidate` on. A near-tie
   * is explored only if the smallest key the subtree could have (its fixed LAs plus the smallest remaining
   * indices) is smaller than the incumbent's.
   */
  function couldBeatIncumbent(bound: number, candidate: number, picksLeft: number, withCandidate = true): boolean {
    if (bestKey === null || bound > best + TIE_EPS) return true;
    if (bound < best - TIE_EPS) return false;
    fixedScratch.length = 0;
    for (const l of picks) fixedScratch.push(free[l]);
    if (withCandidate) fixedScratch.push(free[candidate]);
    fixedScratch.sort((x, y) => x - y);
    const from = withCandidate ? candidate + 1 : candidate;
    const need = withCandidate ? picksLeft - 1 : picksLeft;
    let i = 0;
    let j = 0;
    for (let n = 0; n < freePicks; n++) {
      const a = i < fixedScratch.length ? fixedScratch[i] : NO_INDEX;
      const b = j < need ? suffixSmallest[from * freePicks + j] : NO_INDEX;
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

  /** Region and type maximums, with the current counts. */
  function allowed(l: number): boolean {
    if (atMostOnePerRegion && regionCount[regionAt[l]] > 0) return false;
    return typeCount[typeAt[l]] < typeMax[typeAt[l]];
  }

  /** With the current counts, can `left` more picks from positions >= start still meet the minimums? */
  function canComplete(start: number, left: number): boolean {
    if (nFree - start < left) return false;
    if (hasTypeMin) {
      let need = 0;
      for (let t = 0; t < nTypes; t++) {
        const d = typeMin[t] - typeCount[t];
        if (d > 0) {
          if (suffixTypeCount[start * nTypes + t] < d) return false;
          need += d;
        }
      }
      if (need > left) return false;
    }
    let unmet = 0;
    for (let j = 0; j < nRequiredBands; j++) {
      if (bandCount[requiredBands[j]] === 0) {
        if (suffixRequiredBandCount[start * nRequiredBands + j] === 0) return false;
        unmet++;
      }
    }
    return unmet <= left;
  }

  /** Would the set meet the type minimums and required bands with position l as its last pick? */
  function leafFeasible(l: number): boolean {
    if (hasTypeMin) {
      for (let t = 0; t < nTypes; t++) if (typeCount[t] + (typeAt[l] === t ? 1 : 0) < typeMin[t]) return false;
    }
    for (let j = 0; j < nRequiredBands; j++) if (bandCount[requiredBands[j]] === 0 && bandAt[l] !== requiredBands[j]) return false;
    return true;
  }

  function count(l: number, sign: 1 | -1) {
    for (let a = 0; a < nCatAttrs; a++) if (catAt[a][l] >= 0) catCount[a][catAt[a][l]] += sign;
  }

  function dfs(start: number, valueSoFar: number) {
    const depth = picks.length;
    const picksLeft = freePicks - depth;
    const gain = gainByDepth[depth];
    const distance = distanceByDepth[depth];
    nodes++;
    nodesByDepth[depth]++;
    for (let l = start; l < nFree; l++) {
      if (!allowed(l)) {
        gain[l] = -Infinity;
        continue;
      }
      let g = distance[l];
      for (let a = 0; a < nCatAttrs; a++) {
        const c = catAt[a][l];
        if (c >= 0 && catCount[a][c] === 0) g += wCat[a];
      }
      gain[l] = g;
    }
    if (picksLeft === 1) {
      for (let l = start; l < nFree; l++) {
        if (gain[l] === -Infinity || !leafFeasible(l)) continue;
        const v = valueSoFar + gain[l];
        if (v < best - TIE_EPS) continue;
        nodes++;
        picks.push(l);
        const key = picks.map((x) => free[x]).sort((x, y) => x - y);
        if (v > best + TIE_EPS || bestKey === null || compareKeys(key, bestKey) < 0) {
          const exact = evaluate(model, [...forced, ...key]);
          if (beats(exact, key, best, bestKey)) {
            best = exact;
            bestKey = key;
          }
        }
        picks.pop();
      }
      return;
    }
    const capState = capStateByDepth[depth];
    const anyCapped = markCappedAttributes(tables, model.caps, wCat, catCount, start, picksLeft, capState);
    const topAfter = topAfterByDepth[depth];
    suffixTop(gain, topAfter, start, nFree, picksLeft - 1, suffixTopBuf);
    const gainOutsideCapped = gainOutsideCappedByDepth[depth];
    const topAfterOutsideCapped = topAfterOutsideCappedByDepth[depth];
    if (anyCapped) {
      gainsOutsideCapped(tables, wCat, catCount, capState.capped, gain, gainOutsideCapped, start);
      suffixTop(gainOutsideCapped, topAfterOutsideCapped, start, nFree, picksLeft - 1, suffixTopBuf);
    }
    const pairs = pairFactor(picksLeft);
    const nodeAllowed = groupedBoundAllows(
      tables,
      wCat,
      catCount,
      capState.capped,
      anyCapped ? gainOutsideCapped : gain,
      start,
      picksLeft,
      valueSoFar + cappedCategoryGain(tables, wCat, capState, start),
      pairs * numericSpread(tables, wNum, start),
      nodeTopBuf,
      bestOfCategory,
      (bound) => couldBeatIncumbent(bound, start, picksLeft, false),
    );
    if (!nodeAllowed) return;

    const nextDistance = distanceByDepth[depth + 1];
    for (let q = start; q <= nFree - picksLeft; q++) {
      const gq = gain[q];
      if (gq === -Infinity || topAfter[q] === -Infinity) continue;
      const spread = numericSpread(tables, wNum, q);
      let bound = valueSoFar + gq + topAfter[q] + pairs * spread;
      if (anyCapped) {
        const cappedGain = cappedCategoryGain(tables, wCat, capState, q);
        const bound2 = valueSoFar + cappedGain + gainOutsideCapped[q] + topAfterOutsideCapped[q] + pairs * spread;
        if (bound2 < bound) bound = bound2;
      }
      if (!couldBeatIncumbent(bound, q, picksLeft)) continue;
      count(q, 1);
      if (canComplete(q + 1, picksLeft - 1)) {
        for (let l = q + 1; l < nFree; l++) {
          let d = distance[l];
          for (let a = 0; a < nNumAttrs; a++) d += wNum[a] * Math.abs(numAt[a][l] - numAt[a][q]);
          nextDistance[l] = d;
        }
        picks.push(q);
        dfs(q + 1, valueSoFar + gq);
        picks.pop();
      }
      count(q, -1);
    }
  }

  if (canComplete(0, freePicks)) dfs(0, forcedValue);
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
