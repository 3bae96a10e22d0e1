/**
 * Where the view and keyboard focus go when a person moves to another section. After Next,
 * Previous, a contents link, Start now or browser Back, focus goes to the new section's heading, so
 * keyboard and screen-reader users start at its top instead of on the button they left. A link from
 * "Check your answers" instead lands on its question (the matrix row or cell it names), in view and
 * marked. Nothing moves on the page's first load: only after a person's own action.
 *
 * survey-react-ui draws a new section over a few frames, and survey-core scrolls to the section's
 * top a moment after drawing it (SurveyModel.afterRenderPage); doing our part straight away lost the
 * question off screen. So survey-core's section scroll is cancelled while we have somewhere to go,
 * and we wait until the section is drawn and its layout has stopped moving.
 */
import type { Question, SurveyModel } from "survey-core";

type Target = { kind: "heading" } | { kind: "question"; question: Question; row?: string };

/** frames in a row with the target in the same place before we scroll to it */
const STEADY_FRAMES = 3;
/** give up after this long (a section that never drew): a slow computer can take seconds to draw a long one */
const GIVE_UP_MS = 10_000;
/** survey-core's own section scroll runs on a timer after the draw: it stays cancelled this long after we land */
const HOLD_SCROLL_MS = 400;

export class SectionFocus {
  private target: Target | null = null;
  private frame = 0;
  /** survey-react-ui has drawn the current section since the target was set */
  private drawn = false;
  private holdScrollUntil = 0;
  private marked: Element[] = [];

  constructor(private readonly survey: SurveyModel) {}

  /** Listens to the survey until the returned function is called. */
  attach(): () => void {
    const survey = this.survey;
    const onScrollToTop = (_: SurveyModel, o: { element: unknown; cancel?: boolean }) => {
      const isPage = Boolean((o.element as { isPage?: boolean } | null)?.isPage);
      if (isPage && (this.target || performance.now() < this.holdScrollUntil)) o.cancel = true;
    };
    const onPageChanged = () => {
      this.unmark();
      // a goTo() set its question before changing the section; any other change is a person moving on
      if (this.target?.kind !== "question") this.heading();
      // the old section is still on the screen until survey-react-ui draws the new one
      this.drawn = false;
    };
    const onAfterRenderPage = () => {
      this.drawn = true;
    };
    survey.onScrollToTop.add(onScrollToTop);
    survey.onCurrentPageChanged.add(onPageChanged);
    survey.onAfterRenderPage.add(onAfterRenderPage);
    return () => {
      cancelAnimationFrame(this.frame);
      survey.onScrollToTop.remove(onScrollToTop);
      survey.onCurrentPageChanged.remove(onPageChanged);
      survey.onAfterRenderPage.remove(onAfterRenderPage);
    };
  }

  /** After the person's move: focus and show the current section's heading once it is drawn. */
  heading(): void {
    this.start({ kind: "heading" });
  }

  /**
   * Call before changing the section: focus the question's control, show it and mark the question,
   * once drawn. `key` is the gap's name as the server gives it: in a single-choice matrix,
   * `question.row` names the row whose control gets focus.
   */
  question(question: Question, key?: string): void {
    const prefix = `${question.getValueName()}.`;
    const row = question.getType() === "matrix" && key?.startsWith(prefix) ? key.slice(prefix.length) : undefined;
    this.start({ kind: "question", question, row });
  }

  private start(target: Target): void {
    this.unmark();
    this.target = target;
    // the survey may not be on the screen yet (check answers, the first screen): wait for its draw
    const root = this.survey.rootElement as HTMLElement | undefined;
    this.drawn = Boolean(root?.isConnected);
    cancelAnimationFrame(this.frame);
    const began = performance.now();
    // the button or link the person used, which usually leaves the page as the section is drawn
    const from = document.activeElement;
    let last = Number.NaN;
    let steady = 0;
    const step = () => {
      if (this.target !== target) return;
      const now = document.activeElement;
      // the person went on to something else meanwhile (clicked or tabbed into the page): leave focus with them
      const movedOn = now !== from && now !== document.body && now !== null;
      if (movedOn || performance.now() - began > GIVE_UP_MS) {
        this.target = null;
        return;
      }
      const found = this.drawn ? this.find(target) : null;
      if (found) {
        const top = found.anchor.getBoundingClientRect().top + window.scrollY;
        steady = top === last ? steady + 1 : 0;
        last = top;
        if (steady >= STEADY_FRAMES) return this.land(found);
      }
      this.frame = requestAnimationFrame(step);
    };
    this.frame = requestAnimationFrame(step);
  }

  private land({ control, anchor, block, mark }: Found): void {
    this.target = null;
    this.holdScrollUntil = performance.now() + HOLD_SCROLL_MS;
    anchor.scrollIntoView({ block });
    control.focus({ preventScroll: true });
    for (const el of mark) el.setAttribute("data-goto-target", "");
    this.marked = mark;
  }

  private unmark(): void {
    for (const el of this.marked) el.removeAttribute("data-goto-target");
    this.marked = [];
  }

  private find(target: Target): Found | null {
    const page = this.survey.currentPage;
    if (!page) return null;
    if (target.kind === "heading") {
      const heading = document.getElementById(page.ariaTitleId ?? "");
      if (!heading) return null;
      // a heading is not a control: reachable by script only, so Tab goes on from it as from the top
      heading.setAttribute("tabindex", "-1");
      return { control: heading, anchor: heading, block: "start", mark: [] };
    }
    return findQuestion(target.question, target.row);
  }
}

interface Found {
  control: HTMLElement;
  /** what is scrolled into view */
  anchor: HTMLElement;
  block: ScrollLogicalPosition;
  /** marked as the link's target */
  mark: Element[];
}

const CONTROL = "input:not([type=hidden]), select, textarea, [role=combobox]";

function findQuestion(q: Question, row?: string): Found | null {
  const anyQ = q as Question & { parentQuestion?: Question | null };
  // a matrix cell has its own question; the box to show and mark is its matrix's
  const owner = anyQ.parentQuestion ?? q;
  const box = document.getElementById(owner.id);
  if (!box) return null;
  let control: HTMLElement | null = null;
  if (row !== undefined) {
    // single-choice matrix: its radios are `${inputId}_${row}_${column}`; the chosen one, else the first
    const first = document.getElementById(`${q.inputId}_${row}_0`) as HTMLInputElement | null;
    if (first) control = box.querySelector<HTMLInputElement>(`input[name="${CSS.escape(first.name)}"]:checked`) ?? first;
  }
  if (!control) {
    const el = document.getElementById(q.inputId) ?? (anyQ.parentQuestion ? null : box);
    // survey-react-ui puts the id on a wrapper for some controls (dropdowns, choice lists)
    control = el?.matches(CONTROL) ? el : (el?.querySelector<HTMLElement>(CONTROL) ?? null);
  }
  if (!control) return null;
  const tr = control.closest("tr");
  // a row of a table is shown and marked by itself; a question that fits on the screen is shown whole
  const fits = box.getBoundingClientRect().height < window.innerHeight * 0.8;
  const anchor = (tr ?? (fits ? box : (control.closest("label") ?? control))) as HTMLElement;
  return { control, anchor, block: "center", mark: tr ? [box, tr] : [box] };
}
