/**
 * Compilation of a catalogue + rules pair into lookup tables for the scorers (score-item.ts,
 * score-indicator.ts). Done once per pair and cached, because bulk statistics score thousands of
 * responses against the same definitions.
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
import type { AspectAnswer, GateApplied, IndicatorScore, ItemScore } from "./types.ts";
import { BARRIER_ORDER, choiceLabel, choicePhrase, listWords, withoutFinalStop } from "./wording.ts";

interface CompiledValue {
  code: number; // 1..k; 0 = not answered (memo key digit)
  answer: AspectAnswer; // shared, frozen
  barrierBit: number;
  phrase: string;
  answerText: string; // "Recorded: Free text only (25 points)"
}

export interface CompiledAspect {
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

export interface CompiledGate {
  aspectIndex: number;
  aspect: ItemAspect;
  values: Set<string>;
  cap: number;
  rule: string;
}

export interface CompiledItem {
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

export interface CompiledIndicator {
  indicator: Indicator;
  /** results by the memo ids of its items' results (explained / terse) */
  memo: Map<number, IndicatorScore>;
  memoTerse: Map<number, IndicatorScore>;
  refs: { itemIndex: number; required: boolean }[];
  requiredIdx: number[];
  optionalIdx: number[];
}

export interface CompiledBand {
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

/** An item score plus its barrier bit mask (for fast indicator barriers): what the scorers memoise and pass on. */
export interface ItemResult {
  score: ItemScore;
  barrierMask: number;
  /** 1..MEMO_LIMIT when memoised (then the result is frozen and shared; unique per item and mode); 0 otherwise */
  id: number;
  /** cached "Name (score)" for indicator sentences */
  scoreText?: string;
}

export const EMPTY_STEPS = Object.freeze([]) as unknown as string[];
export const EMPTY_GATES = Object.freeze([]) as unknown as GateApplied[];

const cache = new WeakMap<ScoringRules, WeakMap<Catalogue, CompiledScoring>>();
export const BARRIER_BIT = new Map<BarrierCode, number>(BARRIER_ORDER.map((b, i) => [b, 1 << i]));

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
    rule: withoutFinalStop(g.explanation),
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
    indicatorRule: withoutFinalStop(rules.indicator.explanation),
    indicatorRuleSuffix: ` (rule: ${withoutFinalStop(rules.indicator.explanation)}).`,
    barrierLists,
    aspectLists,
    codeBase: Math.max(...aspects.map((a) => a.values.size)) + 1,
  };
  byCatalogue.set(catalogue, compiled);
  return compiled;
}

/** Compiles an item the compiled catalogue does not hold (scoreItem accepts any item); its memo lives for one call. */
export function compileLoneItem(c: CompiledScoring, item: DataItem): CompiledItem {
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

export function findBand(bands: CompiledBand[], score: number): CompiledBand | null {
  for (const b of bands) if (score >= b.min) return b;
  return bands[bands.length - 1] ?? null;
}
