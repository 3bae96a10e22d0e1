/**
 * The questionnaire's routing (visibleIf on pages, panels, questions and matrix columns), read from
 * the survey JSON so exports can tell "not asked" (hidden by the routing for this response) from
 * "not answered" (shown, left empty). Conditions are evaluated with survey-core's own expression
 * engine, so they mean exactly what they meant to the respondent.
 */
import { ConditionRunner } from "survey-core";
import { questionIndex } from "./question-index.ts";
import { ensureSurveyFunctions } from "./survey-runtime.ts";
import type { CodebookVariable, SurveyJson } from "./types.ts";

export interface Routing {
  /** question name -> every condition that must hold for it to be shown (page, panels, the question itself) */
  questions: Map<string, string[]>;
  /** question name -> column name -> the column's visibleIf (may use {row.<column>}) */
  columns: Map<string, Map<string, string>>;
}

const cache = new WeakMap<object, Routing>();

function conditionOf(el: Record<string, unknown>): string[] {
  return typeof el.visibleIf === "string" && el.visibleIf.trim() !== "" ? [el.visibleIf] : [];
}

/** The routing of a survey (cached per survey object). */
export function routingOf(survey: SurveyJson): Routing {
  const hit = cache.get(survey);
  if (hit) return hit;
  const routing: Routing = { questions: new Map(), columns: new Map() };
  const walk = (els: unknown, inherited: string[]) => {
    if (!Array.isArray(els)) return;
    for (const raw of els) {
      if (raw === null || typeof raw !== "object") continue;
      const el = raw as Record<string, unknown>;
      const chain = [...inherited, ...conditionOf(el)];
      if (Array.isArray(el.elements)) walk(el.elements, chain);
      if (typeof el.name !== "string") continue;
      if (chain.length && !routing.questions.has(el.name)) routing.questions.set(el.name, chain);
      for (const c of (Array.isArray(el.columns) ? el.columns : []) as Record<string, unknown>[]) {
        if (c && typeof c === "object" && typeof c.visibleIf === "string" && typeof c.name === "string") {
          const cols = routing.columns.get(el.name) ?? new Map<string, string>();
          cols.set(c.name, c.visibleIf);
          routing.columns.set(el.name, cols);
        }
      }
    }
  };
  const pages = Array.isArray(survey.pages) ? (survey.pages as Record<string, unknown>[]) : [];
  for (const page of pages) walk(page.elements, conditionOf(page));
  cache.set(survey, routing);
  return routing;
}

/** True when the routing can hide the variable's question (or its matrix column) for some response. */
export function canBeRoutedOut(routing: Routing, path: CodebookVariable["path"]): boolean {
  if (routing.questions.has(path.question)) return true;
  return path.kind === "matrix_cell" && routing.columns.get(path.question)?.has(path.column) === true;
}

const runners = new Map<string, ConditionRunner>();

function holds(expression: string, values: Record<string, unknown>): boolean {
  ensureSurveyFunctions();
  let runner = runners.get(expression);
  if (!runner) {
    runner = new ConditionRunner(expression);
    runners.set(expression, runner);
  }
  return runner.runValues(values) === true;
}

/**
 * For one response: a predicate saying whether the routing hid the variable's question (or, for a
 * data-item cell, its column in that row) from this respondent. Results are cached per question.
 */
export function routedOut(survey: SurveyJson, data: Record<string, unknown>): (path: CodebookVariable["path"]) => boolean {
  const routing = routingOf(survey);
  const questionHidden = new Map<string, boolean>();
  const hiddenQuestion = (name: string): boolean => {
    let hidden = questionHidden.get(name);
    if (hidden === undefined) {
      hidden = (routing.questions.get(name) ?? []).some((c) => !holds(c, data));
      questionHidden.set(name, hidden);
    }
    return hidden;
  };
  return (path) => {
    if (hiddenQuestion(path.question)) return true;
    if (path.kind !== "matrix_cell") return false;
    const condition = routing.columns.get(path.question)?.get(path.column);
    if (!condition) return false;
    const matrix = data[path.question];
    const row = matrix && typeof matrix === "object" ? ((matrix as Record<string, unknown>)[path.row] ?? {}) : {};
    return !holds(condition, { ...data, row });
  };
}

/**
 * Questions of the last definition in `chain` that the first one did not ask: not in it, and not
 * carried into a later version by a mapping (renamed or kept under the same name). A response
 * answered on the first version and migrated to the last was never asked them. `chain` runs from
 * the version answered to the exported one, each after the first with the mapping from its
 * predecessor.
 */
export function questionsNotInVersion(
  chain: readonly { survey: SurveyJson; mapping?: { questions: Record<string, { to: string } | { drop: true; reason: string }> } }[],
): Set<string> {
  if (chain.length < 2) return new Set();
  let asked = new Set(Object.keys(questionIndex(chain[0].survey)));
  for (const next of chain.slice(1)) {
    const names = new Set(Object.keys(questionIndex(next.survey)));
    const carried = new Set<string>();
    for (const name of asked) {
      const m = next.mapping && Object.hasOwn(next.mapping.questions, name) ? next.mapping.questions[name] : undefined;
      if (m && "drop" in m) continue;
      const target = m ? m.to : name;
      if (names.has(target)) carried.add(target);
    }
    asked = carried;
  }
  const last = Object.keys(questionIndex(chain[chain.length - 1].survey));
  return new Set(last.filter((n) => !asked.has(n)));
}
