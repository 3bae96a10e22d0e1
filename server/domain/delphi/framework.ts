/**
 * The framework decision: for each Delphi item, importance (the panel's consensus, or the consensus
 * meeting's decision) joined with national feasibility (the share of submitted LAs in each band) →
 * a recommendation class from an ordered rule list where the first matching rule wins. The list is
 * data: it is returned beside the view so readers see exactly why each class was given.
 * "Not enough information" is shown apart and never counted as feasible.
 */
import type { Consensus } from "./consensus.ts";

export const FRAMEWORK_RULES_VERSION = 1;

export type Importance =
  | { kind: "consensus"; consensus: Consensus; round: number | null; pct7to9: number | null; pct1to3: number | null }
  | { kind: "meeting"; decision: "include" | "exclude"; reason: string };

export interface Feasibility {
  /** submitted LAs scored on the indicator */
  n: number;
  readyNow: number;
  feasibleWithDevelopment: number;
  notFeasibleNow: number;
  notEnoughInformation: number;
}

export interface FrameworkInput {
  /** null when the catalogue has no data items for the item (panel- or researcher-proposed) */
  feasibility: Feasibility | null;
  collectedNationally: boolean;
  importance: Importance;
}

export type RecommendationClass =
  | "feasibility_not_assessed"
  | "drop"
  | "awaiting_consensus"
  | "already_collected"
  | "recommend_national"
  | "development_priority"
  | "local_use_only";

export interface FrameworkRule {
  id: RecommendationClass;
  label: string;
  /** the condition in words, shown beside the view */
  when: string;
}

export const READY_NOW_MIN_PCT = 60;
export const WITH_DEVELOPMENT_MIN_PCT = 50;

export const FRAMEWORK_RULES: readonly FrameworkRule[] = [
  { id: "drop", label: "Drop", when: "The panel reached consensus that it is not important, or the consensus meeting excluded it." },
  { id: "awaiting_consensus", label: "Awaiting consensus", when: "The panel has not reached consensus and no meeting decision is recorded." },
  { id: "feasibility_not_assessed", label: "Feasibility not assessed", when: "Important, but the catalogue has no data items for it or no LA has submitted." },
  { id: "already_collected", label: "Already collected nationally", when: "Important and already collected through a national return." },
  { id: "recommend_national", label: "Recommend for national collection", when: `Important and Ready now in at least ${READY_NOW_MIN_PCT}% of submitted LAs.` },
  {
    id: "development_priority",
    label: "Development priority",
    when: `Important and Ready now or Feasible with development in more than ${WITH_DEVELOPMENT_MIN_PCT}% of submitted LAs.`,
  },
  { id: "local_use_only", label: "Local use only", when: "Important, but too few LAs could supply it even with development." },
];

export const isImportant = (i: Importance) => (i.kind === "meeting" ? i.decision === "include" : i.consensus === "in");
const isExcluded = (i: Importance) => (i.kind === "meeting" ? i.decision === "exclude" : i.consensus === "out");

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);

function importanceWords(i: Importance): string {
  if (i.kind === "meeting") return `the consensus meeting decided to ${i.decision} it (${i.reason})`;
  if (i.consensus === "in") return `the panel agreed it is critical in round ${i.round} (${i.pct7to9}% rated 7–9)`;
  if (i.consensus === "out") return `the panel agreed it is not important in round ${i.round} (${i.pct1to3}% rated 1–3)`;
  return i.round ? `the panel had not reached consensus by round ${i.round}` : "the panel has not rated it yet";
}

/** The first rule that matches, with a one-sentence reason. */
export function recommend(input: FrameworkInput): { recommendation: RecommendationClass; reason: string } {
  const { importance, feasibility: f } = input;
  const because = importanceWords(importance);
  const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
  if (isExcluded(importance)) return { recommendation: "drop", reason: `Drop: ${because}.` };
  if (!isImportant(importance)) return { recommendation: "awaiting_consensus", reason: `Awaiting consensus: ${because}.` };
  if (!f) return { recommendation: "feasibility_not_assessed", reason: `${cap(because)}, but the survey has no data items for it, so LA feasibility was not assessed.` };
  if (f.n === 0) return { recommendation: "feasibility_not_assessed", reason: `${cap(because)}, but no LA has submitted the survey yet.` };
  if (input.collectedNationally) return { recommendation: "already_collected", reason: `${cap(because)}, and it is already collected through a national return.` };
  const ready = pct(f.readyNow, f.n);
  const withDev = pct(f.readyNow + f.feasibleWithDevelopment, f.n);
  if (ready >= READY_NOW_MIN_PCT) return { recommendation: "recommend_national", reason: `${cap(because)}, and ${ready}% of ${f.n} submitted LAs could supply it now.` };
  if (withDev > WITH_DEVELOPMENT_MIN_PCT) {
    return { recommendation: "development_priority", reason: `${cap(because)}; only ${ready}% of ${f.n} submitted LAs could supply it now, but ${withDev}% could with development.` };
  }
  return { recommendation: "local_use_only", reason: `${cap(because)}, but only ${withDev}% of ${f.n} submitted LAs could supply it even with development.` };
}
