/**
 * The data-item matrices, laid out for reading back: each item's definition under its name in the
 * row (instead of one grey paragraph of every definition above the table), column widths left to
 * the browser so chosen values are not cut off, and the matrix description kept to what the columns
 * ask. Only how the definition is shown changes; its JSON and the answers are untouched.
 */
import type { Question, SurveyModel } from "survey-core";
import { createElement } from "react";
import { ReactElementFactory } from "survey-react-ui";
import { ItemMatrixCell, ItemMatrixContent } from "./item-matrix-cells.tsx";

const CELL = "lada-item-matrix-cell";
const CONTENT = "lada-item-matrix-content";
ReactElementFactory.Instance.registerElement(CELL, (props: any) => createElement(ItemMatrixCell, props));
ReactElementFactory.Instance.registerElement(CONTENT, (props: any) => createElement(ItemMatrixContent, props));

const ITEM_MATRIX = /^items_/;

/** A data-item matrix: a dropdown matrix named items_… (one row per data item, one column per question). */
export function isItemMatrix(q: any): boolean {
  return q?.getType?.() === "matrixdropdown" && ITEM_MATRIX.test(String(q.name));
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/**
 * Sets the survey up to show item matrices this way, and returns the function that prepares
 * questions as they are added to the model (all at once, or a page at a time: pages-later.ts).
 */
export function prepareItemMatrices(survey: SurveyModel): (questions: Question[]) => void {
  const definitions = new Map<string, string>(); // row text -> the item's definition
  const matrices = new Set<unknown>();
  const prepare = (questions: Question[]) => {
    for (const q of questions as any[]) {
      if (!isItemMatrix(q)) continue;
      matrices.add(q);
      q.columnMinWidth = "";
      // survey-core drops a column while no row asks it (e.g. before any "Where is it recorded?" is
      // answered), so columns came and went as rows were answered; keep every column, and let each
      // cell that does not apply say so (item-matrix-cells.tsx)
      for (const column of q.columns as any[]) {
        if (column.visibleIf) Object.defineProperty(column, "hasVisibleCell", { get: () => true, set: () => {}, configurable: true });
      }
      q.rowTitleWidth = "";
      for (const row of q.rows as any[]) {
        const description = row.description ?? row.jsonObj?.description;
        if (typeof description === "string" && description) definitions.set(String(row.text), description);
      }
      // a cell's accessible name is "item, question" in plain words (survey-core would use the row's
      // rendered HTML, markup and all); the first question of a row also carries the item's definition,
      // so a screen reader hears it once on entering the row
      const first = (q.columns as any[])[0];
      q.getCellAriaLabel = (row: any, column: any) => {
        const item = String(row?.item?.text ?? row?.text ?? row?.rowName ?? "");
        const definition = column === first ? definitions.get(item) : undefined;
        return `${item}${definition ? ` (${definition})` : ""}: ${String(column?.title ?? column?.name ?? "")}`;
      };
    }
  };
  // body cells say when they do not apply; the question's content gets "Set all to …" above the table
  survey.onElementWrapperComponentName.add((_, o: any) => {
    if (o.wrapperName === "component" && o.reason === "cell" && matrices.has(o.element?.matrix) && o.element?.hasQuestion) o.componentName = CELL;
    else if (o.wrapperName === "content-component" && matrices.has(o.element)) o.componentName = CONTENT;
  });
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
  return prepare;
}
