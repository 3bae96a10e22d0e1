/** Answered / total answers and a time estimate, counting matrix rows as separate answers. */
import type { SurveyModel } from "survey-core";

const SECONDS_PER_QUESTION = 20;
const SECONDS_PER_ROW = 25;
const NOT_ANSWERABLE = new Set(["expression", "html", "image"]);

export function progressOf(survey: SurveyModel): { answered: number; total: number; minutesLeft: number } {
  let answered = 0;
  let total = 0;
  let seconds = 0;
  for (const q of survey.getAllQuestions(true) as any[]) {
    const type = q.getType();
    if (NOT_ANSWERABLE.has(type) || q.isReadOnly) continue;
    if ((type === "matrix" || type === "matrixdropdown") && Array.isArray(q.visibleRows ?? q.rows)) {
      const value = (q.value ?? {}) as Record<string, unknown>;
      const rows = (q.rows ?? []) as { value: unknown }[];
      for (const r of rows) {
        total++;
        const v = value[String(r.value)];
        if (v !== undefined && v !== null && !(typeof v === "object" && Object.keys(v as object).length === 0)) answered++;
        else seconds += SECONDS_PER_ROW;
      }
      continue;
    }
    total++;
    if (!q.isEmpty()) answered++;
    else seconds += SECONDS_PER_QUESTION;
  }
  return { answered, total, minutesLeft: Math.ceil(seconds / 60) };
}
