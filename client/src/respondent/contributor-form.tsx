import { useState, type FormEvent } from "react";
import type { Contributor } from "./api.ts";

const KEY = "lada:contributor";

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

/** Asked once per browser: every change is attributed to this name and role. */
export function ContributorForm({
  contributors,
  editing = false,
  onDone,
}: {
  contributors: { name: string; role: string }[];
  /** changing the details this browser already gave, rather than giving them for the first time */
  editing?: boolean;
  onDone: (c: Contributor) => void;
}) {
  const previous = readContributor();
  const [name, setName] = useState(previous?.name ?? "");
  const [role, setRole] = useState(previous?.role ?? "");
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    const n = name.trim();
    const r = role.trim();
    if (!n || !r) {
      setError(!n ? "Enter your name" : "Enter your role");
      return;
    }
    onDone({ name: n, role: r });
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
      <label htmlFor="contributor-name">Your name</label>
      <input id="contributor-name" name="name" autoComplete="name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
      <label htmlFor="contributor-role">Your role</label>
      <input id="contributor-role" name="role" autoComplete="organization-title" value={role} maxLength={120} onChange={(e) => setRole(e.target.value)} />
      <button type="submit" className="button">
        {editing ? "Save your details" : "Continue to the questionnaire"}
      </button>
    </form>
  );
}
