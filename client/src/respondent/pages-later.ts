/**
 * The survey model built with the page the person opens on first, and its other pages' questions
 * added one page per task once that page is drawn.
 *
 * survey-core builds every question of the 22-page questionnaire before it can draw any page: about
 * 0.2 s of a first visit's ~1 s on this project's test machine, in the one task that draws the page.
 * Here the other pages start as their own settings (name, titles, conditions) with one empty
 * placeholder each, so the contents list and the navigation already have every page, and their
 * questions are made and added to the same page objects afterwards, as survey-core adds questions
 * to a running survey (then each reads its answer from the survey's data). Whatever needs the
 * whole questionnaire (moving to another page, the progress walk, colleagues' changes) asks for
 * the rest first, and gets it at once.
 *
 * Only for definitions where a page's questions cannot change the page's own visibility or the
 * answers (no defaults, no values set by expressions, no page whose every question is
 * conditional): with those, the placeholder would show a page that should not appear, or loading a
 * page later would write answers. Such a definition is built whole, as before.
 */
import { Serializer, type IElement, type PageModel, type Question, type SurveyModel } from "survey-core";

type Json = Record<string, unknown>;

/** Settings that write answers or change a page's visibility from its questions. */
const NEEDS_WHOLE = new Set(["defaultValue", "defaultValueExpression", "setValueExpression", "setValueIf", "defaultRowValue", "questionsOnPageMode"]);

function mentionsAny(node: unknown, keys: Set<string>): boolean {
  if (Array.isArray(node)) return node.some((n) => mentionsAny(n, keys));
  if (node === null || typeof node !== "object") return false;
  return Object.entries(node).some(([k, v]) => keys.has(k) || mentionsAny(v, keys));
}

const PLACEHOLDER = "lada_page_loading";

export interface PageFirst {
  /** the definition with only the first page's questions */
  json: Json;
  /** the other pages' questions, by page name */
  later: Map<string, unknown[]>;
}

/**
 * The definition with the questions of `first` only (the others as a placeholder), or null when
 * this definition must be built whole.
 */
export function withFirstPageOnly(definition: Json, first: string | undefined): PageFirst | null {
  const pages = definition.pages as Json[] | undefined;
  if (!first || !Array.isArray(pages) || !pages.some((p) => p.name === first)) return null;
  if (mentionsAny(definition, NEEDS_WHOLE)) return null;
  const conditionalOnly = (p: Json) => {
    const elements = (p.elements as Json[] | undefined) ?? [];
    return elements.length === 0 || elements.every((e) => typeof e.visibleIf === "string" && e.visibleIf !== "");
  };
  if (pages.some(conditionalOnly)) return null;
  const later = new Map<string, unknown[]>();
  const json = {
    ...definition,
    pages: pages.map((p) => {
      if (p.name === first) return p;
      later.set(String(p.name), p.elements as unknown[]);
      return { ...p, elements: [{ type: "html", name: `${PLACEHOLDER}_${String(p.name)}`, html: "" }] };
    }),
  };
  return { json, later };
}

/**
 * The pages still to load into a model built by withFirstPageOnly. `prepare` is called with each
 * loaded page's questions (the same preparation the first page's questions had), `onComplete` once
 * the last page is in.
 */
export class LaterPages {
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly survey: SurveyModel,
    private readonly later: Map<string, unknown[]>,
    private readonly prepare: (questions: Question[]) => void,
    private readonly onComplete: () => void = () => {},
  ) {}

  get complete(): boolean {
    return this.later.size === 0;
  }

  /** Loads one page's questions now (nothing if they are loaded). */
  load(name: string): void {
    const elements = this.later.get(name);
    if (!elements) return;
    this.later.delete(name);
    const survey = this.survey as any;
    const page = survey.getPageByName(name) as PageModel | null;
    if (page) {
      // The page's questions are made, then added beside the placeholder, which goes last: the page
      // is never empty, so survey-core never counts it as gone and renumbers the pages after it
      // (re-drawing the page on screen each time).
      const placeholders = [...page.elements];
      const made = (elements as Json[]).map((json) => {
        const element = Serializer.createClass(String(json.type)) as unknown as IElement & { fromJSON(j: unknown): void };
        element.fromJSON(json);
        return element;
      });
      for (const element of made) page.addElement(element);
      for (const placeholder of placeholders) page.removeElement(placeholder);
      // each question reads its answer from the data, as at the end of a survey's load
      for (const element of made) (element as any).onSurveyLoad();
      // conditions ran as each question was added: run them again
      page.runCondition(survey.getFilteredProperties());
      this.prepare(page.questions);
    }
    if (this.later.size === 0) this.onComplete();
  }

  /** Everything at once: before anything that needs the whole questionnaire. */
  loadAll(): void {
    clearTimeout(this.timer);
    for (const name of [...this.later.keys()]) this.load(name);
  }

  /**
   * Page by page, in page order, when the browser is idle (after the page is painted and between
   * the person's keys and clicks), then `done`; returns a function that stops the steps (the screen
   * went away).
   */
  inSteps(done: () => void): () => void {
    let stopped = false;
    let handle: number | undefined;
    const idle = typeof requestIdleCallback === "function";
    const schedule = () => {
      // never later than a second: the progress header waits for the last page
      if (idle) handle = requestIdleCallback(step, { timeout: 1000 });
      else this.timer = setTimeout(step, 0);
    };
    // as many pages as the idle time allows (a page takes ~5–30 ms), at least one
    const step = (deadline?: IdleDeadline) => {
      if (stopped) return;
      do {
        const next = this.later.keys().next();
        if (next.done) return done();
        this.load(next.value);
      } while (deadline && !deadline.didTimeout && deadline.timeRemaining() > 15);
      schedule();
    };
    schedule();
    return () => {
      stopped = true;
      clearTimeout(this.timer);
      if (handle !== undefined) cancelIdleCallback(handle);
    };
  }
}
