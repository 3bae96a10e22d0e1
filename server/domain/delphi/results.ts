/**
 * Results of a Delphi study per item per round: invited, responded (submitted), the distribution of
 * ratings overall and per stakeholder group, stability since the item's previous round, and the
 * consensus class under the study's rule (with the "overall only" alternative beside it). Also the
 * feedback a panellist sees in the next round, where a group's figures are shown only when at least
 * minGroupRaters of its panellists rated the item, so nobody in a small group can be singled out.
 */
import { itemConsensus, stability, summarise, type Consensus, type Rating, type RatingSummary } from "./consensus.ts";
import type { StudySettings } from "./settings.ts";
import { disagreement, randUclaConsensus, type Disagreement } from "./stopping.ts";

export interface RoundInput {
  number: number;
  itemIds: readonly string[];
  /** every panellist invited to the round, with their group and whether they submitted */
  participants: readonly { panellistId: string; group: string; submitted: boolean }[];
  /** numeric ratings and "unable"; unrated items are absent */
  ratings: readonly { panellistId: string; group: string; itemId: string; rating: Rating }[];
}

export interface GroupResult extends RatingSummary {
  group: string;
  nInvited: number;
  nResponded: number;
  consensus: Consensus | null;
}

export interface ItemRoundResult extends RatingSummary {
  round: number;
  nInvited: number;
  nResponded: number;
  stability: number | null;
  byGroup: GroupResult[];
  consensus: Consensus;
  consensusOverallOnly: Consensus;
  /** RAND/UCLA IPRAS disagreement test on the whole panel's ratings */
  disagreement: Disagreement | null;
  /** the RAND/UCLA alternative: median 7-9 (in) or 1-3 (out) without disagreement */
  consensusRandUcla: Consensus;
}

export function itemRoundResult(round: RoundInput, itemId: string, settings: StudySettings, previous: RoundInput | null): ItemRoundResult {
  const ratings = round.ratings.filter((r) => r.itemId === itemId);
  const groups = settings.groups.map((g) => ({ group: g.key, ratings: ratings.filter((r) => r.group === g.key).map((r) => r.rating) }));
  const c = itemConsensus(groups, settings.consensus);
  const overallOnly = itemConsensus(groups, { ...settings.consensus, scope: "overallOnly" });
  let stab: number | null = null;
  if (previous && previous.itemIds.includes(itemId)) {
    const before = new Map(previous.ratings.filter((r) => r.itemId === itemId).map((r) => [r.panellistId, r.rating]));
    stab = stability(before, new Map(ratings.map((r) => [r.panellistId, r.rating])));
  }
  const overall = summarise(ratings.map((r) => r.rating));
  const d = disagreement(ratings.map((r) => r.rating));
  return {
    round: round.number,
    nInvited: round.participants.length,
    nResponded: round.participants.filter((p) => p.submitted).length,
    ...overall,
    stability: stab,
    byGroup: groups.map((g) => ({
      group: g.group,
      nInvited: round.participants.filter((p) => p.group === g.group).length,
      nResponded: round.participants.filter((p) => p.group === g.group && p.submitted).length,
      ...summarise(g.ratings),
      consensus: c.byGroup[g.group],
    })),
    consensus: c.consensus,
    consensusOverallOnly: overallOnly.consensus,
    disagreement: d,
    consensusRandUcla: randUclaConsensus(overall.median, d),
  };
}

/** Results of every item in every round it was rated in (rounds in order). */
export function studyResults(itemIds: readonly string[], rounds: readonly RoundInput[], settings: StudySettings): { id: string; rounds: ItemRoundResult[] }[] {
  return itemIds.map((id) => {
    const out: ItemRoundResult[] = [];
    let previous: RoundInput | null = null;
    for (const round of rounds) {
      if (!round.itemIds.includes(id)) continue;
      out.push(itemRoundResult(round, id, settings, previous));
      previous = round;
    }
    return { id, rounds: out };
  });
}

export interface PanellistFeedback {
  median: number | null;
  q1: number | null;
  q3: number | null;
  nRated: number;
  distribution: number[];
  byGroup: { group: string; median: number | null; q1: number | null; q3: number | null; nRated: number; distribution: number[] }[];
  yourPrevious: Rating | null;
  comments: string[];
}

/** What one panellist sees about an item from the previous (closed) round. */
export function feedbackFor(previous: RoundInput, itemId: string, panellistId: string, settings: StudySettings, approvedComments: string[]): PanellistFeedback | null {
  if (!previous.itemIds.includes(itemId)) return null;
  const ratings = previous.ratings.filter((r) => r.itemId === itemId);
  const overall = summarise(ratings.map((r) => r.rating));
  const byGroup = settings.groups
    .map((g) => ({ group: g.key, s: summarise(ratings.filter((r) => r.group === g.key).map((r) => r.rating)) }))
    .filter((g) => g.s.nRated >= settings.consensus.minGroupRaters)
    .map((g) => ({ group: g.group, median: g.s.median, q1: g.s.q1, q3: g.s.q3, nRated: g.s.nRated, distribution: g.s.distribution }));
  return {
    median: overall.median,
    q1: overall.q1,
    q3: overall.q3,
    nRated: overall.nRated,
    distribution: overall.distribution,
    byGroup,
    yourPrevious: ratings.find((r) => r.panellistId === panellistId)?.rating ?? null,
    comments: approvedComments,
  };
}

/** The latest consensus of an item: the class in the last round it was rated, with that round's figures. */
export function latestConsensus(result: { rounds: ItemRoundResult[] }): { consensus: Consensus; round: number | null; pct7to9: number | null; pct1to3: number | null } {
  const last = result.rounds[result.rounds.length - 1];
  return last ? { consensus: last.consensus, round: last.round, pct7to9: last.pct7to9, pct1to3: last.pct1to3 } : { consensus: "none", round: null, pct7to9: null, pct1to3: null };
}

/**
 * Randomised order of items for one panellist: outcome areas shuffled, then items within each area
 * (Fisher-Yates with the given random source), so order effects average out across the panel.
 */
export function shuffledOrder(items: readonly { id: string; outcomeArea: string }[], random: () => number): string[] {
  const shuffle = <T>(a: T[]): T[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const areas = shuffle([...new Set(items.map((i) => i.outcomeArea))]);
  return areas.flatMap((area) => shuffle(items.filter((i) => i.outcomeArea === area).map((i) => i.id)));
}
