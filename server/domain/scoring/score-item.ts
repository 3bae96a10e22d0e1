/**
 * Item scores: one data item's answers -> points per aspect, gates, score and the sentences that
 * explain it. The rules are described at the top of score-response.ts.
 */
import type { DataItem } from "../definitions/types.ts";
import {
  EMPTY_GATES,
  EMPTY_STEPS,
  compileLoneItem,
  type CompiledGate,
  type CompiledItem,
  type CompiledScoring,
  type ItemResult,
} from "./compile-scoring.ts";
import type { AspectAnswer, GateApplied, ItemScore, ResponseData, ScoreOptions } from "./types.ts";
import { choicePhrase, listWords } from "./wording.ts";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function whyNoInformation(a: AspectAnswer): string {
  return a.status === "not_answered" ? "not answered" : a.status === "unrecognised" ? "unrecognised answer" : `answered "${a.valueLabel}"`;
}

/** An item's memo stops growing at this many entries (its answer space is a few hundred combinations). Must be < 2^ID_BITS. */
const MEMO_LIMIT = 2_000;
/** Bits of a memoised item result id; indicator memo keys pack several of them into one number. */
export const ID_BITS = 11;

/** Freezes a memoised item result (its answers, barrier lists and aspect lists are already frozen). */
function freezeItemScore(x: ItemScore): void {
  for (const g of x.gates) Object.freeze(g);
  Object.freeze(x.gates);
  Object.freeze(x.aspects);
  Object.freeze(x.steps);
  Object.freeze(x);
}

const EMPTY_ROW: Record<string, unknown> = Object.freeze({});

export function scoreItemInternal(c: CompiledScoring, ci: CompiledItem, rawRow: unknown, explain: boolean): ItemResult {
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

export function scoreItemsInternal(c: CompiledScoring, data: ResponseData | null | undefined, explain: boolean): ItemResult[] {
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
