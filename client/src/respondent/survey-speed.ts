/**
 * What keeps the survey quick to type into. survey-react-ui re-draws a component whenever a
 * property of its model changes; a property of the survey itself re-draws every question on the
 * page (the 31-row item matrices are ~60 dropdowns). Measured with bench/respondent-typing-bench.ts.
 */
import { createElement, memo, type ComponentType, type ReactElement } from "react";
import { DropdownListModel, Question, type SurveyModel } from "survey-core";
import { List, SvgIcon } from "survey-react-ui";
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

/**
 * survey-react-ui's icon writes its `<use>` reference again on every re-draw, even when unchanged,
 * and Chromium then rebuilds the icon's copied symbol (remove, insert, style and layout). An open
 * option list re-draws its dropdown, chevron included, on every arrow key. Here an icon is written
 * only when it is new or its name, size or title changed.
 */
export function keepIconsStill(): void {
  const proto = SvgIcon.prototype as any;
  if (proto.__keptStill) return;
  proto.__keptStill = true;
  const update = proto.componentDidUpdate;
  const written = new WeakMap<object, Element | null>();
  proto.componentDidUpdate = function (this: any, prev: Record<string, unknown>, ...rest: unknown[]) {
    const p = this.props as Record<string, unknown>;
    const element = this.svgIconRef?.current ?? null;
    const same = ["iconName", "size", "width", "height", "title"].every((k) => prev[k] === p[k]);
    if (same && element && written.get(this) === element) return;
    written.set(this, element);
    update.call(this, prev, ...rest);
  };
  const mount = proto.componentDidMount;
  proto.componentDidMount = function (this: any, ...args: unknown[]) {
    written.set(this, this.svgIconRef?.current ?? null);
    mount.apply(this, args);
  };
}

/**
 * What one option of an open list draws from its list: the option's classes (focused, selected,
 * hovered, disabled), whether it is shown, its ARIA state, tooltip, id, content component, indent
 * and separator. Each changes the option's drawing; nothing else the list holds does.
 */
function optionLook(model: any, item: any): unknown[] {
  return [
    model.getItemClass(item),
    model.isItemVisible(item),
    model.getA11yItemAriaSelected(item),
    model.getA11yItemAriaChecked(item),
    model.listItemRole,
    model.cssClasses.itemBody,
    model.itemComponent,
    item.getTooltip(),
    item.elementId,
    item.component,
    item.data,
    item.level,
    item.needSeparator,
  ];
}

const sameLook = (a: Record<string, any>, b: Record<string, any>) =>
  a.model === b.model && a.item === b.item && a.look.length === b.look.length && a.look.every((v: unknown, i: number) => v === b.look[i]);

/**
 * survey-react-ui's option list draws every option again whenever the list changes, so an arrow key
 * in an open dropdown re-drew all its options to move the focus ring from one to the next. Here an
 * option is drawn again only when its own look changed (the two options the focus left and reached)
 * or when a property of the option itself changed (survey-react-ui's own subscription, untouched).
 */
export function keepListItemsStill(): void {
  const proto = List.prototype as any;
  if (proto.__keptStill) return;
  proto.__keptStill = true;
  const renderItems = proto.renderItems;
  let Kept: ComponentType<any> | undefined;
  proto.renderItems = function (this: any) {
    const items = renderItems.call(this) as ReactElement<Record<string, any>>[] | null;
    if (!Array.isArray(items)) return items;
    return items.map((el) => {
      Kept ??= memo(el.type as ComponentType<any>, sameLook);
      return createElement(Kept, { ...el.props, key: el.key, look: optionLook(el.props.model, el.props.item) });
    });
  };
}

/**
 * After drawing a dropdown, survey-core clears its typed text by setting it to null and its hint to
 * "" even when they are already empty. survey-react-ui re-draws on any such write, so every dropdown
 * was drawn twice as the page appeared (the returns page's 62, in the task that shows the page).
 * survey-core reads both only for being empty or not, so an empty one is left as it is.
 */
export function keepDropdownsStillAfterDrawing(): void {
  const proto = DropdownListModel.prototype as any;
  if (proto.__keptStill) return;
  proto.__keptStill = true;
  const reset = proto.resetFilterString;
  proto.resetFilterString = function (this: any) {
    if (!this.filterString && !this.inputString && !this.hintString) return;
    reset.call(this);
  };
}

/**
 * survey-core renumbers every question of the survey whenever a question is added or a page's
 * visibility changes, and each time forgets every question's number text, so survey-react-ui
 * re-drew the questions on screen (the returns page's matrix, once per page loaded after it:
 * pages-later.ts) though no number had changed. The text is forgotten only when the question's
 * place in the numbering changed; this survey's numbering settings never change while answering.
 */
export function keepQuestionNumbersStill(): void {
  const proto = Question.prototype as any;
  if (proto.__numbersKeptStill) return;
  proto.__numbersKeptStill = true;
  const setVisibleIndex = proto.setVisibleIndex;
  proto.setVisibleIndex = function (this: any, val: number) {
    const index = this.isVisibleIndexNegative(val) ? -1 : val;
    if (index === this.getPropertyValue("visibleIndex")) return index < 0 ? 0 : 1;
    return setVisibleIndex.call(this, val);
  };
}
