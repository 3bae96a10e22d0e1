import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Contributor } from "./api.ts";
import type { HandoffDto } from "../../../server/contracts/section-handoffs.ts";

const KEY = "lada:contributor";

// The same rule the server applies (ajv-formats "email"), so a saved address is never refused later.
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

export function readContributor(): Contributor | null {
  try {
    const c = JSON.parse(localStorage.getItem(KEY) ?? "null");
    return c && typeof c.name === "string" && typeof c.role === "string" && c.name && c.role ? c : null;
  } catch {
    return null;
  }
}

export function saveContributor(c: Contributor): void {
  localStorage.setItem(KEY, JSON.stringify(c));
}

/** "Not me": the next person in this browser starts with an empty form. */
export function forgetContributor(): void {
  localStorage.removeItem(KEY);
}

type Field = "name" | "role" | "email";
const FIELDS: Field[] = ["name", "role", "email"];
export type DetailsErrors = Partial<Record<Field, string>>;

/** Every problem at once (GOV.UK: one summary, each message also beside its field), empty when none. */
export function detailsErrors(name: string, role: string, email: string): DetailsErrors {
  const out: DetailsErrors = {};
  if (!name.trim()) out.name = "Enter your name";
  if (!role.trim()) out.role = "Enter your role";
  const m = email.trim();
  if (m && (m.length > 254 || !EMAIL.test(m))) out.email = "Enter your work e-mail address in the correct format, like name@council.gov.uk, or leave it empty";
  return out;
}

/** Asked once per browser: every change is attributed to this name and role (the e-mail is for the research team). */
export function ContributorForm({
  contributors,
  editing = false,
  handoffs = [],
  onDone,
  onCancel,
}: {
  contributors: { name: string; role: string }[];
  /** sections handed to colleagues who have not taken them yet: the person may be one of them */
  handoffs?: HandoffDto[];
  /** changing the details this browser already gave, rather than giving them for the first time */
  editing?: boolean;
  onDone: (c: Contributor, handoff?: HandoffDto) => void;
  /** when changing details: back to the questionnaire with nothing changed */
  onCancel?: () => void;
}) {
  const previous = readContributor();
  const [name, setName] = useState(previous?.name ?? "");
  const [role, setRole] = useState(previous?.role ?? "");
  const [email, setEmail] = useState(previous?.email ?? "");
  const [errors, setErrors] = useState<DetailsErrors>({});
  // bumped on every refused submit, so the summary takes focus again even when the errors are the same
  const [attempt, setAttempt] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const [picked, setPicked] = useState<HandoffDto | null>(null);
  const waiting = editing ? [] : handoffs.filter((h) => h.state === "waiting");
  const problems = FIELDS.filter((f) => errors[f]);

  useEffect(() => {
    if (attempt > 0) summary.current?.focus();
  }, [attempt]);

  function submit(e: FormEvent) {
    e.preventDefault();
    const found = detailsErrors(name, role, email);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setAttempt((a) => a + 1);
      return;
    }
    const m = email.trim();
    onDone(m ? { name: name.trim(), role: role.trim(), email: m } : { name: name.trim(), role: role.trim() }, picked ?? undefined);
  }

  /** aria and styling of a field, with its message id first so it is read before any hint */
  const fieldProps = (f: Field, hint?: string) => {
    const ids = [errors[f] ? `contributor-${f}-error` : null, hint].filter(Boolean).join(" ");
    return { "aria-invalid": errors[f] ? true : undefined, "aria-describedby": ids || undefined, className: errors[f] ? "input-error" : undefined };
  };
  const message = (f: Field) =>
    errors[f] ? (
      <p className="field-error" id={`contributor-${f}-error`}>
        <span className="visually-hidden">Error: </span>
        {errors[f]}
      </p>
    ) : null;

  return (
    <form className="contributor-form" onSubmit={submit} noValidate>
      <h1>{editing ? "Your details" : "Who is answering?"}</h1>
      <p>
        Several colleagues can work on this questionnaire, each under their own name. We record who changed each answer, so please tell us your name and
        role. This browser will remember them; colleagues on other computers give their own.
      </p>
      {contributors.length > 0 && (
        <p className="hint">Already contributing: {contributors.map((c) => `${c.name} (${c.role})`).join(", ")}.</p>
      )}
      {problems.length > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="contributor-errors-title" data-testid="details-errors">
          <h2 id="contributor-errors-title">There is a problem</h2>
          <ul>
            {problems.map((f) => (
              <li key={f}>
                <a
                  href={`#contributor-${f}`}
                  onClick={(e) => {
                    // focus the field itself: following the #id alone scrolls but leaves focus on the link
                    e.preventDefault();
                    document.getElementById(`contributor-${f}`)?.focus();
                  }}
                >
                  {errors[f]}
                </a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {waiting.length > 0 && (
        <fieldset className="handoff-pick">
          <legend>Were you asked to answer a section?</legend>
          {waiting.map((h) => (
            <label key={h.id} className="choice">
              <input
                type="radio"
                name="handoff"
                checked={picked?.id === h.id}
                onChange={() => {
                  setPicked(h);
                  setName(h.colleagueName);
                }}
              />{" "}
              I am {h.colleagueName}: “{h.pageTitle}”{h.handedBy ? `, from ${h.handedBy.name}` : ""}
              {h.note && <span className="hint"> ({h.note})</span>}
            </label>
          ))}
          <label className="choice">
            <input type="radio" name="handoff" checked={picked === null} onChange={() => setPicked(null)} /> No, I am someone else
          </label>
        </fieldset>
      )}
      <label htmlFor="contributor-name">Your name</label>
      {message("name")}
      <input id="contributor-name" name="name" autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} {...fieldProps("name")} />
      <label htmlFor="contributor-role">Your role</label>
      {message("role")}
      <input
        id="contributor-role"
        name="role"
        autoComplete="organization-title"
        value={role}
        maxLength={120}
        onChange={(e) => setRole(e.target.value)}
        {...fieldProps("role")}
      />
      <label htmlFor="contributor-email">Your work e-mail (optional)</label>
      <p className="hint" id="contributor-email-hint">
        Only the research team sees it, to ask you about your answers. Colleagues see your name and role, not your e-mail.
      </p>
      {message("email")}
      <input
        id="contributor-email"
        name="email"
        type="email"
        autoComplete="email"
        spellCheck={false}
        value={email}
        maxLength={254}
        onChange={(e) => setEmail(e.target.value)}
        {...fieldProps("email", "contributor-email-hint")}
      />
      <button type="submit" className="button">
        {editing ? "Save your details" : "Continue to the questionnaire"}
      </button>
      {onCancel && (
        <p>
          <button type="button" className="link-button" onClick={onCancel}>
            Cancel and go back to the questionnaire
          </button>
        </p>
      )}
    </form>
  );
}
