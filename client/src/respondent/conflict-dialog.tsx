import { useEffect, useRef, useState } from "react";

export interface ConflictView {
  question: string;
  label: string;
  yoursText: string;
  theirsText: string;
  /** "Priya Shah (Head of Performance) changed this at 14:32" */
  byText: string;
  /** who made the other answer, for the heading (null when unknown) */
  byName: string | null;
}

function headingOf(conflicts: ConflictView[]): string {
  const names = [...new Set(conflicts.map((c) => c.byName))];
  const who = names.length === 1 && names[0] ? names[0] : "A colleague";
  return `${who} changed the same ${conflicts.length === 1 ? "answer" : "answers"}`;
}

/** A colleague saved a different answer to the same question since you loaded it: choose which to keep. */
export function ConflictDialog({ conflicts, onResolve }: { conflicts: ConflictView[]; onResolve: (choices: Record<string, "mine" | "theirs">) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [choices, setChoices] = useState<Record<string, "mine" | "theirs">>(() =>
    Object.fromEntries(conflicts.map((c) => [c.question, "theirs" as const])),
  );
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal?.();
  }, []);
  return (
    <dialog ref={ref} className="conflict-dialog" aria-labelledby="conflict-title" onCancel={(e) => e.preventDefault()}>
      <h2 id="conflict-title">{headingOf(conflicts)}</h2>
      <p>Your change was not saved yet. For each answer, choose which value to keep.</p>
      {conflicts.map((c) => (
        <fieldset key={c.question} data-question={c.question}>
          <legend>{c.label}</legend>
          <p className="conflict-by" data-testid="changed-by">
            {c.byText}
          </p>
          <label>
            <input
              type="radio"
              name={`conflict-${c.question}`}
              checked={choices[c.question] === "theirs"}
              onChange={() => setChoices({ ...choices, [c.question]: "theirs" })}
            />{" "}
            Keep {c.byName ? `${c.byName}’s` : "your colleague’s"} answer: <strong data-testid="theirs">{c.theirsText}</strong>
          </label>
          <label>
            <input
              type="radio"
              name={`conflict-${c.question}`}
              checked={choices[c.question] === "mine"}
              onChange={() => setChoices({ ...choices, [c.question]: "mine" })}
            />{" "}
            Use your answer: <strong data-testid="yours">{c.yoursText}</strong>
          </label>
        </fieldset>
      ))}
      <button type="button" className="button" onClick={() => onResolve(choices)}>
        Save my choice
      </button>
    </dialog>
  );
}
