/**
 * Where the LA stands, from the survey model: for every section (page) the required answers still
 * missing and the share of its questions answered, and the time left. The time is the definition's
 * own estimate per section (the figure on the first screen) times the share of that section still
 * unanswered, so it starts at the first screen's figure and only falls as answers are given; it is
 * rounded up to the estimate's step (5 minutes), so it does not flicker. A section counts as complete
 * only when it has no required answer missing and something on it was answered (or it was seen and
 * asks nothing required). Besides missing answers, each section lists the rules its answers break
 * ("Other" without its text, a number out of range, ...), found by the server's own submit plan
 * (server/domain/responses/compiled-validation.ts) with the server's wording.
 */
import type { PageModel, Question, SurveyModel } from "survey-core";
import { ruleBreaks, type SubmitPlan } from "../../../server/domain/responses/compiled-validation.ts";
import { describeChange } from "./survey-changes.ts";

const NOT_ANSWERABLE = new Set(["expression", "html", "image"]);

export interface Gap {
  /** a link target: the question, or the first missing cell of a matrix row */
  question: Question;
  /** the question name (and matrix row) as the server names it */
  key: string;
  label: string;
  /** a broken rule rather than a missing answer */
  rule?: true;
  /** for a broken rule: the server's message */
  message?: string;
}

export interface SectionState {
  name: string;
  title: string;
  gaps: Gap[];
  /** answered / answerable units on the page (a matrix counts its visible cells) */
  answered: number;
  units: number;
  complete: boolean;
  touched: boolean;
}

export interface Progress {
  sections: SectionState[];
  complete: number;
  total: number;
  gapCount: number;
  /** how many of gapCount are broken rules */
  ruleCount: number;
  /** rounded up to the estimate's step; 0 when nothing is left */
  minutesLeft: number;
}

function titleOf(q: Question): string {
  return String((q as any).processedTitle || q.title || q.name);
}

function matrixState(q: any, gaps: Gap[]): { answered: number; units: number } {
  let answered = 0;
  let units = 0;
  for (const row of (q.visibleRows ?? []) as any[]) {
    const missing: string[] = [];
    let first: Question | null = null;
    for (const cell of (row.cells ?? []) as any[]) {
      const cq = cell.question as Question | undefined;
      if (!cq || !cq.isVisible) continue;
      units++;
      if (!cq.isEmpty()) answered++;
      else if (cq.isRequired || cell.column?.isRequired) {
        missing.push(String(cell.column?.title ?? cq.title));
        first ??= cq;
      }
    }
    if (first) gaps.push({ question: first, key: `${q.getValueName()}.${row.rowName}`, label: `${titleOf(q)}: ${row.text} – ${missing.join(", ")}` });
  }
  return { answered, units };
}

function singleMatrixState(q: any, gaps: Gap[]): { answered: number; units: number } {
  const value = (q.value ?? {}) as Record<string, unknown>;
  let answered = 0;
  let units = 0;
  for (const row of (q.visibleRows ?? []) as any[]) {
    units++;
    if (value[String(row.name)] !== undefined) answered++;
    else if (q.isAllRowRequired || q.eachRowRequired) gaps.push({ question: q, key: `${q.getValueName()}.${row.name}`, label: `${titleOf(q)}: ${row.text}` });
  }
  if (units > 0 && answered === 0 && q.isRequired && !(q.isAllRowRequired || q.eachRowRequired)) gaps.push({ question: q, key: q.getValueName(), label: titleOf(q) });
  return { answered, units };
}

export function sectionState(page: PageModel): SectionState {
  const gaps: Gap[] = [];
  let answered = 0;
  let units = 0;
  for (const q of page.questions as any[]) {
    if (!q.isVisible || q.isReadOnly || NOT_ANSWERABLE.has(q.getType())) continue;
    const type = q.getType();
    if (type === "matrixdropdown" || type === "matrixdynamic") {
      const s = matrixState(q, gaps);
      answered += s.answered;
      units += s.units;
    } else if (type === "matrix") {
      const s = singleMatrixState(q, gaps);
      answered += s.answered;
      units += s.units;
    } else {
      units++;
      if (!q.isEmpty()) answered++;
      else if (q.isRequired) gaps.push({ question: q, key: q.getValueName(), label: titleOf(q) });
    }
  }
  const touched = answered > 0 || Boolean((page as any).wasShown);
  return {
    name: page.name,
    title: String(page.title || page.name),
    gaps,
    answered,
    units,
    complete: gaps.length === 0 && touched,
    touched,
  };
}

/** The broken rules as gaps, by page, labelled as the server's submit errors are. */
function ruleGaps(survey: SurveyModel, plan: SubmitPlan): Map<string, Gap[]> {
  const byPage = new Map<string, Gap[]>();
  for (const e of ruleBreaks(plan, survey.data as Record<string, unknown>)) {
    const base = e.question.split(".")[0];
    const question = (survey.getQuestionByValueName(base) ?? survey.getQuestionByName(base)) as Question | null;
    if (!question) continue;
    const list = byPage.get(e.page) ?? [];
    list.push({ question, key: e.question, label: `${describeChange(survey, e.question, null).label}: ${e.message}`, rule: true, message: e.message });
    byPage.set(e.page, list);
  }
  return byPage;
}

/**
 * `pageSeconds`: the definition's estimate per page (GET /api/respondent/welcome); `plan`: the
 * definition's submit plan, to list broken rules too (without it only missing answers are listed).
 */
export function progressOf(survey: SurveyModel, pageSeconds: Record<string, number>, roundToMinutes = 5, plan: SubmitPlan | null = null): Progress {
  const sections = survey.visiblePages.map(sectionState);
  if (plan) {
    const rules = ruleGaps(survey, plan);
    for (const s of sections) {
      const extra = rules.get(s.name);
      if (!extra) continue;
      s.gaps.push(...extra);
      s.complete = false;
    }
  }
  let seconds = 0;
  for (const s of sections) {
    const share = s.units === 0 ? 0 : 1 - s.answered / s.units;
    seconds += (pageSeconds[s.name] ?? 0) * share;
  }
  const step = roundToMinutes > 0 ? roundToMinutes : 1;
  const complete = sections.filter((s) => s.complete).length;
  // every section complete: optional questions left empty are not time still to spend
  if (complete === sections.length) seconds = 0;
  return {
    sections,
    complete,
    total: sections.length,
    gapCount: sections.reduce((n, s) => n + s.gaps.length, 0),
    ruleCount: sections.reduce((n, s) => n + s.gaps.filter((g) => g.rule).length, 0),
    minutesLeft: seconds <= 0 ? 0 : Math.ceil(seconds / 60 / step) * step,
  };
}

/** The header's line: sections done and the time left, or that nothing is left but the check. */
export function progressText(p: Pick<Progress, "complete" | "total" | "gapCount" | "minutesLeft">): string {
  const done = `${p.complete} of ${p.total} sections complete`;
  if (p.complete === p.total && p.gapCount === 0) return `${done} · Ready to check and submit`;
  return `${done} · ${minutesText(p.minutesLeft)}${p.minutesLeft > 0 ? " left" : ""}`;
}

/** "about 30 minutes" — the same words on the first screen and in the survey. */
export function minutesText(minutes: number): string {
  if (minutes <= 0) return "nothing left to answer";
  if (minutes >= 120 && minutes % 60 === 0) return `about ${minutes / 60} hours`;
  return `about ${minutes} minutes`;
}
