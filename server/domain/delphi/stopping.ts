/**
 * When a Delphi study can stop, and how far the panel disagrees.
 *
 * - IPRAS (RAND/UCLA Appropriateness Method): IPR is the range between the 30th and 70th percentiles
 *   of the 1-9 ratings; its asymmetry AI = |5 - (P30 + P70) / 2|; IPRAS = 2.35 + 1.5 x AI; the
 *   disagreement index DI = IPR / IPRAS, and the panel disagrees when DI > 1 (Fitch et al., RAND
 *   MR-1269, 2001). Percentiles interpolate between order statistics like the quartiles.
 * - An item stops (needs no further round) when the study's stopping rule says so: consensus reached
 *   and/or the ratings are stable — fewer than the threshold % of panellists who rated it in both
 *   rounds moved category (1-3, 4-6, 7-9).
 * - The study can close when every item of the last closed round has stopped, or when the maximum
 *   number of rounds has been held.
 * - Attrition per round and stakeholder group: of those who submitted the previous round, the share
 *   who did not submit this one.
 */
import { quantile, type Consensus, type Rating } from "./consensus.ts";
import type { StoppingRule } from "./settings.ts";

export interface Disagreement {
  p30: number;
  p70: number;
  ipr: number;
  asymmetry: number;
  ipras: number;
  /** IPR / IPRAS; above 1 means disagreement */
  index: number;
  disagree: boolean;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function disagreement(ratings: readonly Rating[]): Disagreement | null {
  const values = ratings.filter((r): r is number => r !== "unable").sort((a, b) => a - b);
  if (values.length === 0) return null;
  const p30 = quantile(values, 0.3)!;
  const p70 = quantile(values, 0.7)!;
  const ipr = p70 - p30;
  const asymmetry = Math.abs(5 - (p30 + p70) / 2);
  const ipras = 2.35 + 1.5 * asymmetry;
  const index = ipr / ipras;
  return { p30: round3(p30), p70: round3(p70), ipr: round3(ipr), asymmetry: round3(asymmetry), ipras: round3(ipras), index: round3(index), disagree: index > 1 };
}

/** The RAND/UCLA alternative rule: median 7-9 without disagreement is "in", median 1-3 without disagreement "out". */
export function randUclaConsensus(median: number | null, d: Disagreement | null): Consensus {
  if (median === null || d === null || d.disagree) return "none";
  if (median >= 7) return "in";
  if (median <= 3) return "out";
  return "none";
}

export type StopWhen = "consensusOrStable" | "consensusAndStable" | "stable";
export const DEFAULT_STOP_WHEN: StopWhen = "consensusOrStable";

export interface ItemStopping {
  /** the round these figures are from (the item's last closed round), null before any */
  round: number | null;
  stopped: boolean;
  consensusReached: boolean;
  /** null when the item has not been rated in two rounds */
  stable: boolean | null;
  sentence: string;
}

/** Whether an item needs no further round, from its last closed round's consensus class and stability (% moved). */
export function itemStopping(last: { round: number; consensus: Consensus; stability: number | null } | null, rule: StoppingRule): ItemStopping {
  if (!last) return { round: null, stopped: false, consensusReached: false, stable: null, sentence: "Not rated in a closed round yet." };
  const when = rule.stopWhen ?? DEFAULT_STOP_WHEN;
  const consensusReached = last.consensus !== "none";
  const stable = last.stability === null ? null : last.stability < rule.stabilityThresholdPct;
  const stopped = when === "consensusOrStable" ? consensusReached || stable === true : when === "consensusAndStable" ? consensusReached && stable === true : stable === true;
  const moved =
    last.stability === null
      ? "stability needs a second round"
      : `${last.stability}% moved category since the previous round (${stable ? "below" : "not below"} the ${rule.stabilityThresholdPct}% threshold)`;
  const agreed = consensusReached ? `consensus ${last.consensus === "in" ? "that it is critical" : "that it is not important"}` : "no consensus";
  return { round: last.round, stopped, consensusReached, stable, sentence: `Round ${last.round}: ${agreed}; ${moved}. ${stopped ? "No further round needed." : "Rate again."}` };
}

export interface StudyStopping {
  close: boolean;
  roundsHeld: number;
  maxRounds: number;
  itemsStopped: number;
  itemsContinuing: number;
  sentence: string;
}

/**
 * The study-level recommendation from the items of the last closed round: close when all have
 * stopped, or when the maximum number of rounds has been held.
 */
export function studyStopping(closedRounds: number, openRound: number | null, items: readonly ItemStopping[], rule: StoppingRule): StudyStopping {
  const stoppedItems = items.filter((i) => i.round === closedRounds && i.stopped).length;
  const inLast = items.filter((i) => i.round === closedRounds).length;
  const base = { roundsHeld: closedRounds, maxRounds: rule.maxRounds, itemsStopped: stoppedItems, itemsContinuing: inLast - stoppedItems };
  const still = openRound !== null ? ` Round ${openRound} is still open.` : "";
  if (closedRounds === 0) return { ...base, close: false, sentence: `No round has closed yet.${still}` };
  if (closedRounds >= rule.maxRounds) {
    return { ...base, close: true, sentence: `Close the study: the stopping rule allows at most ${rule.maxRounds} rounds and ${closedRounds} have been held. Items without consensus go to the consensus meeting.` };
  }
  if (inLast > 0 && stoppedItems === inLast) {
    return { ...base, close: true, sentence: `Close the study: all ${inLast} items rated in round ${closedRounds} have stopped under the stopping rule.${still}` };
  }
  return {
    ...base,
    close: false,
    sentence: `Another round is recommended: ${inLast - stoppedItems} of the ${inLast} items rated in round ${closedRounds} have not stopped under the stopping rule (${rule.maxRounds - closedRounds} more ${rule.maxRounds - closedRounds === 1 ? "round is" : "rounds are"} allowed).${still}`,
  };
}

export interface AttritionFigures {
  invited: number;
  responded: number;
  /** submitted the previous round (null in round 1) */
  previousResponded: number | null;
  /** of those, submitted this round too */
  retained: number | null;
  /** % of the previous round's responders who did not submit this one */
  attritionPct: number | null;
}

export interface RoundAttrition extends AttritionFigures {
  round: number;
  byGroup: (AttritionFigures & { group: string })[];
}

interface Participation {
  number: number;
  participants: readonly { panellistId: string; group: string; submitted: boolean }[];
}

function figures(current: Participation["participants"], previous: Participation["participants"] | null): AttritionFigures {
  const responded = current.filter((p) => p.submitted);
  if (!previous) return { invited: current.length, responded: responded.length, previousResponded: null, retained: null, attritionPct: null };
  const before = previous.filter((p) => p.submitted).map((p) => p.panellistId);
  const now = new Set(responded.map((p) => p.panellistId));
  const retained = before.filter((id) => now.has(id)).length;
  return {
    invited: current.length,
    responded: responded.length,
    previousResponded: before.length,
    retained,
    attritionPct: before.length === 0 ? null : Math.round((1000 * (before.length - retained)) / before.length) / 10,
  };
}

export function attrition(rounds: readonly Participation[], groups: readonly string[]): RoundAttrition[] {
  return rounds.map((r, i) => {
    const prev = i > 0 ? rounds[i - 1].participants : null;
    return {
      round: r.number,
      ...figures(r.participants, prev),
      byGroup: groups.map((g) => ({ group: g, ...figures(r.participants.filter((p) => p.group === g), prev ? prev.filter((p) => p.group === g) : null) })),
    };
  });
}

export interface BiasGroup {
  n: number;
  median: number | null;
  pct7to9: number | null;
}

/**
 * Attrition bias for one item: the round-1 ratings of panellists who submitted round 1 and the last
 * round ("stayed") against those who submitted round 1 but not the last round ("left"). Null until
 * a second round exists. A gap between the two suggests the later rounds lost a particular view.
 */
export function attritionBias(
  rounds: readonly { number: number; participants: readonly { panellistId: string; submitted: boolean }[]; ratings: readonly { panellistId: string; itemId: string; rating: Rating }[] }[],
  itemId: string,
): { stayed: BiasGroup; left: BiasGroup } | null {
  if (rounds.length < 2) return null;
  const [first, last] = [rounds[0], rounds[rounds.length - 1]];
  const stayedIds = new Set(last.participants.filter((p) => p.submitted).map((p) => p.panellistId));
  const firstResponders = first.participants.filter((p) => p.submitted).map((p) => p.panellistId);
  const rating = new Map(first.ratings.filter((r) => r.itemId === itemId).map((r) => [r.panellistId, r.rating]));
  const summary = (ids: string[]): BiasGroup => {
    const values = ids.map((id) => rating.get(id)).filter((r): r is number => typeof r === "number").sort((a, b) => a - b);
    return { n: values.length, median: quantile(values, 0.5), pct7to9: values.length === 0 ? null : Math.round((1000 * values.filter((v) => v >= 7).length) / values.length) / 10 };
  };
  return { stayed: summary(firstResponders.filter((id) => stayedIds.has(id))), left: summary(firstResponders.filter((id) => !stayedIds.has(id))) };
}
