/**
 * Content checks from version 4 on: what a methodologist's review of v3 found by hand. Earlier
 * versions are published (immutable) and predate these rules, so they are not held to them.
 *
 *  - an indicator's numerator or denominator mentions a data item (by one of the item's
 *    `keywords`) that the indicator does not list as required
 *  - every indicator states its National Framework outcome or enabler (listed in frameworkAreas),
 *    its production route (consistent with collectedNationally) and its look-back period
 *  - numeric bands leave no gaps ("1 to 2" then "3 to 5" leaves out 2.5): in every choice list whose
 *    substantive choices all state a numeric range
 *  - every substantive closed question (and every choice column of a matrix) offers "Don't know",
 *    unless questionnaire.dontKnowExempt names it with a reason
 *  - no indicator looks back further than the longest history answer is credited with
 *  - the rules state the basis of the bands, the item points and gates, and each capability dimension
 * (Data items used by no indicator are reported by the catalogue check for every version.)
 */
import type { QuestionnaireSource } from "./build-questionnaire.ts";
import type { CheckError } from "./check-definitions.ts";
import type { QuestionIndex, QuestionInfo } from "./question-index.ts";
import type { Catalogue, ScoringRules } from "./types.ts";

export const CONTENT_RULES_FROM_VERSION = 4;

interface QualityInput {
  catalogue: Catalogue;
  questionnaire: QuestionnaireSource;
  index: QuestionIndex;
  rules?: ScoringRules;
  version: number;
}

const NON_BAND_VALUES = new Set(["dont_know", "not_applicable", "not_measured", "none", "other"]);
const CLOSED_TYPES = new Set(["radiogroup", "checkbox", "dropdown", "tagbox", "matrix"]);

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

export function checkContentQuality(input: QualityInput, fileOf: (name: string) => string): CheckError[] {
  if (input.version < CONTENT_RULES_FROM_VERSION) return [];
  return [
    ...checkMentionedItems(input.catalogue, fileOf("catalogue.json")),
    ...checkFramework(input.catalogue, fileOf("catalogue.json")),
    ...checkNumericBands(input.index, fileOf("questionnaire.json")),
    ...checkDontKnow(input.index, input.questionnaire, fileOf("questionnaire.json")),
    ...(input.rules ? checkRulesBasis(input.rules, fileOf("rules.json")) : []),
    ...(input.rules ? checkLookBack(input.catalogue, input.rules, fileOf("catalogue.json")) : []),
  ];
}

/** Items whose keywords appear in the numerator or denominator must be required by the indicator. */
export function checkMentionedItems(cat: Catalogue, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const patterns = cat.dataItems.flatMap((d) =>
    (d.keywords ?? []).map((k) => ({ item: d.id, keyword: k, re: new RegExp(`\\b${escapeRegExp(k)}\\b`, "i") })),
  );
  for (const ind of cat.indicators) {
    const required = new Set(ind.dataItems.filter((r) => r.required).map((r) => r.id));
    const reported = new Set<string>();
    for (const [field, text] of [["numerator", ind.numerator], ["denominator", ind.denominator]] as const) {
      for (const p of patterns) {
        if (required.has(p.item) || reported.has(p.item) || !p.re.test(text)) continue;
        reported.add(p.item);
        errs.push({
          file,
          element: `indicators ${ind.id}`,
          message: `the ${field} mentions "${p.keyword}" (data item ${p.item}) but the indicator does not list ${p.item} as required`,
        });
      }
    }
  }
  return errs;
}

export function checkFramework(cat: Catalogue, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const areas = new Set((cat.frameworkAreas ?? []).map((a) => a.id));
  if (areas.size === 0) errs.push({ file, element: "frameworkAreas", message: "list the National Framework outcomes and enablers the indicators map to" });
  for (const ind of cat.indicators) {
    const el = `indicators ${ind.id}`;
    if (!ind.framework) errs.push({ file, element: el, message: "has no framework (its National Framework outcome or enabler)" });
    else if (areas.size > 0 && !areas.has(ind.framework)) errs.push({ file, element: el, message: `framework "${ind.framework}" is not in frameworkAreas` });
    if (!ind.production) errs.push({ file, element: el, message: "has no production route (national, local or both)" });
    else if (!ind.collectedNationally && ind.production !== "local") {
      errs.push({ file, element: el, message: `production is "${ind.production}" but collectedNationally is false: nothing national produces it` });
    } else if (ind.collectedNationally && ind.production === "local") {
      errs.push({ file, element: el, message: `production is "local" but collectedNationally is true` });
    }
    if (ind.lookBackMonths === undefined) errs.push({ file, element: el, message: "has no lookBackMonths (the history it needs)" });
  }
  return errs;
}

interface Range {
  lo: number;
  hi: number; // Infinity for "or more"
  hiInclusive: boolean;
  text: string;
}

