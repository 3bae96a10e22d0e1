/**
 * "What would move it up": for each indicator below Ready now, the smallest set of changes to the
 * LA's data items that lifts it one band, found by re-scoring with the rules.
 *
 * An indicator is only as feasible as its weakest required item (with gates capping items, and a
 * history gate capping the indicator), so every required item below the target must reach it. For
 * each such item every combination of better answers to the aspects its questionnaire asks is
 * scored; the one with the fewest changed aspects, then the smallest rise in points, wins. The
 * changes of all items are then applied together and the whole response re-scored: only a lift the
 * rules confirm is reported. Changes are worded as conditions to meet, never answers to give.
 * An indicator with not enough information gets the facts to find out instead.
 */
import { ITEM_ASPECTS, itemMatrixName, type Catalogue, type DataItem, type ItemAspect, type ScoringRules } from "../definitions/types.ts";
import type { CapabilityContext } from "../scoring/capability-profile.ts";
import { compileScoring } from "../scoring/compile-scoring.ts";
import { scoreItem } from "../scoring/score-item.ts";
import { scoreResponse } from "../scoring/score-response.ts";
import type { LaScores, ResponseData } from "../scoring/types.ts";
import type { ConditionDto, ImprovementDto } from "../../contracts/reports.ts";

/** The condition each answer value stands for, when it is a target to reach ("at least 75% complete"). */
const CONDITIONS: Record<ItemAspect, Record<string, string>> = {
  recorded: { structured: "recorded in structured fields", other_council_system: "held in a council system it can be reported from" },
  extractable: { yes: "extractable at child level", partly: "at least partly extractable at child level", manual: "extractable at child level, even if with manual work" },
  completeness: { c90_100: "at least 90% complete", c75_89: "at least 75% complete", c50_74: "at least 50% complete" },
  history: { y5_plus: "holding at least 5 years of history", y3_4: "holding at least 3 years of history", y1_2: "holding at least 1 year of history" },
};

const FIND_OUT: Record<ItemAspect, string> = {
  recorded: "how it is recorded",
  extractable: "whether it can be extracted at child level",
  completeness: "how complete it is",
  history: "how many years of history it holds",
};

