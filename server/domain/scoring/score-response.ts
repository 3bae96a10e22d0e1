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
import {
  ITEM_ASPECTS,
  itemMatrixName,
  type BandId,
  type BarrierCode,
  type Catalogue,
  type DataItem,
  type Indicator,
  type ItemAspect,
  type ScoringRules,
} from "../definitions/types.ts";
import { scoreCapability, type CapabilityContext } from "./capability-profile.ts";
import type {
  AspectAnswer,
  GateApplied,
  IndicatorExplanation,
  IndicatorItemRef,
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
  /** LA context the rules may use (v4: child population for analysts per 10,000 children) */
  context?: CapabilityContext;
}

export interface ScoreOptions {
  /** Build the sentences (steps, summaries). Default true. With false, steps are [] and summaries "";
   *  scores, bands, barriers, answers and gates are identical. For bulk statistics. */
  explain?: boolean;
}

export const NOT_ENOUGH_INFORMATION_LABEL = "Not enough information";

// ---------------------------------------------------------------------------------------------
// Compilation (once per catalogue + rules object; cached)

interface CompiledValue {
  code: number; // 1..k; 0 = not answered (memo key digit)
  answer: AspectAnswer; // shared, frozen
  barrierBit: number;
  phrase: string;
  answerText: string; // "Recorded: Free text only (25 points)"
}

interface CompiledAspect {
  index: number;
  aspect: ItemAspect;
  label: string;
  weight: number;
  required: boolean;
  values: Map<string, CompiledValue>;
  /** same as values, as a null-prototype dictionary (faster lookups on the hot path) */
  byValue: Record<string, CompiledValue | undefined>;
  notAnswered: AspectAnswer; // shared, frozen
  notAnsweredText: string;
}

interface CompiledGate {
  aspectIndex: number;
  aspect: ItemAspect;
  values: Set<string>;
  cap: number;
  rule: string;
}

interface CompiledItem {
  item: DataItem;
  /** item results by answer code (explained / terse); see memo notes in scoreItemInternal */
  memo: Map<number, ItemResult>;
  memoTerse: Map<number, ItemResult>;
  question: string;
  /** answers the rules take as given for this item's kind (its matrix does not ask them), or null */
  implied: Record<string, string> | null;
  /** the step explaining them */
  impliedStep: string;
  answersPrefix: string;
  unanswered: ItemScore; // shared, frozen result for an item with no answers at all
  unansweredTerse: ItemScore;
}

interface CompiledIndicator {
  indicator: Indicator;
  /** results by the memo ids of its items' results (explained / terse) */
  memo: Map<number, IndicatorScore>;
  memoTerse: Map<number, IndicatorScore>;
  refs: { itemIndex: number; required: boolean }[];
  requiredIdx: number[];
  optionalIdx: number[];
}

interface CompiledBand {
  id: Exclude<BandId, "not_enough_information">;
  label: string;
  min: number;
  rangeText: string;
  /** " falls in the band <label> (<range>)." */
  sentenceTail: string;
}

export interface CompiledScoring {
  catalogue: Catalogue;
  rules: ScoringRules;
  aspects: CompiledAspect[];
  gates: CompiledGate[];
  items: CompiledItem[];
  itemIndex: Map<string, number>;
  indicators: CompiledIndicator[];
  bands: CompiledBand[];
  /** band for each whole score 0..100 */
  bandByScore: (CompiledBand | null)[];
  indicatorRule: string;
  /** " (rule: <indicator rule>)." */
  indicatorRuleSuffix: string;
  /** barrier bit mask -> ordered, frozen barrier list */
  barrierLists: BarrierCode[][];
  /** required-aspect bit mask -> aspects */
  aspectLists: ItemAspect[][];
  /** radix of the answer-code memo key */
  codeBase: number;
}

const cache = new WeakMap<ScoringRules, WeakMap<Catalogue, CompiledScoring>>();
const BARRIER_BIT = new Map<BarrierCode, number>(BARRIER_ORDER.map((b, i) => [b, 1 << i]));

