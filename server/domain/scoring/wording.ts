/**
 * Words used in score explanations. The choice values are fixed by ASPECT_CHOICES in the
 * definitions contract; these labels say what each value means in plain English so that an
 * explanation can be quoted in a report. Unknown values fall back to the raw value.
 */
import type { BarrierCode, ItemAspect } from "../definitions/types.ts";

/** Short label of each aspect choice value, as shown in tables. */
export const CHOICE_LABELS: Record<ItemAspect, Record<string, string>> = {
  recorded: {
    structured: "Structured fields",
    free_text: "Free text only",
    other_system: "Another system or agency",
    other_council_system: "Another council system",
    partner_only: "Held only by a partner",
    not_recorded: "Not recorded",
    not_applicable: "Not applicable",
    dont_know: "Don't know",
  },
  extractable: { yes: "Yes", manual: "Only with manual work", partly: "Partly", no: "No", dont_know: "Don't know" },
  completeness: {
    c90_100: "90-100% complete",
    c75_89: "75-89% complete",
    c50_74: "50-74% complete",
    c0_49: "under 50% complete",
    not_measured: "Not measured",
    dont_know: "Don't know",
  },
  history: {
    y5_plus: "5 years or more",
    y3_4: "3-4 years",
    y1_2: "1-2 years",
    y0_1: "under 1 year",
    dont_know: "Don't know",
  },
};

/** What the item "is/has" for a value, to follow the item name: "Referral date is recorded as free text only". */
const CHOICE_PHRASES: Record<ItemAspect, Record<string, string>> = {
  recorded: {
    structured: "is recorded in structured fields",
    free_text: "is recorded as free text only",
    other_system: "is held in another system or by another agency",
    other_council_system: "is held in another council system",
    partner_only: "is held only by a partner agency",
    not_recorded: "is not recorded",
    not_applicable: "does not apply in this authority (for example, it has no such service)",
    dont_know: "is recorded in a way the respondent does not know",
  },
  extractable: {
    yes: "can be extracted at child level",
    partly: "can only partly be extracted at child level",
    manual: "can be extracted only with manual work",
    no: "cannot be extracted at child level",
    dont_know: "may or may not be extractable at child level (respondent does not know)",
  },
  completeness: {
    c90_100: "is 90-100% complete",
    c75_89: "is 75-89% complete",
    c50_74: "is only 50-74% complete",
    c0_49: "is less than 50% complete",
    not_measured: "has completeness nobody has measured",
    dont_know: "has unknown completeness",
  },
  history: {
    y5_plus: "has 5 or more years of history",
    y3_4: "has 3-4 years of history",
    y1_2: "has only 1-2 years of history",
    y0_1: "has less than a year of history",
    dont_know: "has an unknown length of history",
  },
};

export const BARRIER_LABELS: Record<BarrierCode, string> = {
  not_recorded: "Not recorded",
  free_text_only: "Free text only",
  other_system_or_agency: "Held in another system or by another agency",
  not_extractable: "Not extractable at child level",
  poor_completeness: "Poor completeness",
  short_history: "Short history",
  unknown: "Unknown (respondent did not know)",
};

/** Fixed order for listing barriers (most fundamental first). */
export const BARRIER_ORDER: readonly BarrierCode[] = [
  "not_recorded",
  "free_text_only",
  "other_system_or_agency",
  "not_extractable",
  "poor_completeness",
  "short_history",
  "unknown",
];

export function choiceLabel(aspect: ItemAspect, value: string): string {
  return CHOICE_LABELS[aspect]?.[value] ?? value;
}

export function choicePhrase(aspect: ItemAspect, aspectLabel: string, value: string): string {
  return CHOICE_PHRASES[aspect]?.[value] ?? `has "${value}" for ${aspectLabel.toLowerCase()}`;
}

/** "a, b and c" */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1]}`;
}

/** Shown wherever a score is null, in place of a number or a band. */
export const NOT_ENOUGH_INFORMATION_LABEL = "Not enough information";

/** A sentence without its final full stop, for quoting inside brackets: "(rule: … counted)." not "(rule: … counted.)." */
export function withoutFinalStop(text: string): string {
  return text.trim().replace(/[.\s]+$/, "");
}

/**
 * What people read for each capability band (the stored ids stay low/developing/established/advanced).
 * The names must not clash with the five level names of the rules (Beginning, Emerging, Learning,
 * Developing, Mastering) nor with the indicator bands (Ready now, Feasible with development, Not
 * feasible now): an LA's band is a summary of its dimension levels, so it is worded as a position.
 */
export const CAPABILITY_BAND_LABELS: Record<string, string> = {
  low: "Lower capability",
  developing: "Lower-middle capability",
  established: "Upper-middle capability",
  advanced: "Higher capability",
  unknown: NOT_ENOUGH_INFORMATION_LABEL,
};

export function capabilityBandLabel(band: string | null | undefined): string {
  return CAPABILITY_BAND_LABELS[band ?? "unknown"] ?? NOT_ENOUGH_INFORMATION_LABEL;
}
