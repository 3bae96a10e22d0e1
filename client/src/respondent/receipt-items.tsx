/**
 * A data-item matrix in the receipt's summary: each item by name, then each of its questions with the
 * chosen answer in words. survey-core's plain data for these matrices named every cell with its
 * accessible name (the item's whole definition, then the question) and showed its "Choice option"
 * placeholder for the answers, so the summary reads the matrix's own rows and cells instead.
 */
import { controllingColumn } from "./item-matrix-cells.tsx";

type AnyMatrix = any;

/** A cell's answer in words: the chosen option's text, or why there is none. */
export function itemAnswerText(matrix: AnyMatrix, row: AnyMatrix, column: AnyMatrix): string {
  const cell = row?.getQuestionByColumnName?.(column.name);
  if (!cell || !cell.isVisible) {
    // left out because the answer it depends on was never given: not answered, rather than ruled out
    const controller = controllingColumn(matrix, column);
    const decides = controller ? row.getQuestionByColumnName?.(controller.name) : null;
    return decides && decides.isEmpty() ? "Not answered" : "Does not apply";
  }
  if (cell.isEmpty()) return "Not answered";
  const value = cell.value;
  const choices = (cell.visibleChoices ?? cell.choices ?? []) as { value: unknown; text?: string; calculatedText?: string }[];
  const texts = (Array.isArray(value) ? value : [value]).map((v) => {
    const choice = choices.find((c) => c.value === v || JSON.stringify(c.value) === JSON.stringify(v));
    return String(choice?.calculatedText ?? choice?.text ?? v);
  });
  return texts.join(", ");
}

export function ItemMatrixSummary({ matrix }: { matrix: AnyMatrix }) {
  const columns = (matrix.columns ?? []) as AnyMatrix[];
  const rows = (matrix.visibleRows ?? []) as AnyMatrix[];
  return (
    <section className="summary-items" data-testid="summary-items" data-name={matrix.name}>
      <h4>{String(matrix.title ?? matrix.name)}</h4>
      <dl>
        {rows.map((row) => (
          <div className="summary-row" key={String(row.rowName)}>
            <dt>{String(row.item?.text ?? row.text ?? row.rowName)}</dt>
            <dd>
              <dl className="summary-item-answers">
                {columns.map((column) => (
                  <div key={String(column.name)}>
                    <dt>{String(column.title ?? column.name)}</dt>
                    <dd>{itemAnswerText(matrix, row, column)}</dd>
                  </div>
                ))}
              </dl>
            </dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
