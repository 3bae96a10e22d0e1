/**
 * A number outside a question's allowed range is said at once, beside the box.
 *
 * survey-core keeps such a number in the box but does not put it in the survey's answers (so it is
 * never saved), and says so only when it validates as the answer changes. This survey validates at
 * the end instead (checkErrorsMode "onComplete", so people can move freely over days), so the number
 * stayed in the box, silently unsaved, and was gone on the next visit. Here the question shows its
 * error as soon as the number is refused, and clears it once a number in range is given.
 */
import type { Question } from "survey-core";

export function sayWhenNumbersAreOutOfRange(questions: Question[]): void {
  for (const q of questions as any[]) {
    if (q.getType() !== "text" || !q.isMinMaxType) continue;
    const limited = [q.min, q.max].some((v) => v !== undefined && v !== null && v !== "");
    if (!limited) continue;
    // survey-core's own words: the server says the same at submit, and the check list repeats it
    const canSet = q.canSetValueToSurvey.bind(q);
    q.canSetValueToSurvey = () => {
      const inRange = canSet();
      if (!inRange) q.validate(true);
      else if (q.errors.length > 0) q.errors = [];
      return inRange;
    };
  }
}
