/** An error said under a form field, and the aria-describedby that ties it to the field: one look for every console form. */
import { useEffect, useRef } from "react";

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

/** One problem with a form: `field` is the API's machine name ("laCode"), null for the form as a whole. */
export interface FormProblem {
  field: string | null;
  message: string;
}

/**
 * GOV.UK's "There is a problem" box above a form: every problem at once, each linking to its field (the
 * link moves focus into the field, as GOV.UK's does, rather than only scrolling). It takes focus when it
 * appears so keyboard and screen-reader users land on it after a refused submit.
 */
export function ErrorSummary({ problems, idFor, outcome = "Nothing was saved." }: { problems: FormProblem[]; idFor: (field: string) => string | undefined; outcome?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) ref.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2>There is a problem</h2>
      <ul>
        {problems.map((p, i) => {
          const id = p.field ? idFor(p.field) : undefined;
          return (
            <li key={`${p.field ?? ""}-${i}`}>
              {id ? (
                <a
                  href={`#${id}`}
                  onClick={(e) => {
                    const el = document.getElementById(id);
                    if (!el) return;
                    e.preventDefault();
                    el.focus();
                  }}
                >
                  {p.message}
                </a>
              ) : (
                p.message
              )}
            </li>
          );
        })}
      </ul>
      {outcome && <p>{outcome}</p>}
    </div>
  );
}

/** What a text box must hold; `label` is the words on the form, used in the message. */
export interface TextRule {
  label: string;
  required?: boolean;
  max?: number;
  pattern?: RegExp;
  /** Said after "must be", e.g. "3 digits". */
  patternWords?: string;
  email?: boolean;
}

// Deliberately loose: the server has the last word; this only catches the obvious before a round trip.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The first thing wrong with one box's value, in the GOV.UK pattern ("Enter the name"), or null. */
export function checkText(field: string, value: string, rule: TextRule): FormProblem | null {
  const v = value.trim();
  const lower = /^[A-Z]{2}/.test(rule.label) ? rule.label : rule.label[0].toLowerCase() + rule.label.slice(1);
  if (!v) return rule.required ? { field, message: `Enter the ${lower}` } : null;
  if (rule.max !== undefined && value.length > rule.max) return { field, message: `${rule.label} must be ${rule.max.toLocaleString("en-GB")} characters or fewer` };
  if (rule.pattern && !rule.pattern.test(v)) return { field, message: `${rule.label} must be ${rule.patternWords ?? "in the right format"}` };
  if (rule.email && !EMAIL.test(v)) return { field, message: `${rule.label} must be a valid e-mail address, like name@example.org` };
  return null;
}

/** Every problem found by the checks, in the order of the form. */
export function problemsOf(...checks: (FormProblem | null)[]): FormProblem[] {
  return checks.filter((c): c is FormProblem => c !== null);
}

/** A refused request as a problem: beside its field when the server named one the form has. */
export function serverProblem(err: unknown, fields: readonly string[]): FormProblem {
  const body = (err as { body?: { field?: unknown } }).body;
  const field = typeof body?.field === "string" && fields.includes(body.field) ? body.field : null;
  return { field, message: (err as Error).message };
}

/** The message for one field, for FieldError. */
export function problemFor(problems: FormProblem[], field: string): string | undefined {
  return problems.find((p) => p.field === field)?.message;
}
