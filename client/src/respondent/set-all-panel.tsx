/**
 * "Set all to …": one control per column of a data-item matrix (a choice list and a button), which
 * sets that column for every item where it applies. When this would replace answers already given,
 * a dialog lists them and asks first (replace them too, fill only the empty ones, or cancel); after
 * any change, Undo puts the earlier answers back. Native controls and a native modal dialog, so
 * keyboard and screen readers work as they do everywhere else.
 */
import { useEffect, useId, useRef, useState } from "react";
import { applySetAll, planSetAll, setAllColumns, undoSetAll, type SetAllColumn, type SetAllPlan, type SetAllRow } from "./set-all.ts";

type AnyMatrix = any;

interface Done {
  column: SetAllColumn;
  value: unknown;
  valueText: string;
  rows: SetAllRow[];
}

const items = (n: number) => (n === 1 ? "1 item" : `${n} items`);

export function SetAllPanel({ matrix }: { matrix: AnyMatrix }) {
  const id = useId();
  const columns = setAllColumns(matrix);
  const [chosen, setChosen] = useState<Record<string, string>>({});
  const [pending, setPending] = useState<{ column: SetAllColumn; plan: SetAllPlan; valueText: string } | null>(null);
  const [done, setDone] = useState<Done | null>(null);
  const [message, setMessage] = useState("");
  const dialog = useRef<HTMLDialogElement>(null);
  const selects = useRef<Record<string, HTMLSelectElement | null>>({});

  // the question is drawn into the dialog first, then it opens as a modal (focus moves into it)
  useEffect(() => {
    if (!pending || !dialog.current || dialog.current.open) return;
    dialog.current.showModal();
    // focus starts on the choice that replaces nothing
    dialog.current.querySelector<HTMLButtonElement>("[data-keeps-answers]")?.focus();
  }, [pending]);

  function finish(column: SetAllColumn, plan: SetAllPlan, valueText: string, replace: boolean): void {
    const rows = applySetAll(matrix, plan, replace);
    const skipped = plan.notApplicable;
    const kept = replace ? 0 : plan.overwrite.length;
    const parts = [`“${column.title}” set to “${valueText}” for ${items(rows.length)}.`];
    if (plan.same > 0) parts.push(`${items(plan.same)} already had this answer.`);
    if (kept > 0) parts.push(`${items(kept)} kept ${kept === 1 ? "its" : "their"} own answer.`);
    if (skipped > 0) parts.push(`${items(skipped)} left out: the question does not apply to ${skipped === 1 ? "it" : "them"}.`);
    setMessage(parts.join(" "));
    setDone(rows.length > 0 ? { column, value: plan.value, valueText, rows } : null);
  }

  function setAll(column: SetAllColumn): void {
    const index = chosen[column.name];
    if (index === undefined || index === "") {
      setMessage(`Choose an answer for “${column.title}” first.`);
      selects.current[column.name]?.focus();
      return;
    }
    const choice = column.choices[Number(index)];
    const plan = planSetAll(matrix, column.name, choice.value);
    if (plan.overwrite.length > 0) {
      setPending({ column, plan, valueText: choice.text });
      return;
    }
    finish(column, plan, choice.text, false);
  }

  function answer(replace: boolean | null): void {
    const p = pending;
    dialog.current?.close();
    setPending(null);
    if (!p) return;
    if (replace === null) setMessage("Nothing was changed.");
    else finish(p.column, p.plan, p.valueText, replace);
    selects.current[p.column.name]?.focus();
  }

  function undo(): void {
    if (!done) return;
    const n = undoSetAll(matrix, done.column.name, done.value, done.rows);
    setMessage(n > 0 ? `Undone: ${items(n)} ${n === 1 ? "has its" : "have their"} earlier answer back.` : "Nothing to undo: those answers were changed since.");
    setDone(null);
    selects.current[done.column.name]?.focus();
  }

  const choiceText = (column: SetAllColumn, v: unknown) => column.choices.find((c) => JSON.stringify(c.value) === JSON.stringify(v))?.text ?? String(v);

  return (
    <details className="set-all" data-testid="set-all">
      <summary>Give every item the same answer in a column</summary>
      <p className="hint">Each item keeps its own answer, which you can still change. Items where a question does not apply are left as they are.</p>
      <div className="set-all-columns">
        {columns.map((c) => (
          <div className="set-all-column" key={c.name}>
            <label htmlFor={`${id}-${c.name}`}>Set every item’s “{c.title}” to</label>
            <select
              id={`${id}-${c.name}`}
              ref={(el) => {
                selects.current[c.name] = el;
              }}
              value={chosen[c.name] ?? ""}
              onChange={(e) => setChosen((prev) => ({ ...prev, [c.name]: e.target.value }))}
            >
              <option value="">Choose an answer</option>
              {c.choices.map((choice, i) => (
                <option key={String(choice.value)} value={String(i)}>
                  {choice.text}
                </option>
              ))}
            </select>
            <button type="button" className="button button-secondary" aria-label={`Set all “${c.title}”`} onClick={() => setAll(c)}>
              Set all
            </button>
          </div>
        ))}
      </div>
      <p role="status" className="set-all-status" data-testid="set-all-status">
        {message}
      </p>
      {done && (
        <button type="button" className="button button-secondary set-all-undo" aria-label={`Undo setting “${done.column.title}” for ${items(done.rows.length)}`} onClick={undo}>
          Undo
        </button>
      )}
      <dialog ref={dialog} className="set-all-dialog" aria-labelledby={`${id}-confirm`} onCancel={() => answer(null)}>
        {pending && (
          <>
            <h2 id={`${id}-confirm`}>
              Replace {pending.plan.overwrite.length === 1 ? "an answer" : `${pending.plan.overwrite.length} answers`} with “{pending.valueText}”?
            </h2>
            <p>
              {pending.plan.overwrite.length === 1 ? "This item already has" : "These items already have"} a different answer to “{pending.column.title}”:
            </p>
            <ul>
              {pending.plan.overwrite.map((r) => (
                <li key={r.row}>
                  {r.text}: {choiceText(pending.column, r.previous)}
                </li>
              ))}
            </ul>
            <div className="dialog-buttons">
              <button type="button" className="button" onClick={() => answer(true)}>
                Replace {pending.plan.overwrite.length === 1 ? "it" : "them"}
                {pending.plan.fill.length > 0 ? ` and fill ${items(pending.plan.fill.length)}` : ""}
              </button>
              {pending.plan.fill.length > 0 && (
                <button type="button" className="button button-secondary" data-keeps-answers onClick={() => answer(false)}>
                  Only fill the {items(pending.plan.fill.length)} with no answer
                </button>
              )}
              <button type="button" className="button button-secondary" data-keeps-answers={pending.plan.fill.length > 0 ? undefined : true} onClick={() => answer(null)}>
                Cancel
              </button>
            </div>
          </>
        )}
      </dialog>
    </details>
  );
}
