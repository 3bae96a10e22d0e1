/**
 * The survey model the respondent's screen shows: survey-core's model of the LA's definition
 * version, set up for this service (checks at the end, our own progress header, item matrices laid
 * out for reading back, numbers out of range said at once, "none of these" choices exclusive), with
 * the answers so far and any this browser had not sent, on the page the person left.
 *
 * When it can, the model is built with that page's questions only and the other pages' questions
 * are loaded after the page is drawn (pages-later.ts): the returned `later` then loads them, in
 * steps or at once. A response already submitted, or changes an earlier visit left unsent (read
 * into the answers through the whole questionnaire), are built whole.
 */
import { Model, type Question, type SurveyModel } from "survey-core";
import type { ResponseState } from "./api.ts";
import { readPending } from "./autosave.ts";
import { applyToData } from "./survey-changes.ts";
import { prepareItemMatrices } from "./item-matrix.ts";
import { sayWhenNumbersAreOutOfRange } from "./number-range.ts";
import { markExclusiveChoices } from "./exclusive-choices.ts";
import { keepSurveyTitleStill } from "./survey-speed.ts";
import { LaterPages, withFirstPageOnly } from "./pages-later.ts";

export interface BuiltSurvey {
  survey: SurveyModel;
  /** the pages still to load, or null when the model was built whole */
  later: LaterPages | null;
}

/** `onAllLoaded`: called once the pages built later have all been loaded (never when built whole). */
export function buildSurveyModel(definition: Record<string, unknown>, initial: ResponseState, laCode: string, onAllLoaded: () => void): BuiltSurvey {
  const pending = readPending(localStorage, laCode);
  const ui = pending?.uiState ?? initial.uiState;
  const pages = (definition.pages as { name?: string }[] | undefined) ?? [];
  // the page it opens on: where the person left, or the first page on a first visit
  const first = ui?.currentPageName ?? (ui?.currentPageNo === undefined ? pages[0]?.name : undefined);
  const split = pending || initial.status === "submitted" ? null : withFirstPageOnly(definition, first);

  const m = new Model(split?.json ?? definition);
  m.checkErrorsMode = "onComplete"; // move freely over days; everything is checked at submit
  // Complete opens our check-your-answers list of every gap, instead of survey-core jumping to the
  // first page with an error; the server validates with survey-core at submit.
  m.validationEnabled = false;
  m.showCompletePage = false;
  // the last section's button opens that list, and says so (survey-core's "Complete" did not)
  m.completeText = "Check your answers";
  // typed text enters the model when typing pauses or the field is left (typing-buffer.ts), not per key
  m.textUpdateMode = "onBlur";
  // our header shows sections complete and time left; survey-core's page bar repeated the contents
  // list with truncated titles and ticked pages that still had gaps
  m.showProgressBar = false;
  const itemMatrices = prepareItemMatrices(m);
  const prepare = (questions: Question[]) => {
    itemMatrices(questions);
    sayWhenNumbersAreOutOfRange(questions);
    markExclusiveChoices(questions);
  };
  prepare(m.getAllQuestions());
  keepSurveyTitleStill(m);
  m.data = pending ? applyToData(m, initial.data, pending.changes) : initial.data;
  const byName = ui?.currentPageName ? m.visiblePages.find((p) => p.name === ui.currentPageName) : undefined;
  if (byName) m.currentPage = byName;
  else if (typeof ui?.currentPageNo === "number" && ui.currentPageNo < m.visiblePageCount) m.currentPageNo = ui.currentPageNo;

  if (split && m.currentPage?.name !== first) {
    // the page shown must be the one built first (a page the answers now hide moves the survey on)
    new LaterPages(m, split.later, prepare).loadAll();
    return { survey: m, later: null };
  }
  return { survey: m, later: split ? new LaterPages(m, split.later, prepare, onAllLoaded) : null };
}
