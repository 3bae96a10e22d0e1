// A fast, inexact search: a good first incumbent for the branch and bound (search.ts), and the
// benchmark's baseline.

import { LA_TYPE, REGION, TIE_EPS, evaluate, isFeasible, type SelectionModel } from "./selection-model.ts";
import type { SearchOutcome } from "./search.ts";

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
