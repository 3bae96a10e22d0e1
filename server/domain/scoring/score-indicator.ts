/**
 * Indicator scores: the weakest required item, the history gate, the band, and the sentences that
 * explain them. The rules are described at the top of score-response.ts.
 */
import { ITEM_ASPECTS } from "../definitions/types.ts";
import { BARRIER_BIT, EMPTY_STEPS, findBand, type CompiledIndicator, type CompiledScoring, type ItemResult } from "./compile-scoring.ts";
import { ID_BITS } from "./score-item.ts";
import type { IndicatorItemRef, IndicatorScore, ItemScore } from "./types.ts";
import { NOT_ENOUGH_INFORMATION_LABEL, listWords, withoutFinalStop } from "./wording.ts";

/** Indicator memos (keyed by up to MAX_MEMO_REFS item result ids) stop growing here, bounding memory. */
const INDICATOR_MEMO_LIMIT = 500;
const MAX_MEMO_REFS = 4; // 4 x 11 bits < 2^53

function freezeIndicatorScore(x: IndicatorScore): IndicatorScore {
  for (const r of x.items) Object.freeze(r);
  Object.freeze(x.items);
  Object.freeze(x.steps);
  Object.freeze(x.weakestItemIds);
  return Object.freeze(x);
}

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

export function scoreIndicatorInternal(c: CompiledScoring, ci: CompiledIndicator, results: ItemResult[], explain: boolean): IndicatorScore {
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
  const weakest: ItemScore[] = [];
  if (req.length === 0 || (missing > 0 && !(min <= 0))) {
    score = null;
    for (const i of req) if (results[i].score.score === null) weakest.push(results[i].score);
  } else {
    score = min;
    for (const i of req) if (results[i].score.score === min) weakest.push(results[i].score);
  }
  // History gate: the indicator needs lookBackMonths of history from every required item.
  const shortHistory: ItemScore[] = [];
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
          `The indicator looks back ${lookBack} months, but ${names(shortHistory)} ${one ? "does" : "do"} not hold that much history, or it is not known, so the score is capped at ${hg.cap} (rule: ${withoutFinalStop(hg.explanation)}).`,
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
