/**
 * One LA's response as a reader wants it: page by page, in questionnaire order, each question in
 * its own words with the answer as the labels the LA chose; a matrix as a table of items (rows) by
 * aspects (columns); who last changed each answer and when. Questions the routing hid from this LA
 * say so, rather than looking unanswered.
 */
import { questionIndex, type QuestionInfo } from "../definitions/question-index.ts";
import { routedOut } from "../definitions/routing.ts";
import type { SurveyJson } from "../definitions/types.ts";
import { cellWords, EMPTY, isMatrix, rowCells, valueWords } from "./answer-words.ts";

export interface LastEdit {
  name: string;
  role: string;
  at: string;
}

export interface ReadableMatrix {
  columns: string[];
  rows: { title: string; cells: string[]; lastEdit: LastEdit | null }[];
}

export interface ReadableQuestion {
  name: string;
  title: string;
  /** answered, not answered, or hidden from this LA by the questionnaire's routing */
  state: "answered" | "unanswered" | "not_asked";
  /** the answer in words (not for a matrix) */
  answer: string | null;
  /** "other, please describe" text */
  other: string | null;
  matrix: ReadableMatrix | null;
  lastEdit: LastEdit | null;
}

export interface PageContributor {
  name: string;
  role: string;
  /** answers on the page this person changed last */
  answers: number;
}

export interface ReadablePage {
  name: string;
  title: string;
  answered: number;
  questions: ReadableQuestion[];
  /** who answered the page (who last changed each of its answers), most answers first */
  answeredBy: PageContributor[];
  /** the newest change to an answer on the page */
  lastChangeAt: string | null;
}

/** Tally who last changed each answer on a page (one matrix row counts as one answer). */
function attribute(page: ReadablePage, edits: (LastEdit | undefined)[]): void {
  for (const e of edits) {
    if (!e) continue;
    const found = page.answeredBy.find((p) => p.name === e.name && p.role === e.role);
    if (found) found.answers++;
    else page.answeredBy.push({ name: e.name, role: e.role, answers: 1 });
    if (!page.lastChangeAt || page.lastChangeAt < e.at) page.lastChangeAt = e.at;
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0) || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function latest(...edits: (LastEdit | undefined | null)[]): LastEdit | null {
  return edits.filter((e): e is LastEdit => !!e).sort((a, b) => (a.at < b.at ? 1 : -1))[0] ?? null;
}

function matrixOf(q: QuestionInfo, value: Record<string, unknown>, edits: Record<string, LastEdit>): ReadableMatrix {
  const rowNames = [...(q.rows ?? []).map((r) => String(r.value)), ...Object.keys(value).filter((k) => !(q.rows ?? []).some((r) => String(r.value) === k))];
  const answeredRows = rowNames.filter((r) => !isEmpty(value[r]));
  const first = rowCells(q, value[answeredRows[0] ?? ""]);
  const columns = q.type === "matrix" ? ["Answer"] : first.map((c) => c.label);
  return {
    columns,
    rows: answeredRows.map((row) => {
      const cells = rowCells(q, value[row]);
      return {
        title: q.rows?.find((r) => String(r.value) === row)?.text ?? row,
        cells: columns.map((_, i) => (cells[i] ? cellWords(cells[i].column, cells[i].value) : EMPTY)),
        lastEdit: edits[`${q.name}.${row}`] ?? null,
      };
    }),
  };
}

export function readableResponse(survey: SurveyJson, data: Record<string, unknown>, edits: Record<string, LastEdit> = {}): ReadablePage[] {
  const index = questionIndex(survey);
  const hidden = routedOut(survey, data);
  const pages = new Map<string, ReadablePage>();
  for (const q of Object.values(index).sort((a, b) => a.position - b.position)) {
    let page = pages.get(q.page);
    if (!page) {
      page = { name: q.page, title: q.pageTitle, answered: 0, questions: [], answeredBy: [], lastChangeAt: null };
      pages.set(q.page, page);
    }
    const value = data[q.name];
    const comment = data[`${q.name}-Comment`];
    const answered = !isEmpty(value) || !isEmpty(comment);
    const matrixRowEdits = Object.entries(edits).filter(([k]) => k.startsWith(`${q.name}.`)).map(([, e]) => e);
    const lastEdit = latest(edits[q.name], edits[`${q.name}-Comment`], ...matrixRowEdits);
    attribute(page, [edits[q.name], edits[`${q.name}-Comment`], ...matrixRowEdits]);
    const state: ReadableQuestion["state"] = answered ? "answered" : hidden({ kind: "value", question: q.name }) ? "not_asked" : "unanswered";
    if (answered) page.answered++;
    const asMatrix = isMatrix(q) && typeof value === "object" && value !== null && !Array.isArray(value);
    page.questions.push({
      name: q.name,
      title: q.title,
      state,
      answer: answered && !asMatrix ? (isEmpty(value) ? null : valueWords(q, value)) : null,
      other: isEmpty(comment) ? null : String(comment),
      matrix: answered && asMatrix ? matrixOf(q, value as Record<string, unknown>, edits) : null,
      lastEdit: answered ? lastEdit : null,
    });
  }
  for (const page of pages.values()) page.answeredBy.sort((a, b) => b.answers - a.answers);
  return [...pages.values()];
}
