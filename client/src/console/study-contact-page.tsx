/**
 * Settings: the study contact and the "who runs it" sentence every LA reads on the survey's first
 * screen. Until an admin saves them, LAs see the survey definition's text, whose address is an
 * example.org placeholder in a new deployment: the page says so plainly.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api, ApiError, formatDateTime } from "./api.ts";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";
import { ErrorSummary, FieldError, problemFor, serverProblem, type FormProblem } from "./field-error.tsx";
import type { StudyContact, StudyContactReply } from "../../../server/contracts/study-contact.ts";

const FIELDS: { key: keyof StudyContact; label: string; hint: string; long?: boolean; type?: string }[] = [
  { key: "contactName", label: "Contact name", hint: "Who LAs write to, for example “The LA data audit research team”." },
  { key: "contactEmail", label: "Contact e-mail address", hint: "A mailbox the research team reads. LAs are told to use it to ask about the survey or their details.", type: "email" },
  { key: "responseTime", label: "How soon you answer (optional)", hint: "For example “We answer within 2 working days.”" },
  { key: "runBy", label: "Who runs the audit", hint: "One or two sentences shown at the top of the first screen.", long: true },
];

/** Shown while LAs would see the definition's example address (the settings page and the dashboard). */
export function PlaceholderWarning({ withLink = false }: { withLink?: boolean }) {
  return (
    <div className="console-error" role="alert" data-testid="contact-placeholder">
      <p>
        <strong>LAs are shown an example contact address.</strong> Set the study's real contact before sending survey links, so LAs can reach the
        research team.{withLink && <> <Link to="/console/settings/contact">Set the study contact</Link></>}
      </p>
    </div>
  );
}

export function StudyContactPage() {
  const contact = useApi<StudyContactReply>("/api/admin/settings/study-contact");
  const { data, reload } = contact;
  const [form, setForm] = useState<StudyContact | null>(null);
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [saved, setSaved] = useState(false);
  const summary = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (data && !form) setForm(data.current);
  }, [data, form]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!form) return;
    setSaved(false);
    setProblems([]);
    try {
      await api<StudyContactReply>("/api/admin/settings/study-contact", { method: "PUT", body: form });
      setSaved(true);
      reload();
      setTimeout(() => summary.current?.focus(), 0);
    } catch (err) {
      // the server lists every problem (errors); a 400 or older reply names one (field)
      const listed = err instanceof ApiError && Array.isArray(err.body.errors) ? (err.body.errors as FormProblem[]) : null;
      const keys = FIELDS.map((f) => f.key as string);
      setProblems(listed?.length ? listed.map((p) => ({ field: keys.includes(String(p.field)) ? p.field : null, message: p.message })) : [serverProblem(err, keys)]);
    }
  }

  if (!data || !form) return <Page title="Study contact"><Loading error={contact.error} what="the study contact" reload={reload} /></Page>;
  return (
    <Page title="Study contact">
      <StaleAlert state={contact} what="the study contact" />
      {data.placeholder && <PlaceholderWarning />}
      <div ref={summary} tabIndex={-1}>
        <div data-testid="contact-problem">
          <ErrorSummary problems={problems} idFor={(f) => `contact-${f}`} />
        </div>
        {saved && (
          <p className="console-ok" role="status">
            Saved. LAs now see this contact on the survey's first screen.
          </p>
        )}
      </div>
      <p>
        LAs read this on the first screen of the survey, under “Who runs it” and “Contact”.{" "}
        {data.saved ? `Last changed ${formatDateTime(data.updatedAt)}.` : "Nothing has been saved yet: LAs see the survey definition's text."}
      </p>
      <form onSubmit={save} noValidate className="console-section">
        {FIELDS.map((f) => {
          const id = `contact-${f.key}`;
          const message = problemFor(problems, f.key);
          const wrong = Boolean(message);
          const describedBy = `${id}-hint${wrong ? ` ${id}-error` : ""}`;
          const common = { id, name: f.key, value: form[f.key], "aria-describedby": describedBy, "aria-invalid": wrong || undefined };
          return (
            <div className="field" key={f.key}>
              <label htmlFor={id}>{f.label}</label>
              <p className="hint" id={`${id}-hint`}>
                {f.hint}
              </p>
              <FieldError id={`${id}-error`} message={message} />
              {f.long ? (
                <textarea {...common} rows={3} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
              ) : (
                <input {...common} type={f.type ?? "text"} spellCheck={f.type === "email" ? false : undefined} onChange={(e) => setForm({ ...form, [f.key]: e.target.value })} />
              )}
            </div>
          );
        })}
        <button type="submit">Save the study contact</button>
      </form>
    </Page>
  );
}
