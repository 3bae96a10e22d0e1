// Tables the branch and bound (search.ts) reads at every node. The free LAs are taken in search order
// and numbered by position 0..nFree-1; "from l" means positions l..nFree-1, the candidates a node may
// still pick. Suffix statistics over that order turn each bound over "the candidates from l" into a
// lookup instead of a scan.

import { BAND, LA_TYPE, REGION, type SelectionModel } from "./selection-model.ts";

export interface SearchTables {
  /** Model index of the free LA at each position. */
  free: number[];
  nFree: number;
  /** Picks to make besides the forced LAs. */
  freePicks: number;
  nCatAttrs: number;
  nNumAttrs: number;
  /** catAt[a][l]: category code of categorical attribute a at position l, or -1 for none. */
  catAt: Int32Array[];
  /** numAt[a][l]: percentile rank of numeric attribute a at position l. */
  numAt: Float64Array[];
  regionAt: Int32Array;
  typeAt: Int32Array;
  bandAt: Int32Array;
  nTypes: number;
  nRequiredBands: number;
  /** suffixMin[a][l], suffixMax[a][l]: lowest and highest rank of numeric attribute a from l on. */
  suffixMin: Float64Array[];
  suffixMax: Float64Array[];
  /** suffixTypeCount[l * nTypes + t]: LAs of type t from l on. */
  suffixTypeCount: Int32Array;
  /** suffixRequiredBandCount[l * nRequiredBands + j]: LAs in required band j from l on. */
  suffixRequiredBandCount: Int32Array;
  /** suffixCategoryMask[a][l]: bit mask of the categories of attribute a from l on. */
  suffixCategoryMask: Int32Array[];
  /** suffixSmallest[l * freePicks + j]: the j-th smallest model index from l on (for tie checks). */
  suffixSmallest: Int32Array;
}

/** Larger than any model index: pads suffixSmallest where fewer LAs remain. */
export const NO_INDEX = 2147483647;

export function buildSearchTables(model: SelectionModel, free: number[], freePicks: number): SearchTables {
  const nFree = free.length;
  const catAt = model.catCodes.map((codes) => Int32Array.from(free, (g) => codes[g]));
  const numAt = model.numRanks.map((ranks) => Float64Array.from(free, (g) => ranks[g]));
  const typeAt = catAt[LA_TYPE];
  const bandAt = catAt[BAND];
  const nTypes = model.catValues[LA_TYPE].length;
  const { requiredBands } = model;
  const nRequiredBands = requiredBands.length;

  const suffixMin = numAt.map((x) => {
    const out = new Float64Array(nFree + 1).fill(Infinity);
    for (let l = nFree - 1; l >= 0; l--) out[l] = Math.min(out[l + 1], x[l]);
    return out;
  });
  const suffixMax = numAt.map((x) => {
    const out = new Float64Array(nFree + 1).fill(-Infinity);
    for (let l = nFree - 1; l >= 0; l--) out[l] = Math.max(out[l + 1], x[l]);
    return out;
  });
  const suffixTypeCount = new Int32Array((nFree + 1) * nTypes);
  for (let l = nFree - 1; l >= 0; l--) {
    for (let t = 0; t < nTypes; t++) suffixTypeCount[l * nTypes + t] = suffixTypeCount[(l + 1) * nTypes + t];
    suffixTypeCount[l * nTypes + typeAt[l]]++;
  }
  const suffixRequiredBandCount = new Int32Array((nFree + 1) * Math.max(1, nRequiredBands));
  for (let l = nFree - 1; l >= 0; l--) {
    for (let j = 0; j < nRequiredBands; j++) {
      suffixRequiredBandCount[l * nRequiredBands + j] =
        suffixRequiredBandCount[(l + 1) * nRequiredBands + j] + (bandAt[l] === requiredBands[j] ? 1 : 0);
    }
  }
  // Category sets are held as 32-bit masks.
  for (const vals of model.catValues) {
    if (vals.length > 30) throw new Error("search: a categorical attribute has more than 30 categories");
  }
  const suffixCategoryMask = catAt.map((codes) => {
    const out = new Int32Array(nFree + 1);
    for (let l = nFree - 1; l >= 0; l--) out[l] = out[l + 1] | (codes[l] >= 0 ? 1 << codes[l] : 0);
    return out;
  });
  const suffixSmallest = new Int32Array((nFree + 1) * freePicks).fill(NO_INDEX);
  for (let l = nFree - 1; l >= 0; l--) {
    const g = free[l];
    let inserted = false;
    for (let i = 0, j = 0; j < freePicks; ) {
      const prev = suffixSmallest[(l + 1) * freePicks + i];
      if (!inserted && g < prev) {
        suffixSmallest[l * freePicks + j++] = g;
        inserted = true;
      } else {
        suffixSmallest[l * freePicks + j++] = prev;
        i++;
      }
    }
  }

  return {
    free,
    nFree,
    freePicks,
    nCatAttrs: model.catCodes.length,
    nNumAttrs: model.numRanks.length,
    catAt,
    numAt,
    regionAt: catAt[REGION],
    typeAt,
    bandAt,
    nTypes,
    nRequiredBands,
    suffixMin,
    suffixMax,
    suffixTypeCount,
    suffixRequiredBandCount,
    suffixCategoryMask,
    suffixSmallest,
  };
}
