/**
 * What keeps the survey quick to type into. survey-react-ui re-draws a component whenever a
 * property of its model changes; a property of the survey itself re-draws every question on the
 * page (the 31-row item matrices are ~60 dropdowns). Measured with bench/respondent-typing-bench.ts.
 */
import type { SurveyModel } from "survey-core";
import { sectionState } from "./progress.ts";

/**
 * survey-core re-evaluates the survey's own strings after every answer and, doing so, resets the
 * cached "title is empty" flag; that property change re-drew the whole survey on every keystroke and
 * every chosen option. Our survey title never changes while answering, so the reset is skipped when
 * the flag would come back the same.
 */
export function keepSurveyTitleStill(survey: SurveyModel): void {
  const s = survey as any;
  const reset = s.resetPropertyValue.bind(s);
  s.resetPropertyValue = (name: string) => {
    if (name === "titleIsEmpty" && s.getPropertyValueWithoutDefault("titleIsEmpty") === s.locTitle.isEmpty) return;
    reset(name);
  };
}

/**
 * Walks every section once, one section per task, then calls `done`. The first walk over the
 * survey builds survey-core's rows and cell questions of every item matrix (19 pages of them), which
 * took over a second in one block right after the page appeared; one matrix at a time leaves the
 * keyboard free in between, and later walks (the progress header) find them built. Returns a
 * function that stops the walk (the screen went away).
 */
export function sectionsInSteps(survey: SurveyModel, done: () => void): () => void {
  const pages = survey.visiblePages;
  let next = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const step = () => {
    if (next < pages.length) {
      sectionState(pages[next++]);
      timer = setTimeout(step, 0);
    } else done();
  };
  timer = setTimeout(step, 0);
  return () => clearTimeout(timer);
}
