/** The run being shown: its picks with a "declined" button each, how to save it, and its details. */
import type { Ref } from "react";
import { Link } from "react-router-dom";
import { formatDateTime } from "./api.ts";
import { objectiveText, parametersText, PicksList, ResultDetails } from "./case-study-result.tsx";
import { FieldError } from "./field-error.tsx";
import type { Run } from "./case-study-runs-state.ts";

export function CurrentRun(props: {
  run: Run;
  busy: boolean;
  /** error about declining a pick, shown above the picks */
  declineError?: string;
  headingRef: Ref<HTMLHeadingElement>;
  onSave: (run: Run) => void;
  onDecline: (run: Run, laCode: string, name: string) => void;
}) {
  const { run: current, busy } = props;
  const declines = current.parameters.leaveOutDeclined ? (current.parameters.recordedDeclines ?? []) : [];
  return (
    <section aria-labelledby="cs-result-h" className="console-section" id="cs-result">
      <h2 id="cs-result-h" ref={props.headingRef} tabIndex={-1}>
        Run {current.id}: wave {current.result.wave}, {current.result.picks.length} picks, objective {objectiveText(current.result.objective)}
      </h2>
      <p className="hint">
        Run on {formatDateTime(current.createdAt)}
        {current.createdByLabel ? ` by ${current.createdByLabel}` : ""}.
      </p>
      {current.note ? <p>{current.note}</p> : null}
      <p className="hint">{parametersText(current.result, { declined: current.request.declined, includeMaybe: current.request.includeMaybe })}</p>
      {declines.length > 0 ? (
        <p>
          Left out because they declined a case study:{" "}
          {declines.map((d, i) => (
            <span key={d.laCode}>
              {i > 0 ? "; " : ""}
              {d.laName}
              {d.reason ? ` (“${d.reason}”)` : ""}
            </span>
          ))}
          .
        </p>
      ) : current.parameters.leaveOutDeclined === false ? (
        <p>LAs that declined a case study were not left out of this run.</p>
      ) : null}
      <p>
        <span className="objective">Objective value: {objectiveText(current.result.objective)}</span> (0 = no variation, 1 = the most possible)
      </p>
      <div className="button-row">
        {current.savedSelectionId ? (
          <p className="console-ok">
            Saved as the wave {current.result.wave} selection. <Link to="/console/case-studies/saved">See saved selections</Link>
          </p>
        ) : (
          <button type="button" onClick={() => props.onSave(current)} disabled={busy}>
            Save run {current.id} as the wave {current.result.wave} selection
          </button>
        )}
      </div>
      <h3>Picks</h3>
      <FieldError id="cs-runs-error" message={props.declineError} />
      <PicksList
        result={current.result}
        action={(code, name) => (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => props.onDecline(current, code, name)}>
            {name} declined: re-run keeping the others
          </button>
        )}
      />
      <ResultDetails result={current.result} idPrefix={`run-${current.id}`} />
    </section>
  );
}