const NUM = "(\\d+(?:\\.\\d+)?)";
const RANGE = new RegExp(`${NUM}\\s*%?\\s*(?:years?\\s+)?(?:to|-|–)\\s*(under\\s+|less than\\s+)?${NUM}`, "i");
const BELOW = new RegExp(`^(?:less than|under|fewer than)\\s+${NUM}`, "i");
const ABOVE = new RegExp(`${NUM}\\s*%?\\s*(?:\\w+\\s+)?or (?:more|over)`, "i");

/** The numeric range a choice text states, if any ("1 to under 3", "Less than 1", "11 or more"). */
export function parseRange(text: string): Range | undefined {
  const below = BELOW.exec(text);
  if (below) return { lo: 0, hi: Number(below[1]), hiInclusive: false, text };
  const r = RANGE.exec(text);
  if (r) return { lo: Number(r[1]), hi: Number(r[3]), hiInclusive: !r[2], text };
  const above = ABOVE.exec(text);
  if (above) return { lo: Number(above[1]), hi: Infinity, hiInclusive: true, text };
  return undefined;
}

/** Gaps between consecutive numeric bands of one choice list. */
export function bandGaps(texts: string[]): string[] {
  const ranges = texts.map(parseRange).filter((r): r is Range => r !== undefined).sort((a, b) => a.lo - b.lo);
  if (ranges.length < 2) return [];
  const gaps: string[] = [];
  for (let i = 1; i < ranges.length; i++) {
    const prev = ranges[i - 1];
    const next = ranges[i];
    if (next.lo > prev.hi) gaps.push(`"${prev.text}" then "${next.text}" leaves out values between ${prev.hi} and ${next.lo}`);
  }
  return gaps;
}

function choiceLists(q: QuestionInfo): [string, { value: unknown; text?: string }[]][] {
  const lists: [string, { value: unknown; text?: string }[]][] = [];
  if (q.choices) lists.push(["choices", q.choices]);
  for (const c of q.columns ?? []) if (c.choices) lists.push([`column ${c.name}`, c.choices]);
  return lists;
}

export function checkNumericBands(index: QuestionIndex, file: string): CheckError[] {
  const errs: CheckError[] = [];
  for (const q of Object.values(index)) {
    for (const [what, list] of choiceLists(q)) {
      // a banded question: every substantive choice states a numeric range
      const substantive = list.filter((c) => !NON_BAND_VALUES.has(String(c.value)));
      const texts = substantive.map((c) => String(c.text ?? c.value));
      if (texts.length < 2 || !texts.every((t) => parseRange(t) !== undefined || /^none$/i.test(t))) continue;
      for (const gap of bandGaps(texts)) {
        errs.push({ file, element: `question ${q.name} ${what}`, message: `numeric bands have a gap: ${gap}` });
      }
    }
  }
  return errs;
}

export function checkDontKnow(index: QuestionIndex, questionnaire: Pick<QuestionnaireSource, "dontKnowExempt">, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const exempt = questionnaire.dontKnowExempt ?? {};
  for (const q of Object.values(index)) {
    if (q.name in exempt) continue;
    if (CLOSED_TYPES.has(q.type)) {
      const values = q.type === "matrix" ? (q.columns ?? []).map((c) => c.name) : (q.choices ?? []).map((c) => String(c.value));
      if (!values.includes("dont_know")) errs.push({ file, element: `question ${q.name}`, message: `closed question without a "Don't know" choice (add one, or list it in dontKnowExempt with why)` });
    }
    if (q.type === "matrixdropdown") {
      for (const c of q.columns ?? []) {
        if (c.choices && !c.choices.some((x) => String(x.value) === "dont_know")) {
          errs.push({ file, element: `question ${q.name} column ${c.name}`, message: `choice column without a "Don't know" choice` });
        }
      }
    }
  }
  return errs;
}

export function checkRulesBasis(rules: ScoringRules, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const e = (element: string, message: string) => errs.push({ file, element, message });
  if (!rules.bandsBasis) e("bandsBasis", "state why the band thresholds are where they are");
  if (!rules.item.basis) e("item.basis", "state the basis of the aspect points, gates and how they combine");
  for (const d of rules.capability.dimensions) if (!d.basis) e(`capability.dimensions ${d.id}`, "state the basis of its questions and weights");
  for (const d of rules.capability.dimensions) {
    if (d.includeItemFeasibility) e(`capability.dimensions ${d.id}`, "reuses item feasibility: capability must be measured apart from the feasibility it is compared with");
  }
  return errs;
}

/** An indicator whose look-back exceeds the most history the rules credit could never be Ready now. */
export function checkLookBack(cat: Catalogue, rules: ScoringRules, file: string): CheckError[] {
  const gate = rules.indicator.historyGate;
  if (!gate) return [];
  const most = Math.max(...Object.values(gate.monthsByValue));
  return cat.indicators
    .filter((i) => (i.lookBackMonths ?? 0) > most)
    .map((i) => ({
      file,
      element: `indicators ${i.id}`,
      message: `lookBackMonths ${i.lookBackMonths} is more than the ${most} months the longest history answer is credited with, so it could never be Ready now`,
    }));
}
