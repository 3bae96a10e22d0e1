/** An error said under a form field, and the aria-describedby that ties it to the field: one look for every console form. */

/** The message under a field, prefixed "Error:" for screen readers; nothing when there is no message. */
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
