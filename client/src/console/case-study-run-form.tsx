/** The parameters form of a case-study selection: wave, k, seed, weights and the hard constraints. */
import type { Dispatch, FormEvent } from "react";
import { ATTRIBUTES } from "./case-study-result.tsx";
import { ConstraintsFieldset } from "./case-study-constraints-fieldset.tsx";
import type { PickerLa } from "./la-picker.tsx";
import { FieldError, describedBy } from "./field-error.tsx";
import { errorIdFor, type FieldErrors, type FieldKey, type RunForm, type RunFormAction, type SmallLaHandling } from "./case-study-run-form-state.ts";

export function RunFormView(props: {
  form: RunForm;
  dispatch: Dispatch<RunFormAction>;
  errors: FieldErrors;
  busy: boolean;
  onSubmit: (ev: FormEvent) => void;
  types: string[] | undefined;
  typesError: string | null;
  las: PickerLa[] | undefined;
  /** LAs whose fieldwork record says they declined */
  declinedCount: number;
}) {
  const { form, dispatch, errors: err } = props;
  return (
    <form onSubmit={props.onSubmit} noValidate aria-labelledby="cs-form-h">
      <h2 id="cs-form-h">Parameters</h2>
      <fieldset className="console-section">
        <legend>Wave</legend>
        <div className="field checkbox">
          <input
            type="radio"
            id="cs-wave-1"
            name="wave"
            checked={form.wave === 1}
            onChange={() => dispatch({ type: "wave", wave: 1 })}
            aria-describedby={describedBy(err.wave && errorIdFor("wave"))}
          />
          <label htmlFor="cs-wave-1">Wave 1: first case studies</label>
        </div>
        <div className="field checkbox">
          <input
            type="radio"
            id="cs-wave-2"
            name="wave"
            checked={form.wave === 2}
            onChange={() => dispatch({ type: "wave", wave: 2 })}
            aria-describedby={describedBy(err.wave && errorIdFor("wave"))}
          />
          <label htmlFor="cs-wave-2">Wave 2: a different set, excluding the saved wave-1 picks and spanning the capability range</label>
        </div>
        <FieldError id={errorIdFor("wave")} message={err.wave} />
      </fieldset>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="cs-k">Number of LAs (k)</label>
          <input
            id="cs-k"
            type="number"
            inputMode="numeric"
            min={1}
            max={6}
            value={form.k}
            onChange={(e) => dispatch({ type: "text", field: "k", value: e.target.value })}
            aria-invalid={err.k ? true : undefined}
            aria-describedby={describedBy("cs-k-hint", err.k && errorIdFor("k"))}
          />
          <span className="hint" id="cs-k-hint">
            1 to 6; default 4
          </span>
          <FieldError id={errorIdFor("k")} message={err.k} />
        </div>
        <div className="field">
          <label htmlFor="cs-seed">Seed (optional)</label>
          <input
            id="cs-seed"
            type="number"
            inputMode="numeric"
            value={form.seed}
            onChange={(e) => dispatch({ type: "text", field: "seed", value: e.target.value })}
            aria-invalid={err.seed ? true : undefined}
            aria-describedby={describedBy("cs-seed-hint", err.seed && errorIdFor("seed"))}
          />
          <span className="hint" id="cs-seed-hint">
            Breaks exact ties only; default 1
          </span>
          <FieldError id={errorIdFor("seed")} message={err.seed} />
        </div>
        <div className="field checkbox">
          <input
            type="checkbox"
            id="cs-leave-out-declined"
            checked={form.leaveOutDeclined}
            onChange={(e) => dispatch({ type: "flag", field: "leaveOutDeclined", value: e.target.checked })}
            aria-describedby={describedBy(err.leaveOutDeclined && errorIdFor("leaveOutDeclined"))}
          />
          <label htmlFor="cs-leave-out-declined">
            Leave out LAs that declined a case study ({props.declinedCount === 0 ? "none recorded" : `${props.declinedCount} recorded, listed above`})
          </label>
        </div>
        <FieldError id={errorIdFor("leaveOutDeclined")} message={err.leaveOutDeclined} />
        <div className="field checkbox">
          <input
            type="checkbox"
            id="cs-maybe"
            checked={form.includeMaybe}
            onChange={(e) => dispatch({ type: "flag", field: "includeMaybe", value: e.target.checked })}
          />
          <label htmlFor="cs-maybe">Count &quot;Possibly&quot; as agreeing to take part</label>
        </div>
      </div>

      <SmallLasFieldset form={form} dispatch={dispatch} errors={err} />

      <WeightsFieldset form={form} dispatch={dispatch} errors={err} />

      <ConstraintsFieldset form={form} dispatch={dispatch} errors={err} types={props.types} typesError={props.typesError} las={props.las} />
      <div className="button-row">
        <button type="submit" disabled={props.busy}>
          {props.busy ? "Running…" : "Run selection"}
        </button>
      </div>
    </form>
  );
}