function frozenAnswer(a: AspectAnswer): AspectAnswer {
  return Object.freeze(a);
}

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
  const aspects: CompiledAspect[] = ITEM_ASPECTS.map((aspect, index) => {
    const def = rules.item.aspects[aspect];
    if (!def) throw new Error(`rules.item.aspects.${aspect} is missing`);
    const isRequired = required.has(aspect);
    const values = new Map<string, CompiledValue>();
    for (const [value, rawPoints] of Object.entries(def.points)) {
      const code = values.size + 1;
      const points = rawPoints ?? null;
      const label = choiceLabel(aspect, value);
      const barrier = def.barriers?.[value] ?? null;
      values.set(value, {
        code,
        answer: frozenAnswer({
          aspect,
          aspectLabel: def.label,
          value,
          valueLabel: label,
          points,
          status: points === null ? "no_information" : "answered",
          required: isRequired,
          barrier,
        }),
        barrierBit: barrier ? (BARRIER_BIT.get(barrier) ?? 0) : 0,
        phrase: choicePhrase(aspect, def.label, value),
        answerText:
          points === null ? `${def.label}: ${label} (no points: not enough information)` : `${def.label}: ${label} (${points} points)`,
      });
    }
    const byValue: Record<string, CompiledValue | undefined> = Object.create(null);
    for (const [k, v] of values) byValue[k] = v;
    return {
      index,
      aspect,
      label: def.label,
      weight: def.weight,
      required: isRequired,
      values,
      byValue,
      notAnswered: frozenAnswer({
        aspect,
        aspectLabel: def.label,
        value: null,
        valueLabel: null,
        points: null,
        status: "not_answered",
        required: isRequired,
        barrier: null,
      }),
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

  const barrierLists: BarrierCode[][] = [];
  for (let mask = 0; mask < 1 << BARRIER_ORDER.length; mask++) {
    barrierLists.push(Object.freeze(BARRIER_ORDER.filter((_, i) => mask & (1 << i))) as BarrierCode[]);
  }
  const aspectLists: ItemAspect[][] = [];
  for (let mask = 0; mask < 1 << ITEM_ASPECTS.length; mask++) {
    aspectLists.push(Object.freeze(ITEM_ASPECTS.filter((_, i) => mask & (1 << i))) as ItemAspect[]);
  }
  const requiredMask = aspects.reduce((m, a) => (a.required ? m | (1 << a.index) : m), 0);

  const items: CompiledItem[] = catalogue.dataItems.map((item) => {
    const unanswered = (steps: string[]): ItemScore =>
      Object.freeze({
        itemId: item.id,
        itemName: item.name,
        area: item.area,
        score: null,
        status: "not_enough_information" as const,
        aspects: Object.freeze(aspects.map((a) => a.notAnswered)) as AspectAnswer[],
        gates: Object.freeze([]) as unknown as GateApplied[],
        barriers: barrierLists[0],
        missingAspects: aspectLists[requiredMask],
        steps: Object.freeze(steps) as string[],
      });
    return {
      item,
      memo: new Map(),
      memoTerse: new Map(),
      question: itemMatrixName(item),
      implied: impliedFor(rules, item),
      impliedStep: impliedStep(rules, item),
      answersPrefix: `Answers for ${item.name}: `,
      unanswered: unanswered([`Not enough information: no answers were given for ${item.name}, so the item is not scored.`]),
      unansweredTerse: unanswered([]),
    };
  });
  const itemIndex = new Map(items.map((x, i) => [x.item.id, i]));

  const indicators: CompiledIndicator[] = catalogue.indicators.map((indicator) => {
    const refs = indicator.dataItems.map((ref) => {
      const idx = itemIndex.get(ref.id);
      if (idx === undefined) {
        throw new Error(`Indicator ${indicator.id} needs data item ${ref.id}, which is not in the catalogue`);
      }
      return { itemIndex: idx, required: ref.required };
    });
    const anyRequired = refs.some((r) => r.required);
    const norm = refs.map((r) => ({ itemIndex: r.itemIndex, required: anyRequired ? r.required : true }));
    return {
      indicator,
      memo: new Map(),
      memoTerse: new Map(),
      refs: [...norm.filter((r) => r.required), ...norm.filter((r) => !r.required)],
      requiredIdx: norm.filter((r) => r.required).map((r) => r.itemIndex),
      optionalIdx: norm.filter((r) => !r.required).map((r) => r.itemIndex),
    };
  });

  const sorted = [...rules.bands].sort((a, b) => b.min - a.min);
  const bands: CompiledBand[] = sorted.map((b, i) => {
    const upper = i === 0 ? 100 : sorted[i - 1].min - 1;
    const rangeText = `scores ${b.min}-${upper}`;
    return { id: b.id, label: b.label, min: b.min, rangeText, sentenceTail: ` falls in the band ${b.label} (${rangeText}).` };
  });
  const bandByScore: (CompiledBand | null)[] = [];
  for (let s = 0; s <= 100; s++) bandByScore.push(findBand(bands, s));

  const compiled: CompiledScoring = {
    catalogue,
    rules,
    aspects,
    gates,
    items,
    itemIndex,
    indicators,
    bands,
    bandByScore,
    indicatorRule: rules.indicator.explanation,
    indicatorRuleSuffix: ` (rule: ${rules.indicator.explanation}).`,
    barrierLists,
    aspectLists,
    codeBase: Math.max(...aspects.map((a) => a.values.size)) + 1,
  };
  byCatalogue.set(catalogue, compiled);
  return compiled;
}

function impliedFor(rules: ScoringRules, item: DataItem): Record<string, string> | null {
  const implied = rules.item.impliedAnswers?.[item.kind ?? "child_record"];
  return implied ? implied.answers : null;
}

function impliedStep(rules: ScoringRules, item: DataItem): string {
  const implied = rules.item.impliedAnswers?.[item.kind ?? "child_record"];
  if (!implied) return "";
  const parts = Object.entries(implied.answers).map(([aspect, value]) => `${rules.item.aspects[aspect as ItemAspect]?.label ?? aspect}: ${choiceLabel(aspect as ItemAspect, value)}`);
  return `${listWords(parts)} ${parts.length === 1 ? "is" : "are"} taken as given, not asked (rule: ${implied.basis}).`;
}

function findBand(bands: CompiledBand[], score: number): CompiledBand | null {
  for (const b of bands) if (score >= b.min) return b;
  return bands[bands.length - 1] ?? null;
}

// ---------------------------------------------------------------------------------------------
// Items

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function whyNoInformation(a: AspectAnswer): string {
  return a.status === "not_answered" ? "not answered" : a.status === "unrecognised" ? "unrecognised answer" : `answered "${a.valueLabel}"`;
}

/** Internal: item score plus its barrier bit mask (for fast indicator barriers). */
interface ItemResult {
  score: ItemScore;
  barrierMask: number;
  /** 1..MEMO_LIMIT when memoised (then the result is frozen and shared; unique per item and mode); 0 otherwise */
  id: number;
  /** cached "Name (score)" for indicator sentences */
  scoreText?: string;
}

const EMPTY_STEPS = Object.freeze([]) as unknown as string[];

/** An item's memo stops growing at this many entries (its answer space is a few hundred combinations). Must be < 2^ID_BITS. */
const MEMO_LIMIT = 2_000;
const ID_BITS = 11;
/** Indicator memos (keyed by up to MAX_MEMO_REFS item result ids) stop growing here, bounding memory. */
const INDICATOR_MEMO_LIMIT = 500;
const MAX_MEMO_REFS = 4; // 4 x 11 bits < 2^53

/** Freezes a memoised item result (its answers, barrier lists and aspect lists are already frozen). */
function freezeItemScore(x: ItemScore): void {
  for (const g of x.gates) Object.freeze(g);
  Object.freeze(x.gates);
  Object.freeze(x.aspects);
  Object.freeze(x.steps);
  Object.freeze(x);
}

function freezeIndicatorScore(x: IndicatorScore): IndicatorScore {
  for (const r of x.items) Object.freeze(r);
  Object.freeze(x.items);
  Object.freeze(x.steps);
  Object.freeze(x.weakestItemIds);
  return Object.freeze(x);
}

const EMPTY_ROW: Record<string, unknown> = Object.freeze({});

function scoreItemInternal(c: CompiledScoring, ci: CompiledItem, rawRow: unknown, explain: boolean): ItemResult {
  let row: Record<string, unknown> = isObject(rawRow) ? rawRow : EMPTY_ROW;
  // An item kind whose matrix does not ask some aspects (statutory-return fields) takes the rules'
  // implied answers for them -- but only once the respondent has answered something about the item.
  if (ci.implied && row !== EMPTY_ROW && Object.values(row).some((v) => v !== undefined && v !== null && v !== "")) {
    row = { ...row, ...ci.implied };
  }
  const cas = c.aspects;
  const n = cas.length;
  // Memo: an item's result is a pure function of its four answer codes (for fixed rules), so it is
  // computed once per distinct combination and shared. Unrecognised values are never memoised.
  let key = 0;
  for (let i = n - 1; i >= 0; i--) {
    const raw = row[cas[i].aspect];
    let code = 0;
    if (!(raw === undefined || raw === null || raw === "")) {
      const v = cas[i].byValue[typeof raw === "string" ? raw : String(raw)];
      if (!v) {
        key = -1;
        break;
      }
      code = v.code;
    }
    key = key * c.codeBase + code;
  }
  const memo = explain ? ci.memo : ci.memoTerse;
  if (key >= 0) {
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const result = computeItem(c, ci, row, explain);
  if (key >= 0 && memo.size < MEMO_LIMIT) {
    result.id = memo.size + 1; // 1..MEMO_LIMIT, unique within this item and mode
    freezeItemScore(result.score);
    memo.set(key, result);
  }
  return result;
}

function computeItem(c: CompiledScoring, ci: CompiledItem, row: Record<string, unknown>, explain: boolean): ItemResult {
  const item = ci.item;
  const cas = c.aspects;
  const n = cas.length;
  const aspects: AspectAnswer[] = new Array(n);
  let minPoints = Infinity;
  let minAspect = -1;
  let wSum = 0;
  let wpSum = 0;
  let known = 0;
  let answered = 0;
  let missingMask = 0;
  let optionalMask = 0;
  let barrierMask = 0;

  for (let i = 0; i < n; i++) {
    const a = cas[i];
    const raw = row[a.aspect];
    let ans: AspectAnswer;
    if (raw === undefined || raw === null || raw === "") {
      ans = a.notAnswered;
    } else {
      answered++;
      const value = typeof raw === "string" ? raw : String(raw);
      const v = a.byValue[value];
      if (v) {
        ans = v.answer;
        barrierMask |= v.barrierBit;
      } else {
        ans = {
          aspect: a.aspect,
          aspectLabel: a.label,
          value,
          valueLabel: value,
          points: null,
          status: "unrecognised",
          required: a.required,
          barrier: null,
        };
      }
    }
    aspects[i] = ans;
    const p = ans.points;
    if (p === null) {
      if (a.required) missingMask |= 1 << i;
      else optionalMask |= 1 << i;
    } else {
      known++;
      if (p < minPoints) {
        minPoints = p;
        minAspect = i;
      }
      wSum += a.weight;
      wpSum += a.weight * p;
    }
  }
  if (answered === 0) return { score: explain ? ci.unanswered : ci.unansweredTerse, barrierMask: 0, id: 0 };

  // Gates that match the answers given.
  let matched: CompiledGate[] | null = null;
  let capMin = Infinity;
  for (const g of c.gates) {
    const v = aspects[g.aspectIndex].value;
    if (v !== null && g.values.has(v)) {
      (matched ??= []).push(g);
      if (g.cap < capMin) capMin = g.cap;
    }
  }

  const steps: string[] = explain ? [] : EMPTY_STEPS;
  if (explain) {
    let text = ci.answersPrefix;
    for (let i = 0; i < n; i++) {
      const ans = aspects[i];
      if (i > 0) text += "; ";
      text +=
        ans.status === "not_answered"
          ? cas[i].notAnsweredText
          : ans.status === "unrecognised"
            ? `${cas[i].label}: "${ans.value}" (not a value the rules know: not enough information)`
            : cas[i].values.get(ans.value!)!.answerText;
    }
    steps.push(text + ".");
    if (ci.implied) steps.push(ci.impliedStep);
    if (optionalMask !== 0) {
      const parts: string[] = [];
      for (let i = 0; i < n; i++) if (optionalMask & (1 << i)) parts.push(`${cas[i].label} (${whyNoInformation(aspects[i])})`);
      steps.push(`${listWords(parts)} ${parts.length === 1 ? "gives" : "give"} no usable information; not a required aspect, so left out.`);
    }
  }

  const combine = c.rules.item.combine;
  let gates: GateApplied[] = EMPTY_GATES;
  let score: number | null;

  if (missingMask !== 0 || known === 0) {
    const bound = combine === "min" ? Math.min(capMin, minPoints) : capMin;
    if (bound <= 0 && known > 0) {
      // The answers given fix the item at 0: no missing answer could raise it.
      score = 0;
      if (matched) {
        gates = [];
        for (const g of matched) {
          const value = aspects[g.aspectIndex].value!;
          gates.push({ aspect: g.aspect, value, cap: g.cap, rule: g.rule, scoreBefore: null, scoreAfter: 0, changed: g.cap <= 0 });
          if (explain) steps.push(`${item.name} ${phraseFor(c, g, value)}, which caps the item at ${g.cap} (rule: ${g.rule}).`);
        }
      }
      if (explain) {
        if (capMin > 0) {
          steps.push(`${cas[minAspect].label} is worth 0 points and the item takes the lowest of its aspect points, so it cannot score above 0.`);
        }
        const parts: string[] = [];
        for (let i = 0; i < n; i++) if (missingMask & (1 << i)) parts.push(`${cas[i].label} (${whyNoInformation(aspects[i])})`);
        steps.push(
          `${listWords(parts)} ${parts.length === 1 ? "gives" : "give"} no usable information, but no answer there could raise the item above 0, so the item scores 0.`,
        );
      }
    } else {
      score = null;
      if (explain) {
        const parts: string[] = [];
        for (let i = 0; i < n; i++) if (missingMask & (1 << i)) parts.push(`${cas[i].label} (${whyNoInformation(aspects[i])})`);
        steps.push(
          parts.length > 0
            ? `Not enough information: ${listWords(parts)} ${parts.length === 1 ? "is a required aspect" : "are required aspects"} without a usable answer, so the item is not scored (rule: required aspects).`
            : `Not enough information: no aspect of ${item.name} has a usable answer, so the item is not scored.`,
        );
      }
    }
  } else {
    let s: number;
    if (combine === "min") {
      s = minPoints;
      if (explain) steps.push(`The item takes the lowest of its aspect points: ${s} (${cas[minAspect].label}).`);
    } else {
      s = wSum > 0 ? Math.round(wpSum / wSum) : 0;
      if (explain) steps.push(`The item score is the weighted mean of its aspect points: ${s}.`);
    }
    s = s < 0 ? 0 : s > 100 ? 100 : s;
    if (matched) {
      gates = [];
      for (const g of matched) {
        const before = s;
        const after = before < g.cap ? before : g.cap;
        const value = aspects[g.aspectIndex].value!;
        gates.push({ aspect: g.aspect, value, cap: g.cap, rule: g.rule, scoreBefore: before, scoreAfter: after, changed: after !== before });
        if (explain) {
          steps.push(
            after !== before
              ? `${item.name} ${phraseFor(c, g, value)}, which caps the item at ${g.cap} (rule: ${g.rule}).`
              : `${item.name} ${phraseFor(c, g, value)}, which caps the item at ${g.cap} (rule: ${g.rule}); the score was already ${before}.`,
          );
        }
        s = after;
      }
    }
    score = s;
    if (explain) steps.push(`Item score: ${s}.`);
  }

  return {
    score: {
      itemId: item.id,
      itemName: item.name,
      area: item.area,
      score,
      status: score === null ? "not_enough_information" : "scored",
      aspects,
      gates,
      barriers: c.barrierLists[barrierMask],
      missingAspects: score === null ? c.aspectLists[missingMask] : c.aspectLists[0],
      steps,
    },
    barrierMask,
    id: 0,
  };
}

const EMPTY_GATES = Object.freeze([]) as unknown as GateApplied[];

function phraseFor(c: CompiledScoring, g: CompiledGate, value: string): string {
  const a = c.aspects[g.aspectIndex];
  return a.values.get(value)?.phrase ?? choicePhrase(a.aspect, a.label, value);
}

/** Scores one data item from its row of answers ({ recorded, extractable, completeness, history }). */
export function scoreItem(c: CompiledScoring, item: DataItem, row: unknown, opts: ScoreOptions = {}): ItemScore {
  const idx = c.itemIndex.get(item.id);
  const ci = idx !== undefined && c.items[idx].item === item ? c.items[idx] : compileLoneItem(c, item);
  return scoreItemInternal(c, ci, row, opts.explain !== false).score;
}

function compileLoneItem(c: CompiledScoring, item: DataItem): CompiledItem {
  const steps = [`Not enough information: no answers were given for ${item.name}, so the item is not scored.`];
  const base = {
    itemId: item.id,
    itemName: item.name,
    area: item.area,
    score: null,
    status: "not_enough_information" as const,
    aspects: c.aspects.map((a) => a.notAnswered),
    gates: EMPTY_GATES,
    barriers: c.barrierLists[0],
    missingAspects: c.aspectLists[c.aspects.reduce((m, a) => (a.required ? m | (1 << a.index) : m), 0)],
  };
  return {
    item,
    memo: new Map(),
    memoTerse: new Map(),
    question: itemMatrixName(item),
    implied: impliedFor(c.rules, item),
    impliedStep: impliedStep(c.rules, item),
    answersPrefix: `Answers for ${item.name}: `,
    unanswered: { ...base, steps },
    unansweredTerse: { ...base, steps: [] },
  };
}

function scoreItemsInternal(c: CompiledScoring, data: ResponseData | null | undefined, explain: boolean): ItemResult[] {
  const d = isObject(data) ? data : {};
  const out: ItemResult[] = new Array(c.items.length);
  for (let i = 0; i < c.items.length; i++) {
    const ci = c.items[i];
    const matrix = d[ci.question];
    out[i] = scoreItemInternal(c, ci, isObject(matrix) ? matrix[ci.item.id] : undefined, explain);
  }
  return out;
}

/** Scores every data item of the catalogue from response data (same order as catalogue.dataItems). */
export function scoreItems(c: CompiledScoring, data: ResponseData | null | undefined, opts: ScoreOptions = {}): ItemScore[] {
  return scoreItemsInternal(c, data, opts.explain !== false).map((r) => r.score);
}

// ---------------------------------------------------------------------------------------------
// Indicators

function itemScoreText(r: ItemResult): string {
  if (r.scoreText === undefined) {
    const x = r.score;
    r.scoreText = x.score === null ? `${x.itemName} (not enough information)` : `${x.itemName} (${x.score})`;
  }
  return r.scoreText;
}

function textList(results: ItemResult[], idx: number[]): string {
  let out = "";
  for (let k = 0; k < idx.length; k++) out += (k === 0 ? "" : ", ") + itemScoreText(results[idx[k]]);
  return out;
}

function names(xs: ItemScore[]): string {
  return xs.length === 1 ? xs[0].itemName : listWords(xs.map((x) => x.itemName));
}

function scoreIndicatorInternal(c: CompiledScoring, ci: CompiledIndicator, results: ItemResult[], explain: boolean): IndicatorScore {
  // Memo: an indicator's result is a pure function of its items' results; memoised item results have small ids.
  const refs = ci.refs;
  let key = refs.length > 0 && refs.length <= MAX_MEMO_REFS ? 0 : -1;
  for (let k = 0; k < refs.length && key >= 0; k++) {
    const id = results[refs[k].itemIndex].id;
    key = id > 0 ? key * (1 << ID_BITS) + id : -1;
  }
  const memo = explain ? ci.memo : ci.memoTerse;
  if (key >= 0) {
    const hit = memo.get(key);
    if (hit) return hit;
  }
  const out = computeIndicator(c, ci, results, explain);
  if (key >= 0 && memo.size < INDICATOR_MEMO_LIMIT) memo.set(key, freezeIndicatorScore(out));
  return out;
}

function computeIndicator(c: CompiledScoring, ci: CompiledIndicator, results: ItemResult[], explain: boolean): IndicatorScore {
  const ind = ci.indicator;
  const refs = ci.refs;
  const items: IndicatorItemRef[] = new Array(refs.length);
  for (let k = 0; k < refs.length; k++) {
    const x = results[refs[k].itemIndex].score;
    items[k] = { itemId: x.itemId, itemName: x.itemName, required: refs[k].required, score: x.score };
  }

  let min = Infinity;
  let missing = 0;
  let barrierMask = 0;
  const req = ci.requiredIdx;
  for (let k = 0; k < req.length; k++) {
    const r = results[req[k]];
    barrierMask |= r.barrierMask;
    const s = r.score.score;
    if (s === null) missing++;
    else if (s < min) min = s;
  }

  let score: number | null;
  let weakest: ItemScore[] = [];
  if (req.length === 0 || (missing > 0 && !(min <= 0))) {
    score = null;
    for (const i of req) if (results[i].score.score === null) weakest.push(results[i].score);
  } else {
    score = min;
    for (const i of req) if (results[i].score.score === min) weakest.push(results[i].score);
  }
  // History gate: the indicator needs lookBackMonths of history from every required item.
  let shortHistory: ItemScore[] = [];
  let scoreBeforeHistory: number | null = null;
  const hg = c.rules.indicator.historyGate;
  const lookBack = ind.lookBackMonths ?? 0;
  if (hg && score !== null && score > hg.cap && lookBack > 0) {
    const h = ITEM_ASPECTS.indexOf("history");
    for (const i of req) {
      const value = results[i].score.aspects[h]?.value;
      const months = value === null || value === undefined ? undefined : hg.monthsByValue[value];
      if (months === undefined || months < lookBack) shortHistory.push(results[i].score);
    }
    if (shortHistory.length > 0) {
      scoreBeforeHistory = score;
      score = hg.cap;
      barrierMask |= BARRIER_BIT.get("short_history") ?? 0;
    }
  }
  const band = score === null ? null : Number.isInteger(score) && score >= 0 && score <= 100 ? c.bandByScore[score] : findBand(c.bands, score);

  let steps: string[] = EMPTY_STEPS;
  let summary = "";
  if (explain) {
    steps = [];
    steps.push("Required data items: " + textList(results, req) + ".");
    if (ci.optionalIdx.length > 0) {
      steps.push("Optional data items (shown for information; they do not bound the score): " + textList(results, ci.optionalIdx) + ".");
    }
    if (req.length === 0) {
      steps.push(`Not enough information: the indicator names no data items.`);
      summary = `${NOT_ENOUGH_INFORMATION_LABEL}: the indicator names no data items.`;
    } else if (score === null) {
      const one = weakest.length === 1;
      steps.push(
        `Not enough information: required item${one ? "" : "s"} ${names(weakest)} ${one ? "lacks" : "lack"} usable answers, so the indicator is not scored (rule: ${c.indicatorRule}).`,
      );
      summary = `${NOT_ENOUGH_INFORMATION_LABEL}: required item${one ? "" : "s"} ${names(weakest)} ${one ? "lacks" : "lack"} usable answers.`;
    } else {
      if (missing > 0) {
        const lacking = req.map((i) => results[i].score).filter((x) => x.score === null);
        steps.push(
          `Required item${lacking.length === 1 ? "" : "s"} ${names(lacking)} ${lacking.length === 1 ? "lacks" : "lack"} usable answers, but ${names(weakest)} ${weakest.length === 1 ? "scores" : "score"} 0 and the indicator takes its weakest required item (rule: ${c.indicatorRule}), so it scores 0.`,
        );
      } else {
        steps.push("The indicator takes its weakest required item: " + names(weakest) + " at " + (scoreBeforeHistory ?? score) + c.indicatorRuleSuffix);
      }
      if (scoreBeforeHistory !== null && hg) {
        const one = shortHistory.length === 1;
        steps.push(
          `The indicator looks back ${lookBack} months, but ${names(shortHistory)} ${one ? "does" : "do"} not hold that much history, or it is not known, so the score is capped at ${hg.cap} (rule: ${hg.explanation}).`,
        );
      }
      if (band) steps.push("A score of " + score + band.sentenceTail);
      const reason = weakest[0]?.gates.find((g) => g.changed);
      summary =
        scoreBeforeHistory !== null
          ? `${band ? band.label : ""} (${score}): not enough history in ${names(shortHistory)} for a ${lookBack}-month look-back.`
          : `${band ? band.label : ""} (${score}): weakest required item ${names(weakest)}${reason ? ` (${reason.rule})` : ""}.`;
    }
  }

  return {
    indicatorId: ind.id,
    indicatorName: ind.name,
    outcomeArea: ind.outcomeArea,
    score,
    band: band ? band.id : "not_enough_information",
    bandLabel: band ? band.label : NOT_ENOUGH_INFORMATION_LABEL,
    weakestItemIds: weakest.map((x) => x.itemId),
    barriers: c.barrierLists[barrierMask],
    items,
    steps,
    summary,
  };
}

// ---------------------------------------------------------------------------------------------
// Whole response

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
