/** Small form parts of the case-study selection form: an error under a field, and a field of LA codes. */
import { parseCodes } from "./case-study-run-form-state.ts";

export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

/** aria-describedby from the ids that apply, or nothing when none does. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(" ");
  return s || undefined;
}

/** A text field of LA codes, naming the LAs it has understood in its hint. */
export function LaCodesField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  errorId: string;
  names: (codes: string[]) => string;
}) {
  const codes = parseCodes(props.value);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(`${props.id}-hint`, props.error && props.errorId)}
      />
      <span className="hint" id={`${props.id}-hint`}>
        Three-digit codes separated by commas or spaces
        {codes.length ? `: ${props.names(codes)}` : ""}
      </span>
      <FieldError id={props.errorId} message={props.error} />
    </div>
  );
}