function WeightsFieldset({ form, dispatch, errors: err }: { form: RunForm; dispatch: Dispatch<RunFormAction>; errors: FieldErrors }) {
  return (
    <fieldset className="console-section">
      <legend>Weights (0 to 100; 0 ignores an attribute)</legend>
      <div className="weights-grid">
        {ATTRIBUTES.map((a) => {
          const f = `weights.${a.key}` as FieldKey;
          return (
            <div className="field" key={a.key}>
              <label htmlFor={`cs-w-${a.key}`}>{a.label}</label>
              <input
                id={`cs-w-${a.key}`}
                type="number"
                inputMode="decimal"
                min={0}
                max={100}
                step="any"
                value={form.weights[a.key]}
                onChange={(e) => dispatch({ type: "weight", attribute: a.key, value: e.target.value })}
                aria-invalid={err[f] ? true : undefined}
                aria-describedby={describedBy(err[f] && errorIdFor(f))}
              />
              <FieldError id={errorIdFor(f)} message={err[f]} />
            </div>
          );
        })}
      </div>
      <button type="button" className="button-secondary" onClick={() => dispatch({ type: "resetWeights" })}>
        Reset weights to the defaults
      </button>
    </fieldset>
  );
}

/** LAs with very few children (the City of London, the Isles of Scilly): left out by default. */
function SmallLasFieldset({ form, dispatch, errors: err }: { form: RunForm; dispatch: Dispatch<RunFormAction>; errors: FieldErrors }) {
  const options: { value: SmallLaHandling; label: string }[] = [
    { value: "exclude", label: "Leave them out (default)" },
    { value: "nearestType", label: "Keep them, counting the City of London as a London borough and the Isles of Scilly as a unitary authority" },
    { value: "none", label: "No rule: treat them like any other LA" },
  ];
  return (
    <fieldset className="console-section" aria-describedby="cs-small-hint">
      <legend>Very small LAs</legend>
      <p className="hint" id="cs-small-hint">
        The City of London (847 children) and the Isles of Scilly (319) are LA types of their own, so maximum variation would favour them.
      </p>
      <div className="field">
        <label htmlFor="cs-min-children">LAs with fewer children aged 0–17 than</label>
        <input
          id="cs-min-children"
          type="number"
          inputMode="numeric"
          min={0}
          step={1}
          value={form.minChildren}
          disabled={form.smallHandling === "none"}
          onChange={(e) => dispatch({ type: "text", field: "minChildren", value: e.target.value })}
          aria-invalid={err.smallLas ? true : undefined}
          aria-describedby={describedBy(err.smallLas && errorIdFor("smallLas"))}
        />
        <FieldError id={errorIdFor("smallLas")} message={err.smallLas} />
      </div>
      {options.map((o) => (
        <div className="field checkbox" key={o.value}>
          <input
            type="radio"
            id={`cs-small-${o.value}`}
            name="smallLas"
            checked={form.smallHandling === o.value}
            onChange={() => dispatch({ type: "smallHandling", value: o.value })}
          />
          <label htmlFor={`cs-small-${o.value}`}>{o.label}</label>
        </div>
      ))}
    </fieldset>
  );
}
