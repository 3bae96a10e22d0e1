/**
 * The data-item matrices, laid out for reading back: each item's definition under its name in the
 * row (instead of one grey paragraph of every definition above the table), column widths left to
 * the browser so chosen values are not cut off, and the matrix description kept to what the columns
 * ask. Only how the definition is shown changes; its JSON and the answers are untouched.
 */
import type { SurveyModel } from "survey-core";

const ITEM_MATRIX = /^items_/;

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

export function prepareItemMatrices(survey: SurveyModel): void {
  const definitions = new Map<string, string>(); // row text -> the item's definition
  const matrices = new Set<unknown>();
  for (const q of survey.getAllQuestions() as any[]) {
    if (q.getType() !== "matrixdropdown" || !ITEM_MATRIX.test(q.name)) continue;
    matrices.add(q);
    q.columnMinWidth = "";
    q.rowTitleWidth = "";
    for (const row of q.rows as any[]) {
      const description = row.description ?? row.jsonObj?.description;
      if (typeof description === "string" && description) definitions.set(String(row.text), description);
    }
  }
  survey.onTextMarkdown.add((_, o: any) => {
    // a row's text is raised with the row (an ItemValue of the matrix) as `item`
    const definition = definitions.get(String(o.text));
    if (definition && (matrices.has(o.element) || matrices.has(o.item?.locOwner))) {
      o.html = `<span class="item-name">${escapeHtml(o.text)}</span><span class="item-definition">${escapeHtml(definition)}</span>`;
      return;
    }
    if (matrices.has(o.element) && o.name === "description") {
      // the first line says what each column asks; the list of definitions is now beside the rows
      o.html = escapeHtml(String(o.text).split("\n")[0]);
    }
  });
}
