import { useState, type FormEvent } from "react";
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

/** Asked once per browser: every change is attributed to this name and role (the e-mail is for the research team). */
export function ContributorForm({
  contributors,
  editing = false,
  handoffs = [],
  onDone,
}: {
  contributors: { name: string; role: string }[];
  /** sections handed to colleagues who have not taken them yet: the person may be one of them */
  handoffs?: HandoffDto[];
  /** changing the details this browser already gave, rather than giving them for the first time */
  editing?: boolean;
  onDone: (c: Contributor, handoff?: HandoffDto) => void;
}) {
  const previous = readContributor();
  const [name, setName] = useState(previous?.name ?? "");
  const [role, setRole] = useState(previous?.role ?? "");
  const [email, setEmail] = useState(previous?.email ?? "");
  const [error, setError] = useState<string | null>(null);
  const [picked, setPicked] = useState<HandoffDto | null>(null);
  const waiting = editing ? [] : handoffs.filter((h) => h.state === "waiting");

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = name.trim();
    const r = role.trim();
    const m = email.trim();
    if (!n || !r) {
      setError(!n ? "Enter your name" : "Enter your role");
      return;
    }
    if (m && (m.length > 254 || !EMAIL.test(m))) {
      setError("Enter your work e-mail address in the correct format, like name@council.gov.uk, or leave it empty");
      return;
    }
    onDone(m ? { name: n, role: r, email: m } : { name: n, role: r }, picked ?? undefined);
  }

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
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
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
      <input id="contributor-name" name="name" autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="contributor-role">Your role</label>
      <input id="contributor-role" name="role" autoComplete="organization-title" value={role} maxLength={120} onChange={(e) => setRole(e.target.value)} />
      <label htmlFor="contributor-email">Your work e-mail (optional)</label>
      <p className="hint" id="contributor-email-hint">
        Only the research team sees it, to ask you about your answers. Colleagues see your name and role, not your e-mail.
      </p>
      <input
        id="contributor-email"
        name="email"
        type="email"
        autoComplete="email"
        spellCheck={false}
        aria-describedby="contributor-email-hint"
        value={email}
        maxLength={254}
        onChange={(e) => setEmail(e.target.value)}
      />
      <button type="submit" className="button">
        {editing ? "Save your details" : "Continue to the questionnaire"}
      </button>
    </form>
  );
}
