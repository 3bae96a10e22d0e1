/**
 * Disclosure control for the feedback reports: which aggregates of other LAs a report may show.
 *
 * The rules (stated to readers in the method notes, METHOD_DISCLOSURE):
 *  1. A group's figures are shown only when at least MIN_OTHERS other LAs in it have results; the
 *     reading LA is never counted, since it could subtract its own answer.
 *  2. Every LA sees the same figures for the same group: a distribution counts every LA of the group
 *     in the snapshot. (Leaving the reader out would give two readers in one group figures that
 *     differ by exactly their two answers.)
 *  3. A distribution in which, leaving out any one member, everyone left shares one band would tell
 *     that member everyone else's band: it is withheld.
 *  4. Regions and LA types each split England into groups that do not overlap. A group is withheld
 *     when England without it would break rule 3, and when the withheld groups of a split, taken
 *     together, are too few or too alike, the whole split is withheld -- otherwise England minus the
 *     shown groups would give the withheld ones away.
 *  5. Statistical-neighbour lists overlap heavily, so neighbours are never a distribution: the
 *     report gives the middle band (the median) of the neighbours with results and whether the LA is
 *     ahead of, level with or behind it.
 *  6. City of London and the Isles of Scilly are LA types of their own: they are in no aggregate
 *     shown to another LA (England minus the other types would isolate them), and they are compared
 *     with England and their region only.
 *  7. Every withheld comparison says so in one sentence, the same whatever the reason, so the
 *     reason itself reveals nothing.
 */

export const MIN_OTHERS = 5;
/** LAs that are an LA type of their own and have no close statistical neighbours. */
export const SINGLETON_LAS: ReadonlySet<string> = new Set(["201", "420"]);
export const WITHHELD_TEXT = "Withheld: too few other LAs have results to show this without revealing their answers.";

export const METHOD_DISCLOSURE = [
  `Other LAs appear only as totals for a group. A group is shown only when at least ${MIN_OTHERS} other LAs in it have results; this LA is never counted towards that.`,
  "Every LA in a group sees the same figures for it. A group is also withheld when, leaving out any one LA, all the others would share one band, and regions and LA types are withheld together when the withheld ones could be worked out from England.",
  "Statistical neighbour lists overlap, so neighbours are never shown as a spread of bands: the report shows the middle band of the neighbours with results and whether this LA is ahead of, level with or behind it.",
  "City of London and the Isles of Scilly are LA types of their own with no close neighbours: they are not counted in any group shown to another LA, and their own reports compare them with England and their region only.",
  `Whatever the reason a comparison is withheld, the report says: "${WITHHELD_TEXT}"`,
];

/** One LA's value in the snapshot for the measure being compared (a band id, or a level as text). */
export type ValueOf = (laCode: string) => string;

export type Counts = Map<string, number>;

export function countValues(members: readonly string[], valueOf: ValueOf): Counts {
  const c: Counts = new Map();
  for (const m of members) {
    const v = valueOf(m);
    c.set(v, (c.get(v) ?? 0) + 1);
  }
  return c;
}

/** True when some member, left out, would leave everyone else in one category (rule 3). */
export function nearlyUniform(c: Counts): boolean {
  const nonzero = [...c.values()].filter((n) => n > 0);
  if (nonzero.length <= 1) return true;
  return nonzero.length === 2 && Math.min(...nonzero) === 1;
}

function minus(a: Counts, b: Counts): Counts {
  const out: Counts = new Map(a);
  for (const [k, n] of b) out.set(k, (out.get(k) ?? 0) - n);
  return out;
}

function total(c: Counts): number {
  let t = 0;
  for (const n of c.values()) t += n;
  return t;
}

/**
 * For one measure: which groups of one split (regions, or LA types) may be shown (rule 4).
 * `groups` maps the group name to its members with results (singleton LAs already left out).
 */
export function shownGroupsOfSplit(england: Counts, groups: ReadonlyMap<string, readonly string[]>, valueOf: ValueOf): Set<string> {
  const shown = new Set<string>();
  if (total(england) < MIN_OTHERS + 1 || nearlyUniform(england)) return shown;
  const withheld: Counts = new Map();
  let anyWithheld = false;
  for (const [name, members] of groups) {
    const c = countValues(members, valueOf);
    const ok = members.length >= MIN_OTHERS + 1 && !nearlyUniform(c) && !nearlyUniform(minus(england, c));
    if (ok) shown.add(name);
    else {
      anyWithheld = true;
      for (const [k, n] of c) withheld.set(k, (withheld.get(k) ?? 0) + n);
    }
  }
  if (anyWithheld && total(withheld) > 0 && (total(withheld) < MIN_OTHERS + 1 || nearlyUniform(withheld))) shown.clear();
  return shown;
}

export interface Category {
  key: string;
  label: string;
  /** rank for medians: higher is better; null = not ranked (e.g. not enough information) */
  rank: number | null;
}

/** Whole percentages of the group in each category, in category order. */
export function shares(c: Counts, categories: readonly Category[]): { key: string; label: string; percent: number }[] {
  const n = total(c);
  return categories.map((cat) => ({ key: cat.key, label: cat.label, percent: n === 0 ? 0 : Math.round(((c.get(cat.key) ?? 0) * 100) / n) }));
}

export function sharesText(s: { label: string; percent: number }[]): string {
  return s.filter((x) => x.percent > 0).map((x) => `${x.percent}% ${x.label}`).join(", ");
}

/** Lower median of the ranked categories of `members` (unranked ones left out); null with fewer than MIN_OTHERS ranked. */
export function middleCategory(members: readonly string[], valueOf: ValueOf, categories: readonly Category[]): Category | null {
  const byKey = new Map(categories.map((c) => [c.key, c]));
  const ranked = members
    .map((m) => byKey.get(valueOf(m)))
    .filter((c): c is Category => c !== undefined && c.rank !== null)
    .sort((a, b) => (a.rank as number) - (b.rank as number));
  if (ranked.length < MIN_OTHERS) return null;
  return ranked[Math.floor((ranked.length - 1) / 2)];
}