interface Change {
  item: DataItem;
  aspect: ItemAspect;
  value: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function rowOf(data: ResponseData, item: DataItem): Record<string, unknown> {
  const matrix = data[itemMatrixName(item)];
  const row = isObject(matrix) ? matrix[item.id] : undefined;
  return isObject(row) ? row : {};
}

function withChanges(data: ResponseData, changes: readonly Change[]): ResponseData {
  const out: ResponseData = { ...data };
  for (const ch of changes) {
    const q = itemMatrixName(ch.item);
    const matrix = isObject(out[q]) ? { ...(out[q] as Record<string, unknown>) } : {};
    matrix[ch.item.id] = { ...rowOf({ [q]: matrix }, ch.item), [ch.aspect]: ch.value };
    out[q] = matrix;
  }
  return out;
}

/** The cheapest set of aspect changes that gets one item to `min` points (and enough history when asked), or null. */
function cheapestItemChanges(rules: ScoringRules, catalogue: Catalogue, item: DataItem, row: Record<string, unknown>, min: number, historyMonths: number): Change[] | null {
  const compiled = compileScoring(catalogue, rules);
  const implied = rules.item.impliedAnswers?.[item.kind ?? "child_record"]?.answers ?? {};
  const monthsByValue = rules.indicator.historyGate?.monthsByValue ?? {};
  const pointsOf = (aspect: ItemAspect, v: unknown) => (typeof v === "string" ? (rules.item.aspects[aspect].points[v] ?? null) : null);
  // options per aspect: keep the answer, or move to a target value worth more points
  const options = ITEM_ASPECTS.map((aspect) => {
    const current = row[aspect];
    const keep = [{ value: current, cost: 0, changed: false }];
    if (aspect in implied) return keep;
    const now = pointsOf(aspect, current);
    for (const value of Object.keys(CONDITIONS[aspect])) {
      const p = pointsOf(aspect, value);
      if (p !== null && (now === null || p > now)) keep.push({ value, cost: p - (now ?? 0), changed: true });
    }
    return keep;
  });
  let best: { changes: Change[]; count: number; cost: number } | null = null;
  const pick = (i: number, chosen: { value: unknown; cost: number; changed: boolean }[]) => {
    if (i === ITEM_ASPECTS.length) {
      const count = chosen.filter((c) => c.changed).length;
      const cost = chosen.reduce((s, c) => s + c.cost, 0);
      if (best && (count > best.count || (count === best.count && cost >= best.cost))) return;
      const candidate: Record<string, unknown> = { ...row };
      ITEM_ASPECTS.forEach((a, k) => (candidate[a] = chosen[k].value));
      const score = scoreItem(compiled, item, candidate, { explain: false }).score;
      if (score === null || score < min) return;
      if (historyMonths > 0) {
        const months = monthsByValue[String(candidate.history)];
        if (months === undefined || months < historyMonths) return;
      }
      best = {
        count,
        cost,
        changes: ITEM_ASPECTS.flatMap((a, k) => (chosen[k].changed ? [{ item, aspect: a, value: String(chosen[k].value) }] : [])),
      };
      return;
    }
    for (const o of options[i]) pick(i + 1, [...chosen, o]);
  };
  pick(0, []);
  return best === null ? null : (best as { changes: Change[] }).changes;
}

function conditionsText(indicatorName: string, toLabel: string, conditions: ConditionDto[]): string {
  const byItem = new Map<string, string[]>();
  for (const c of conditions) byItem.set(c.itemName, [...(byItem.get(c.itemName) ?? []), c.text]);
  const parts = [...byItem].map(([name, texts]) => `${name} ${texts.join(" and ")}`);
  return `${indicatorName} would be ${toLabel} with ${parts.join("; ")}.`;
}

export interface ImprovementInput {
  catalogue: Catalogue;
  rules: ScoringRules;
  data: ResponseData;
  context?: CapabilityContext;
  scores: LaScores;
}

/** One improvement per indicator below Ready now that the rules confirm can be lifted (indicator id -> improvement). */
export function findImprovements(input: ImprovementInput): Map<string, ImprovementDto> {
  const { catalogue, rules, data, scores } = input;
  const bands = [...rules.bands].sort((a, b) => a.min - b.min); // lowest first
  const itemsById = new Map(catalogue.dataItems.map((d) => [d.id, d]));
  const itemScore = new Map(scores.items.map((s) => [s.itemId, s]));
  const out = new Map<string, ImprovementDto>();
  for (const ind of scores.indicators) {
    if (ind.band === "ready_now") continue;
    const indicator = catalogue.indicators.find((i) => i.id === ind.indicatorId);
    if (!indicator) continue;
    const anyRequired = indicator.dataItems.some((r) => r.required);
    const required = indicator.dataItems.filter((r) => r.required || !anyRequired).map((r) => itemsById.get(r.id)).filter((d): d is DataItem => !!d);
    if (ind.band === "not_enough_information") {
      const conditions: ConditionDto[] = [];
      for (const item of required) {
        for (const aspect of itemScore.get(item.id)?.missingAspects ?? []) {
          conditions.push({ itemId: item.id, itemName: item.name, aspect, text: `find out ${FIND_OUT[aspect]}` });
        }
      }
      if (conditions.length === 0) continue;
      out.set(ind.indicatorId, {
        indicatorId: ind.indicatorId,
        indicatorName: ind.indicatorName,
        fromBand: ind.bandLabel,
        toBand: "scored",
        conditions,
        text: `${ind.indicatorName} cannot be scored until you ${[...new Set(conditions.map((c) => `${c.text} for ${c.itemName}`))].join("; ")}.`,
      });
      continue;
    }
    const current = bands.findIndex((b) => b.id === ind.band);
    const target = bands[current + 1];
    if (!target) continue;
    const historyMonths = target.id === "ready_now" && rules.indicator.historyGate ? (indicator.lookBackMonths ?? 0) : 0;
    const changes: Change[] = [];
    let possible = true;
    for (const item of required) {
      const row = rowOf(data, item);
      const found = cheapestItemChanges(rules, catalogue, item, row, target.min, historyMonths);
      if (found === null) {
        possible = false;
        break;
      }
      changes.push(...found);
    }
    if (!possible || changes.length === 0) continue;
    // confirm with the whole rules: the indicator must reach the target band
    const rescored = scoreResponse({ catalogue, rules, data: withChanges(data, changes), context: input.context }, { explain: false });
    const after = rescored.indicators.find((i) => i.indicatorId === ind.indicatorId);
    if (!after || after.score === null || after.score < target.min) continue;
    const conditions = changes.map((c) => ({ itemId: c.item.id, itemName: c.item.name, aspect: c.aspect, text: CONDITIONS[c.aspect][c.value] }));
    out.set(ind.indicatorId, {
      indicatorId: ind.indicatorId,
      indicatorName: ind.indicatorName,
      fromBand: ind.bandLabel,
      toBand: target.label,
      conditions,
      text: conditionsText(ind.indicatorName, target.label, conditions),
    });
  }
  return out;
}

