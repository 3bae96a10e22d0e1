/**
 * What keeps the survey quick to type into. survey-react-ui re-draws a component whenever a
 * property of its model changes; a property of the survey itself re-draws every question on the
 * page (the 31-row item matrices are ~60 dropdowns). Measured with bench/respondent-typing-bench.ts.
 */
import type { SurveyModel } from "survey-core";

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
 * Runs `steps` one per task once the browser is idle (each within `timeout` ms at the latest), so
 * that work needed soon after load, but not for the first picture, leaves the keyboard free in
 * between. Returns a function that stops what has not run (the screen went away).
 */
export function whenIdleInSteps(steps: (() => void)[], timeout = 1000): () => void {
  let next = 0;
  let stopped = false;
  let cancel = () => {};
  const schedule = () => {
    if (stopped || next >= steps.length) return;
    if (typeof requestIdleCallback === "function") {
      const id = requestIdleCallback(run, { timeout });
      cancel = () => cancelIdleCallback(id);
    } else {
      const id = setTimeout(run, 0);
      cancel = () => clearTimeout(id);
    }
  };
  const run = () => {
    if (stopped) return;
    steps[next++]();
    schedule();
  };
  schedule();
  return () => {
    stopped = true;
    cancel();
  };
}
