/**
 * What the data-item matrices draw around survey-react-ui's own table (through survey-core's
 * element wrappers, so the table, its keyboard handling and its values stay survey-core's):
 * - a cell whose question does not apply to the row (hidden by the row's own answer, e.g. after
 *   "Not recorded") says so in words, greyed, instead of being an empty box; survey-core neither
 *   requires nor validates it, and the check list does not count it;
 * - on a phone, where survey-core leaves such cells out of the stacked layout, the answer that
 *   decides it says that the item's other questions do not apply;
 * - above the table, "Set all to …" per column.
 */
import { useEffect, useState, type ReactNode } from "react";
import type { SurveyModel } from "survey-core";
import { SetAllPanel } from "./set-all-panel.tsx";

type AnyCell = any;
type AnyMatrix = any;

/** The column whose answer decides whether `column` applies to a row (`{row.recorded} anyof …`). */
export function controllingColumn(matrix: AnyMatrix, column: AnyMatrix): AnyMatrix | null {
  const name = /\{row\.([\w-]+)\}/.exec(String(column?.visibleIf ?? ""))?.[1];
  return name ? ((matrix.columns ?? []) as AnyMatrix[]).find((c) => c.name === name) ?? null : null;
}

/** Why a hidden cell is not asked, in words. */
export function notApplicableText(cell: AnyCell): string {
  const matrix = cell.matrix;
  const column = cell.cell?.column ?? cell.column;
  const controller = controllingColumn(matrix, column);
  if (!controller) return "Does not apply";
  const q = cell.row?.getQuestionByColumnName?.(controller.name);
  const title = String(controller.title ?? controller.name);
  if (!q || q.isEmpty()) return `Answer “${title}” first`;
  return `Does not apply: ${String(q.displayValue ?? q.value)}`;
}

function useMatrixValueTick(survey: SurveyModel | undefined, valueName: string, active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!survey || !active) return;
    const onValue = (_: SurveyModel, o: { name: string }) => {
      if (o.name === valueName) setTick((n) => n + 1);
    };
    survey.onValueChanged.add(onValue);
    return () => survey.onValueChanged.remove(onValue);
  }, [survey, valueName, active]);
}

/** One body cell of a data-item matrix. */
export function ItemMatrixCell({ element, cell }: { element: ReactNode; cell: AnyCell }) {
  const q = cell?.question;
  const matrix = cell?.matrix;
  const hidden = Boolean(q && !q.isVisible);
  // a hidden cell's words depend on another cell of the row, which does not re-draw this one
  useMatrixValueTick(matrix?.survey, matrix?.getValueName?.() ?? "", hidden);
  if (!q || !matrix) return <>{element}</>;
  if (hidden) {
    return (
      <span className="cell-not-applicable" data-testid="cell-not-applicable">
        {notApplicableText(cell)}
      </span>
    );
  }
  if (matrix.isMobile) {
    const column = cell.cell?.column;
    const dependants = ((matrix.columns ?? []) as AnyMatrix[]).filter((c) => controllingColumn(matrix, c)?.name === column?.name);
    const skipped = !q.isEmpty() && dependants.some((c) => cell.row?.getQuestionByColumnName?.(c.name)?.isVisible === false);
    if (skipped) {
      return (
        <>
          {element}
          <p className="cell-note" data-testid="cell-not-applicable">
            The other questions about this item do not apply.
          </p>
        </>
      );
    }
  }
  return <>{element}</>;
}

/** The matrix question's content: "Set all to …" above survey-react-ui's table. */
export function ItemMatrixContent({ element, question }: { element: ReactNode; question: AnyMatrix }) {
  return (
    <>
      {(question.visibleRows?.length ?? 0) > 1 && !question.isReadOnly && <SetAllPanel matrix={question} />}
      {element}
    </>
  );
}
