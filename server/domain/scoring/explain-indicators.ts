/**
 * Indicator explanations: an indicator score with the full scores of the items it needs, so it reads
 * on its own (what is stored per LA x indicator and shown to researchers).
 */
import type { IndicatorExplanation, IndicatorScore, ItemScore, LaScores } from "./types.ts";

/** One indicator with the full explanation of every item it needs (self-contained; what is stored per LA x indicator). */
export function explainIndicator(scores: Pick<LaScores, "indicators" | "items">, indicatorId: string): IndicatorExplanation {
  const ind = scores.indicators.find((i) => i.indicatorId === indicatorId);
  if (!ind) throw new Error(`No score for indicator ${indicatorId}`);
  return indicatorExplanation(ind, new Map(scores.items.map((x) => [x.itemId, x])));
}

/** Like explainIndicator, for all indicators at once (item lookup built once). */
export function explainIndicators(scores: Pick<LaScores, "indicators" | "items">): IndicatorExplanation[] {
  const byId = new Map(scores.items.map((x) => [x.itemId, x]));
  return scores.indicators.map((ind) => indicatorExplanation(ind, byId));
}

function indicatorExplanation(ind: IndicatorScore, byId: Map<string, ItemScore>): IndicatorExplanation {
  return {
    ...ind,
    items: ind.items.map((ref) => {
      const it = byId.get(ref.itemId);
      if (!it) throw new Error(`No score for data item ${ref.itemId}`);
      return { ...it, required: ref.required };
    }),
  };
}
