/**
 * "None", "Don't know", "There is no scorecard", "Nothing stops us" and the like cannot stand beside
 * other ticks: choosing one clears the rest, and ticking another answer clears it (survey-core's
 * exclusive choices). The published questionnaire (v4) lists them as plain choices, and a published
 * version never changes, so they are marked here by value; a later version should mark them
 * `isExclusive` in its questionnaire instead.
 */
import type { Question } from "survey-core";

/** Choice values that mean "none of these" or "cannot say" in every tick-all question of the survey. */
export const EXCLUSIVE_VALUES = new Set(["none", "dont_know", "no_scorecard", "nothing", "not_reported", "not_used"]);

export function markExclusiveChoices(questions: Question[]): void {
  for (const q of questions as any[]) {
    if (q.getType() !== "checkbox") continue;
    for (const choice of q.choices as any[]) {
      if (EXCLUSIVE_VALUES.has(String(choice.value))) choice.isExclusive = true;
    }
  }
}
