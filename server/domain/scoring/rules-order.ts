/**
 * The order on aspect choice values implied by the rules, used by property tests and by checks on
 * rules.json. A value is "at least as good" as another when it earns at least as many points AND is
 * capped no lower by the gates. Values with null points ("don't know") are outside the order.
 * With that order, a better answer can never lower an item score (min / weighted mean and caps are
 * all monotone), provided the rules are consistent: checkRulesOrder() lists where they are not.
 */
import { ITEM_ASPECTS, type ItemAspect, type ScoringRules } from "../definitions/types.ts";

export interface ValueRank {
  value: string;
  points: number;
  cap: number; // lowest gate cap matching this value; Infinity when no gate applies
}

/** Ranked values of one aspect (points ascending, then cap ascending); null-point values left out. */
export function rankedValues(rules: ScoringRules, aspect: ItemAspect): ValueRank[] {
  const def = rules.item.aspects[aspect];
  const out: ValueRank[] = [];
  for (const [value, points] of Object.entries(def.points)) {
    if (points === null || points === undefined) continue;
    let cap = Infinity;
    for (const g of rules.item.gates) if (g.aspect === aspect && g.values.includes(value) && g.cap < cap) cap = g.cap;
    out.push({ value, points, cap });
  }
  return out.sort((a, b) => a.points - b.points || a.cap - b.cap);
}

/** True when `better` is at least as good as `worse` for this aspect (both must have points). */
export function isAtLeastAsGood(rules: ScoringRules, aspect: ItemAspect, better: string, worse: string): boolean {
  const ranks = rankedValues(rules, aspect);
  const b = ranks.find((r) => r.value === better);
  const w = ranks.find((r) => r.value === worse);
  return !!b && !!w && b.points >= w.points && b.cap >= w.cap;
}

/**
 * Inconsistencies that would let a higher-points answer produce a lower score: value A earns more
 * points than B but its gate cap makes it count for less (combine "min": min(points, cap) is lower;
 * "weighted_mean": its cap is lower). Empty when the rules are consistent.
 */
export function checkRulesOrder(rules: ScoringRules): string[] {
  const problems: string[] = [];
  for (const aspect of ITEM_ASPECTS) {
    const ranks = rankedValues(rules, aspect);
    for (const a of ranks) {
      for (const b of ranks) {
        if (a.points <= b.points) continue;
        const worse =
          rules.item.combine === "min"
            ? Math.min(a.points, a.cap) < Math.min(b.points, b.cap)
            : a.cap < b.cap && a.cap < 100;
        if (worse) {
          problems.push(
            `${aspect}: "${a.value}" earns ${a.points} points but is capped at ${a.cap}, below "${b.value}" (${b.points} points, cap ${b.cap === Infinity ? "none" : b.cap})`,
          );
        }
      }
    }
  }
  return problems;
}
