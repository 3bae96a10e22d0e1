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
 *  information only. Band: the first of rules.bands (highest min first) whose min <= score.
 */
import {
  ITEM_ASPECTS,
  itemQuestionName,
  type BandId,
  type BarrierCode,
  type Catalogue,
  type DataItem,
  type Indicator,
  type ItemAspect,
  type ScoringRules,
} from "../definitions/types.ts";
import { scoreCapability } from "./capability-profile.ts";
import type {
  AspectAnswer,
  GateApplied,
  IndicatorItemScore,
  IndicatorScore,
  ItemScore,
  LaScores,
} from "./types.ts";
import { BARRIER_ORDER, choiceLabel, choicePhrase, listWords } from "./wording.ts";

export type ResponseData = Record<string, unknown>;

export interface ScoreInput {
  catalogue: Catalogue;
  rules: ScoringRules;
  data: ResponseData | null | undefined;
}

export const NOT_ENOUGH_INFORMATION_LABEL = "Not enough information";

// ---------------------------------------------------------------------------------------------
// Compilation (once per catalogue + rules object; cached)

interface CompiledValue {
  points: number | null;
  barrier: BarrierCode | null;
  label: string;
  phrase: string;
  /** "How it is recorded: Free text only (40 points)" */
  answerText: string;
}

interface CompiledAspect {
  aspect: ItemAspect;
  label: string;
  weight: number;
  required: boolean;
  values: Map<string, CompiledValue>;
  notAnsweredText: string;
}

interface CompiledGate {
  aspectIndex: number;
  aspect: ItemAspect;
  values: Set<string>;
  cap: number;
  rule: string;
}

interface CompiledIndicator {
  indicator: Indicator;
  refs: { itemIndex: number; required: boolean }[];
  requiredIdx: number[];
  optionalIdx: number[];
}

interface CompiledBand {
  id: Exclude<BandId, "not_enough_information">;
  label: string;
  min: number;
  rangeText: string;
}

export interface CompiledScoring {
  catalogue: Catalogue;
  rules: ScoringRules;
  aspects: CompiledAspect[];
  gates: CompiledGate[];
  items: { item: DataItem; question: string }[];
  itemIndex: Map<string, number>;
  indicators: CompiledIndicator[];
  bands: CompiledBand[];
  indicatorRule: string;
}

const cache = new WeakMap<ScoringRules, WeakMap<Catalogue, CompiledScoring>>();

