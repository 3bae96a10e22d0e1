// Upper bounds for the branch and bound (search.ts).
//
// Upper bound for a partial set P with r picks still to make from the candidates R after the last index:
//   f(P) + sum of the r largest marginal gains s_P(q), q in R, + pair bound
// where s_P(q) = categorical gain of adding q to P + numeric distance from q to every member of P.
// This is admissible because category coverage (capped) is submodular, so the gains of several new picks
// are at most the sum of their gains w.r.t. P, and the numeric pair sums split exactly into
// pairs inside P + pairs between P and the new picks + pairs among the new picks; the last part is at most
// floor(r/2)*ceil(r/2) * (range of the remaining ranks) because r points in an interval have at most that
// total pairwise distance (half at each end).
//
// Second bound (Lagrangian on the category caps): an attribute that can gain fewer new categories than
// the r picks left ("capped") is credited with its full remaining gain once, and not per candidate.

import type { SearchTables } from "./search-tables.ts";

/** Largest possible total pairwise distance of r points in a unit interval (half at each end). */
export function pairFactor(picksLeft: number): number {
  return Math.floor(picksLeft / 2) * Math.ceil(picksLeft / 2);
}

/** Weighted range of the numeric ranks among the candidates from `from` on. */
export function numericSpread(t: SearchTables, wNum: Float64Array, from: number): number {
  let spread = 0;
  for (let a = 0; a < t.nNumAttrs; a++) spread += wNum[a] * (t.suffixMax[a][from] - t.suffixMin[a][from]);
  return spread;
}

/** Per-node state of the category caps: what is covered, how many categories each attribute can still add. */
export interface CapState {
  /** capacityLeft[a]: categories attribute a may still gain before its cap. */
  capacityLeft: Int32Array;
  /** covered[a]: bit mask of the categories of attribute a already in the set. */
  covered: Int32Array;
  /** capped[a] = 1: attribute a can gain fewer new categories than the picks left, so it gets the second bound. */
  capped: Uint8Array;
}

/** Fills `state` for a node whose candidates start at `start`; true if any attribute is capped. */
export function markCappedAttributes(
  t: SearchTables,
  caps: readonly number[],
  wCat: Float64Array,
  catCount: Int32Array[],
  start: number,
  picksLeft: number,
  state: CapState,
): boolean {
  let anyCapped = false;
  for (let a = 0; a < t.nCatAttrs; a++) {
    let mask = 0;
    let distinct = 0;
    const counts = catCount[a];
    for (let c = 0; c < counts.length; c++) {
      if (counts[c] > 0) {
        mask |= 1 << c;
        distinct++;
      }
    }
    state.covered[a] = mask;
    state.capacityLeft[a] = caps[a] - distinct;
    const available = Math.min(state.capacityLeft[a], popcount(t.suffixCategoryMask[a][start] & ~mask));
    state.capped[a] = wCat[a] > 0 && available < picksLeft ? 1 : 0;
    if (state.capped[a]) anyCapped = true;
  }
  return anyCapped;
}

/** The capped attributes' whole remaining gain from the candidates from `from` on, credited once. */
export function cappedCategoryGain(t: SearchTables, wCat: Float64Array, state: CapState, from: number): number {
  let gain = 0;
  for (let a = 0; a < t.nCatAttrs; a++) {
    if (state.capped[a]) gain += wCat[a] * Math.min(state.capacityLeft[a], popcount(t.suffixCategoryMask[a][from] & ~state.covered[a]));
  }
  return gain;
}

/** The gains without the capped attributes' new categories (those are credited once by cappedCategoryGain). */
export function gainsOutsideCapped(
  t: SearchTables,
  wCat: Float64Array,
  catCount: Int32Array[],
  capped: Uint8Array,
  gains: Float64Array,
  out: Float64Array,
  start: number,
): void {
  for (let l = start; l < t.nFree; l++) {
    let g = gains[l];
    if (g === -Infinity) {
      out[l] = g;
      continue;
    }
    for (let a = 0; a < t.nCatAttrs; a++) {
      const c = t.catAt[a][l];
      if (capped[a] && c >= 0 && catCount[a][c] === 0) g -= wCat[a];
    }
    out[l] = g;
  }
}

/**
 * Node-level bound with one attribute's categories counted once each: among candidates that would add
 * the same new category of attribute b, only the best one is credited with it (an optimal completion
 * never needs a worse one of them for that category). Tried for each attribute; the smallest bound wins.
 * Returns false when the node can be pruned: fewer than `picksLeft` candidates remain, or `couldBeat`
 * rejects a bound. `offset` is the node's value plus the capped attributes' gain; `constant` its pair bound.
 */
export function groupedBoundAllows(
  t: SearchTables,
  wCat: Float64Array,
  catCount: Int32Array[],
  capped: Uint8Array,
  gains: Float64Array,
  start: number,
  picksLeft: number,
  offset: number,
  constant: number,
  topBuf: Float64Array,
  bestOfCategory: Int32Array,
  couldBeat: (bound: number) => boolean,
): boolean {
  const r = picksLeft;
  let ubNode = Infinity;
  let grouped = false;
  for (let a = 0; a < t.nCatAttrs; a++) if (!capped[a] && wCat[a] > 0) grouped = true;
  // b = -1: no grouping (only needed when no attribute qualifies for it)
  for (let b = grouped ? 0 : -1; b < t.nCatAttrs; b++) {
    if (b >= 0 && (capped[b] || wCat[b] === 0)) continue;
    const codes = t.catAt[Math.max(b, 0)];
    const counts = catCount[Math.max(b, 0)];
    const useGroups = b >= 0;
    bestOfCategory.fill(-1);
    for (let l = start; l < t.nFree; l++) {
      const v = gains[l];
      if (v === -Infinity) continue;
      const c = codes[l];
      if (useGroups && c >= 0 && counts[c] === 0) {
        const best = bestOfCategory[c];
        if (best < 0 || gains[best] < v) bestOfCategory[c] = l;
      }
    }
    const wb = useGroups ? wCat[b] : 0;
    let have = 0;
    for (let l = start; l < t.nFree; l++) {
      let v = gains[l];
      if (v === -Infinity) continue;
      const c = codes[l];
      if (useGroups && c >= 0 && counts[c] === 0 && bestOfCategory[c] !== l) v -= wb;
      if (have < r) {
        let i = have++;
        while (i > 0 && topBuf[i - 1] < v) {
          topBuf[i] = topBuf[i - 1];
          i--;
        }
        topBuf[i] = v;
      } else if (v > topBuf[r - 1]) {
        let i = r - 1;
        while (i > 0 && topBuf[i - 1] < v) {
          topBuf[i] = topBuf[i - 1];
          i--;
        }
        topBuf[i] = v;
      }
    }
    if (have < r) return false;
    const ubB = offset + sumBuf(topBuf, r) + constant;
    if (ubB < ubNode) {
      ubNode = ubB;
      if (!couldBeat(ubNode)) return false; // pruned; no need to try the other attributes
    }
  }
  return ubNode === Infinity || couldBeat(ubNode);
}

/** top[l] = sum of the `need` largest finite gains among positions l+1..nFree-1 (−Infinity if fewer). */
export function suffixTop(gains: Float64Array, top: Float64Array, start: number, nFree: number, need: number, buf: Float64Array) {
  let have = 0;
  for (let l = nFree - 1; l >= start; l--) {
    top[l] = have >= need ? sumBuf(buf, need) : -Infinity;
    const v = gains[l];
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
