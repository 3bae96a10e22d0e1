/**
 * Feasibility scoring: per data item, per indicator, per LA. Pure functions: data in, data out.
 *
 * Item score (rules.item):
 *  1. Each aspect answer (data[items_<area>][itemId][aspect]) gets points from rules.item.aspects[aspect].points.
 *     Not answered, "don't know" (points null) or a value the rules do not know -> no usable information.
 *  2. If a required aspect (rules.item.requiredAspects) has no usable information, the item is
 *     "not enough information" -- unless the answers given already fix the item at 0 (a gate with cap 0
 *     applies, or with combine "min" an answered aspect is worth 0 points). Then no missing answer could
 *     raise it, and it scores 0 with that reason spelled out. It is never a silent zero.
 *  3. Otherwise the usable aspect points combine ("min" = lowest; "weighted_mean" = rounded weighted mean
 *     over the aspects with usable information), then every matching gate caps the score, in order.
 * Indicator score (rules.indicator, always "weakest_required"): the lowest score of its required items.
 *  If a required item is "not enough information", the indicator is too -- unless another required item
 *  scores 0, which fixes the indicator at 0 whatever the missing answers. Optional items are shown for
 *  information only. (An indicator that marks no item required is bound by all its items.)
 *  Band: the first of rules.bands (highest min first) whose min <= score; null score -> not_enough_information.
 *
 * Results are plain JSON. Some parts (aspect answers, barrier lists, the result for an unanswered item)
 * are shared, frozen objects: treat results as read-only.
 */
import type { Catalogue, ScoringRules } from "../definitions/types.ts";
import { scoreCapability, type CapabilityContext } from "./capability-profile.ts";
import { compileScoring } from "./compile-scoring.ts";
import { scoreIndicatorInternal } from "./score-indicator.ts";
import { scoreItemsInternal } from "./score-item.ts";
import type { IndicatorScore, LaScores, ResponseData, ScoreOptions } from "./types.ts";

export interface ScoreInput {
  catalogue: Catalogue;
  rules: ScoringRules;
  data: ResponseData | null | undefined;
  /** LA context the rules may use (v4: child population for analysts per 10,000 children) */
  context?: CapabilityContext;
}

/** Scores one LA's response: every indicator (with explanation), every data item, and the capability profile. */
export function scoreResponse(input: ScoreInput, opts: ScoreOptions = {}): LaScores {
  const explain = opts.explain !== false;
  const c = compileScoring(input.catalogue, input.rules);
  const results = scoreItemsInternal(c, input.data, explain);
  const indicators: IndicatorScore[] = new Array(c.indicators.length);
  for (let i = 0; i < c.indicators.length; i++) indicators[i] = scoreIndicatorInternal(c, c.indicators[i], results, explain);
  const items = results.map((r) => r.score);
  return {
    rulesId: input.rules.id,
    rulesVersion: input.rules.version,
    indicators,
    items,
    capability: scoreCapability(input.rules, input.data, items, { explain, context: input.context }),
  };
}