/** Pre-computes lookups for one catalogue + rules pair. Throws on an indicator that names an unknown item. */
export function compileScoring(catalogue: Catalogue, rules: ScoringRules): CompiledScoring {
  let byCatalogue = cache.get(rules);
  if (!byCatalogue) {
    byCatalogue = new WeakMap();
    cache.set(rules, byCatalogue);
  }
  const hit = byCatalogue.get(catalogue);
  if (hit) return hit;

  const required = new Set(rules.item.requiredAspects);
  const aspects: CompiledAspect[] = ITEM_ASPECTS.map((aspect) => {
    const def = rules.item.aspects[aspect];
    if (!def) throw new Error(`rules.item.aspects.${aspect} is missing`);
    const values = new Map<string, CompiledValue>();
    for (const [value, points] of Object.entries(def.points)) {
      const label = choiceLabel(aspect, value);
      values.set(value, {
        points: points ?? null,
        barrier: def.barriers?.[value] ?? null,
        label,
        phrase: choicePhrase(aspect, def.label, value),
        answerText:
          points === null || points === undefined
            ? `${def.label}: ${label} (no points: not enough information)`
            : `${def.label}: ${label} (${points} points)`,
      });
    }
    return {
      aspect,
      label: def.label,
      weight: def.weight,
      required: required.has(aspect),
      values,
      notAnsweredText: `${def.label}: not answered`,
    };
  });

  const gates: CompiledGate[] = rules.item.gates.map((g) => ({
    aspectIndex: ITEM_ASPECTS.indexOf(g.aspect),
    aspect: g.aspect,
    values: new Set(g.values),
    cap: g.cap,
    rule: g.explanation,
  }));

  const items = catalogue.dataItems.map((item) => ({ item, question: itemQuestionName(item.area) }));
  const itemIndex = new Map(items.map((x, i) => [x.item.id, i]));

  const indicators: CompiledIndicator[] = catalogue.indicators.map((indicator) => {
    const refs = indicator.dataItems.map((ref) => {
      const idx = itemIndex.get(ref.id);
      if (idx === undefined) {
        throw new Error(`Indicator ${indicator.id} needs data item ${ref.id}, which is not in the catalogue`);
      }
      return { itemIndex: idx, required: ref.required };
    });
    // An indicator with no item marked required is bound by all its items.
    const anyRequired = refs.some((r) => r.required);
    const norm = refs.map((r) => ({ itemIndex: r.itemIndex, required: anyRequired ? r.required : true }));
    return {
      indicator,
      refs: [...norm.filter((r) => r.required), ...norm.filter((r) => !r.required)],
      requiredIdx: norm.filter((r) => r.required).map((r) => r.itemIndex),
      optionalIdx: norm.filter((r) => !r.required).map((r) => r.itemIndex),
    };
  });

  const sorted = [...rules.bands].sort((a, b) => b.min - a.min);
  const bands: CompiledBand[] = sorted.map((b, i) => {
    const upper = i === 0 ? 100 : sorted[i - 1].min - 1;
    return { id: b.id, label: b.label, min: b.min, rangeText: `scores ${b.min}-${upper}` };
  });

  const compiled: CompiledScoring = {
    catalogue,
    rules,
    aspects,
    gates,
    items,
    itemIndex,
    indicators,
    bands,
    indicatorRule: rules.indicator.explanation,
  };
  byCatalogue.set(catalogue, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Items

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function orderBarriers(set: Set<BarrierCode>): BarrierCode[] {
  if (set.size === 0) return [];
  return BARRIER_ORDER.filter((b) => set.has(b));
}

function clampScore(n: number): number {
  return n < 0 ? 0 : n > 100 ? 100 : n;
}

/** Scores one data item from its row of answers ({ recorded, extractable, completeness, history }). */
export function scoreItem(c: CompiledScoring, item: DataItem, row: unknown): ItemScore {
  const cells = isObject(row) ? row : undefined;
  const aspects: AspectAnswer[] = new Array(c.aspects.length);
  const barrierSet = new Set<BarrierCode>();
  const answerTexts: string[] = new Array(c.aspects.length);
  const missingAspects: ItemAspect[] = [];
  const missingReasons: string[] = [];
  const skippedOptional: string[] = [];
  let minPoints = Infinity;
  let minAspect = "";
  let wSum = 0;
  let wpSum = 0;
  let known = 0;

  for (let i = 0; i < c.aspects.length; i++) {
    const a = c.aspects[i];
    const raw = cells ? cells[a.aspect] : undefined;
    let answer: AspectAnswer;
    if (raw === undefined || raw === null || raw === "") {
      answer = {
        aspect: a.aspect,
        aspectLabel: a.label,
        value: null,
        valueLabel: null,
        points: null,
        status: "not_answered",
        required: a.required,
        barrier: null,
      };
      answerTexts[i] = a.notAnsweredText;
    } else {
      const value = typeof raw === "string" ? raw : String(raw);
      const v = a.values.get(value);
      if (!v) {
        answer = {
          aspect: a.aspect,
          aspectLabel: a.label,
          value,
          valueLabel: value,
          points: null,
          status: "unrecognised",
          required: a.required,
          barrier: null,
        };
        answerTexts[i] = `${a.label}: "${value}" (not a value the rules know: not enough information)`;
      } else {
        answer = {
          aspect: a.aspect,
          aspectLabel: a.label,
          value,
          valueLabel: v.label,
          points: v.points,
          status: v.points === null ? "no_information" : "answered",
          required: a.required,
          barrier: v.barrier,
        };
        answerTexts[i] = v.answerText;
        if (v.barrier) barrierSet.add(v.barrier);
      }
    }
    aspects[i] = answer;
    if (answer.points === null) {
      const why = answer.status === "not_answered" ? "not answered" : answer.status === "unrecognised" ? "unrecognised answer" : `answered "${answer.valueLabel}"`;
      if (a.required) {
        missingAspects.push(a.aspect);
        missingReasons.push(`${a.label} (${why})`);
      } else {
        skippedOptional.push(`${a.label} (${why})`);
      }
    } else {
      known++;
      if (answer.points < minPoints) {
        minPoints = answer.points;
        minAspect = a.label;
      }
      wSum += a.weight;
      wpSum += a.weight * answer.points;
    }
  }

  if (known === 0 && aspects.every((x) => x.status === "not_answered")) {
    return {
      itemId: item.id,
      itemName: item.name,
      area: item.area,
      score: null,
      status: "not_enough_information",
      aspects,
      gates: [],
      barriers: [],
      missingAspects,
      steps: [`Not enough information: no answers were given for ${item.name}, so the item is not scored.`],
    };
  }
  const steps: string[] = [`Answers for ${item.name}: ${answerTexts.join("; ")}.`];
  if (skippedOptional.length > 0) {
    steps.push(
      `${listWords(skippedOptional)} ${skippedOptional.length === 1 ? "gives" : "give"} no usable information; not a required aspect, so left out.`,
    );
  }

  // Gates that match the answers given.
  const matched: CompiledGate[] = [];
  let capMin = Infinity;
  for (const g of c.gates) {
    const v = aspects[g.aspectIndex]?.value;
    if (v !== null && v !== undefined && g.values.has(v)) {
      matched.push(g);
      if (g.cap < capMin) capMin = g.cap;
    }
  }

  const combine = c.rules.item.combine;
  const gates: GateApplied[] = [];
  let score: number | null;

  if (missingAspects.length > 0 || known === 0) {
    const bound = combine === "min" ? Math.min(capMin, minPoints) : capMin;
    if (bound <= 0 && known > 0) {
      // The answers given fix the item at 0: no missing answer could raise it.
      for (const g of matched) {
        gates.push({ aspect: g.aspect, value: aspects[g.aspectIndex].value!, cap: g.cap, rule: g.rule, scoreBefore: null, scoreAfter: 0, changed: g.cap <= 0 });
        steps.push(`${item.name} ${phraseFor(c, g, aspects[g.aspectIndex].value!)}, which caps the item at ${g.cap} (rule: ${g.rule}).`);
      }
      if (capMin > 0) {
        steps.push(`${minAspect} is worth 0 points and the item takes the lowest of its aspect points, so it cannot score above 0.`);
      }
      steps.push(
        `${listWords(missingReasons)} ${missingReasons.length === 1 ? "gives" : "give"} no usable information, but no answer there could raise the item above 0, so the item scores 0.`,
      );
      score = 0;
    } else {
      score = null;
      steps.push(
        missingReasons.length > 0
          ? `Not enough information: ${listWords(missingReasons)} ${missingReasons.length === 1 ? "is a required aspect" : "are required aspects"} without a usable answer, so the item is not scored (rule: required aspects).`
          : `Not enough information: no aspect of ${item.name} has a usable answer, so the item is not scored.`,
      );
    }
  } else {
    let s: number;
    if (combine === "min") {
      s = minPoints;
      steps.push(`The item takes the lowest of its aspect points: ${s} (${minAspect}).`);
    } else {
      s = wSum > 0 ? Math.round(wpSum / wSum) : 0;
      steps.push(`The item score is the weighted mean of its aspect points: ${s}.`);
    }
    s = clampScore(s);
    for (const g of matched) {
      const before = s;
      const after = Math.min(before, g.cap);
      gates.push({ aspect: g.aspect, value: aspects[g.aspectIndex].value!, cap: g.cap, rule: g.rule, scoreBefore: before, scoreAfter: after, changed: after !== before });
      steps.push(
        after !== before
          ? `${item.name} ${phraseFor(c, g, aspects[g.aspectIndex].value!)}, which caps the item at ${g.cap} (rule: ${g.rule}).`
          : `${item.name} ${phraseFor(c, g, aspects[g.aspectIndex].value!)}, which caps the item at ${g.cap} (rule: ${g.rule}); the score was already ${before}.`,
      );
      s = after;
    }
    score = s;
    steps.push(`Item score: ${s}.`);
  }

  return {
    itemId: item.id,
    itemName: item.name,
    area: item.area,
    score,
    status: score === null ? "not_enough_information" : "scored",
    aspects,
    gates,
    barriers: orderBarriers(barrierSet),
    missingAspects: score === null ? missingAspects : [],
    steps,
  };
}

function phraseFor(c: CompiledScoring, g: CompiledGate, value: string): string {
  const a = c.aspects[g.aspectIndex];
  return a.values.get(value)?.phrase ?? choicePhrase(a.aspect, a.label, value);
}

// ---------------------------------------------------------------------------------------------
// Indicators

function bandFor(c: CompiledScoring, score: number | null): CompiledBand | null {
  if (score === null) return null;
  for (const b of c.bands) if (score >= b.min) return b;
  return c.bands[c.bands.length - 1] ?? null;
}

function itemScoreText(x: ItemScore): string {
  return x.score === null ? `${x.itemName} (not enough information)` : `${x.itemName} (${x.score})`;
}

export function scoreIndicator(c: CompiledScoring, ci: CompiledIndicator, itemScores: ItemScore[]): IndicatorScore {
  const ind = ci.indicator;
  const items: IndicatorItemScore[] = ci.refs.map((r) => ({ ...itemScores[r.itemIndex], required: r.required }));
  const required = ci.requiredIdx.map((i) => itemScores[i]);
  const optional = ci.optionalIdx.map((i) => itemScores[i]);
  const steps: string[] = [`Required data items: ${required.map(itemScoreText).join(", ")}.`];
  if (optional.length > 0) {
    steps.push(`Optional data items (shown for information; they do not bound the score): ${optional.map(itemScoreText).join(", ")}.`);
  }

  let min = Infinity;
  const missing: ItemScore[] = [];
  for (const x of required) {
    if (x.score === null) missing.push(x);
    else if (x.score < min) min = x.score;
  }
  const barrierSet = new Set<BarrierCode>();
  for (const x of required) for (const b of x.barriers) barrierSet.add(b);

  let score: number | null;
  let weakest: ItemScore[];
  let summary: string;
  if (missing.length > 0 && !(min <= 0)) {
    score = null;
    weakest = missing;
    const names = listWords(missing.map((x) => x.itemName));
    steps.push(
      `Not enough information: required item${missing.length === 1 ? "" : "s"} ${names} ${missing.length === 1 ? "lacks" : "lack"} usable answers, so the indicator is not scored (rule: ${c.indicatorRule}).`,
    );
    summary = `${NOT_ENOUGH_INFORMATION_LABEL}: required item${missing.length === 1 ? "" : "s"} ${names} ${missing.length === 1 ? "lacks" : "lack"} usable answers.`;
  } else if (required.length === 0) {
    score = null;
    weakest = [];
    steps.push(`Not enough information: the indicator names no data items.`);
    summary = `${NOT_ENOUGH_INFORMATION_LABEL}: the indicator names no data items.`;
  } else {
    score = min;
    weakest = required.filter((x) => x.score === min);
    const names = listWords(weakest.map((x) => x.itemName));
    if (missing.length > 0) {
      steps.push(
        `Required item${missing.length === 1 ? "" : "s"} ${listWords(missing.map((x) => x.itemName))} ${missing.length === 1 ? "lacks" : "lack"} usable answers, but ${names} ${weakest.length === 1 ? "scores" : "score"} 0 and the indicator takes its weakest required item (rule: ${c.indicatorRule}), so it scores 0.`,
      );
    } else {
      steps.push(`The indicator takes its weakest required item: ${names} at ${min} (rule: ${c.indicatorRule}).`);
    }
    summary = "";
  }

  const band = bandFor(c, score);
  if (band) {
    steps.push(`A score of ${score} falls in the band ${band.label} (${band.rangeText}).`);
    const w = weakest[0];
    const reason = w && w.gates.find((g) => g.changed);
    summary = `${band.label} (${score}): weakest required item ${listWords(weakest.map((x) => x.itemName))}${reason ? ` (${reason.rule})` : ""}.`;
  }

  return {
    indicatorId: ind.id,
    indicatorName: ind.name,
    outcomeArea: ind.outcomeArea,
    score,
    band: band ? band.id : "not_enough_information",
    bandLabel: band ? band.label : NOT_ENOUGH_INFORMATION_LABEL,
    weakestItemIds: weakest.map((x) => x.itemId),
    barriers: orderBarriers(barrierSet),
    items,
    steps,
    summary,
  };
}

// ---------------------------------------------------------------------------------------------
// Whole response

/** Scores every data item of the catalogue from response data (same order as catalogue.dataItems). */
export function scoreItems(c: CompiledScoring, data: ResponseData | null | undefined): ItemScore[] {
  const d = data ?? {};
  const out: ItemScore[] = new Array(c.items.length);
  for (let i = 0; i < c.items.length; i++) {
    const { item, question } = c.items[i];
    const matrix = d[question];
    out[i] = scoreItem(c, item, isObject(matrix) ? matrix[item.id] : undefined);
  }
  return out;
}

/** Scores one LA's response: every indicator (with explanation), every data item, and the capability profile. */
export function scoreResponse(input: ScoreInput): LaScores {
  const c = compileScoring(input.catalogue, input.rules);
  const items = scoreItems(c, input.data);
  const indicators = c.indicators.map((ci) => scoreIndicator(c, ci, items));
  return {
    rulesId: input.rules.id,
    rulesVersion: input.rules.version,
    indicators,
    items,
    capability: scoreCapability(input.rules, input.data, items),
  };
}
