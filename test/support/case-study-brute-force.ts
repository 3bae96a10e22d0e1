// The reference the branch and bound is tested against: every combination, the same objective and
// tie rule, no pruning. Too slow for production pools; exact by construction.

import { beats, evaluate, isFeasible, type SelectionModel } from "../../server/domain/case-studies/selection-model.ts";
import type { SearchOutcome } from "../../server/domain/case-studies/search.ts";

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
