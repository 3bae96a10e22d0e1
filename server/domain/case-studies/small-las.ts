// LAs too small for case-study work. The City of London (847 children aged 0-17) and the Isles of
// Scilly (319) are LA types of their own, so a maximum-variation sample is rewarded for picking them
// (a new LA type, extreme sizes) although researchers usually leave them out. By default LAs with
// fewer children than a threshold are left out; the researcher may instead count them in the nearest
// ordinary LA type, or apply no rule. The rule and the LAs it touched are reported with every run.

import type { CaseStudyCandidate, SmallLaRule, SmallLaNote } from "./types.ts";

/** LA types that are one LA each, and the ordinary type each is nearest to (Scilly is a sui generis unitary). */
export const NEAREST_LA_TYPE: Readonly<Record<string, string>> = Object.freeze({
  "City of London": "London borough",
  "Isles of Scilly": "unitary authority",
});

/** Below this many children aged 0-17 an LA is "small": leaves out the City of London and the Isles of Scilly, keeps Rutland (8,012). */
export const DEFAULT_MIN_CHILDREN = 5000;

export const DEFAULT_SMALL_LA_RULE: Readonly<SmallLaRule> = Object.freeze({ handling: "exclude", minChildren: DEFAULT_MIN_CHILDREN });

/** An LA with a published child population under the threshold (an unknown population is never small). */
export function isSmall(c: CaseStudyCandidate, rule: SmallLaRule): boolean {
  return c.child_population !== null && c.child_population < rule.minChildren;
}

export interface SmallLaOutcome {
  /** The candidates as the engine sees them: with "nearestType", small LAs carry their nearest type. */
  candidates: CaseStudyCandidate[];
  /** la_codes left out ("exclude"). */
  leftOut: string[];
  /** What the rule did to each small LA that submitted and agreed, for the record of the run. */
  notes: SmallLaNote[];
}

export function applySmallLaRule(candidates: readonly CaseStudyCandidate[], rule: SmallLaRule | undefined, eligible: (c: CaseStudyCandidate) => boolean): SmallLaOutcome {
  if (!rule || rule.handling === "none") return { candidates: [...candidates], leftOut: [], notes: [] };
  const leftOut: string[] = [];
  const notes: SmallLaNote[] = [];
  const out = candidates.map((c) => {
    if (!isSmall(c, rule)) return c;
    const note = { laCode: c.la_code, laName: c.name, childPopulation: c.child_population!, laType: c.la_type };
    if (rule.handling === "exclude") {
      leftOut.push(c.la_code);
      if (eligible(c)) notes.push({ ...note, outcome: "left out" });
      return c;
    }
    const countedAs = NEAREST_LA_TYPE[c.la_type] ?? c.la_type;
    if (eligible(c)) notes.push({ ...note, outcome: countedAs === c.la_type ? "kept" : "counted as another type", countedAs });
    return { ...c, la_type: countedAs };
  });
  return { candidates: out, leftOut, notes };
}

/** The rule in one sentence, for the objective text and the record of a run. */
export function describeSmallLaRule(rule: SmallLaRule | undefined): string {
  const n = (rule?.minChildren ?? DEFAULT_MIN_CHILDREN).toLocaleString("en-GB");
  if (!rule || rule.handling === "none") return "LAs with few children are treated like any other (no small-LA rule).";
  if (rule.handling === "exclude") return `LAs with fewer than ${n} children aged 0–17 are left out.`;
  return `LAs with fewer than ${n} children aged 0–17 are kept, and an LA that is a type of its own (City of London, Isles of Scilly) counts in its nearest type (London borough, unitary authority).`;
}
