/** The hard constraints of a case-study selection: LAs in or out, one per region, picks per LA type. */
import type { Dispatch } from "react";
import { Loading } from "./page.tsx";
import { laTypeLabel } from "./labels.ts";
import { FieldError, describedBy } from "./field-error.tsx";
import { LaPicker, type PickerLa } from "./la-picker.tsx";
import { errorIdFor, type FieldErrors, type RunForm, type RunFormAction } from "./case-study-run-form-state.ts";

export function ConstraintsFieldset(props: {
  form: RunForm;
  dispatch: Dispatch<RunFormAction>;
  errors: FieldErrors;
  /** LA types from the register; undefined while it loads */
  types: string[] | undefined;
  typesError: string | null;
  /** the LA register; undefined while it loads */
  las: PickerLa[] | undefined;
}) {
  const { form, dispatch, errors: err } = props;
  return (
    <fieldset className="console-section" id="cs-constraints" tabIndex={-1} aria-describedby={describedBy(err.constraints && errorIdFor("constraints"))}>
      <legend>Hard constraints</legend>
      <FieldError id={errorIdFor("constraints")} message={err.constraints} />
      {!props.las ? (
        <Loading error={props.typesError} what="LAs" />
      ) : (
        <>
          <LaPicker
            id="cs-include"
            label="Must include"
            listName="must include"
            hint="Type part of an LA's name, then choose it from the list"
            las={props.las}
            selected={form.mustInclude}
            onChange={(codes) => dispatch({ type: "las", field: "mustInclude", codes })}
            error={err.mustInclude}
            errorId={errorIdFor("mustInclude")}
          />
          <FieldError id={errorIdFor("mustInclude")} message={err.mustInclude} />
          <LaPicker
            id="cs-exclude"
            label="Must exclude"
            listName="must exclude"
            hint="Type part of an LA's name, then choose it from the list"
            las={props.las}
            selected={form.mustExclude}
            onChange={(codes) => dispatch({ type: "las", field: "mustExclude", codes })}
            error={err.mustExclude}
            errorId={errorIdFor("mustExclude")}
          />
          <FieldError id={errorIdFor("mustExclude")} message={err.mustExclude} />
        </>
      )}
      <div className="field checkbox">
        <input
          type="checkbox"
          id="cs-one-per-region"
          checked={form.onePerRegion}
          onChange={(e) => dispatch({ type: "flag", field: "onePerRegion", value: e.target.checked })}
          aria-describedby={describedBy(err.atMostOnePerRegion && errorIdFor("atMostOnePerRegion"))}
        />
        <label htmlFor="cs-one-per-region">At most one LA per region</label>
      </div>
      <FieldError id={errorIdFor("atMostOnePerRegion")} message={err.atMostOnePerRegion} />
      {!props.types ? (
        <Loading error={props.typesError} what="LA types" />
      ) : (
        <TypeLimits types={props.types} form={form} dispatch={dispatch} errors={err} />
      )}
    </fieldset>
  );
}

/** Minimum and maximum picks per LA type, one row per type. */
function TypeLimits({ types, form, dispatch, errors: err }: { types: string[]; form: RunForm; dispatch: Dispatch<RunFormAction>; errors: FieldErrors }) {
  const limitInput = (limit: "minPerType" | "maxPerType", t: string) => (
    <input
      type="number"
      inputMode="numeric"
      min={0}
      max={6}
      aria-label={`${limit === "minPerType" ? "Minimum" : "Maximum"} ${t}`}
      value={form[limit][t] ?? ""}
      onChange={(e) => dispatch({ type: "typeLimit", limit, laType: t, value: e.target.value })}
      aria-invalid={err[limit] ? true : undefined}
      aria-describedby={describedBy(err[limit] && errorIdFor(limit))}
    />
  );
  return (
    <div id="cs-type-limits" tabIndex={-1}>
      <table className="console-table type-limits">
        <caption>Minimum and maximum picks per LA type (leave blank for no limit)</caption>
        <thead>
          <tr>
            <th scope="col">LA type</th>
            <th scope="col">Minimum</th>
            <th scope="col">Maximum</th>
          </tr>
        </thead>
        <tbody>
          {types.map((t) => (
            <tr key={t}>
              <th scope="row" id={`cs-type-${t.replace(/\W+/g, "-")}`}>
                {laTypeLabel(t)}
              </th>
              <td>{limitInput("minPerType", t)}</td>
              <td>{limitInput("maxPerType", t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <FieldError id={errorIdFor("minPerType")} message={err.minPerType ?? err.maxPerType} />
    </div>
  );
}
