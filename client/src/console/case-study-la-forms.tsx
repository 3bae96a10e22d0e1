/** The forms of one case-study LA's fieldwork page; each saves through the API and reports in words. */
import { useState, type FormEvent, type ReactNode } from "react";
import type { CaseStudyDetailDto, FindingDto } from "../../../server/contracts/case-study-fieldwork.ts";
import { api, ApiError } from "./api.ts";
import { BAND_LABELS, REASON_LABELS, RESULT_LABELS, STATUS_LABELS } from "./case-study-fieldwork-labels.ts";

type Outcome = { ok: string } | { error: string; field?: string } | null;

/** `kept` is a confirmation the caller held on to while this form was redrawn (see RecordForm). */
function useSubmit(action: () => Promise<string>, onDone: (confirmation: string) => void, kept: string | null = null) {
  const [outcome, setOutcome] = useState<Outcome>(kept === null ? null : { ok: kept });
  const [busy, setBusy] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setOutcome(null);
    try {
      const confirmation = await action();
      setOutcome({ ok: confirmation });
      onDone(confirmation);
    } catch (err) {
      const field = err instanceof ApiError && typeof err.body.field === "string" ? err.body.field : undefined;
      setOutcome({ error: (err as Error).message, field });
    } finally {
      setBusy(false);
    }
  }
  return { outcome, busy, submit };
}

function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  if ("ok" in outcome) return <p className="console-ok" role="status">{outcome.ok}</p>;
  return (
    <p className="console-error" role="alert">
      {outcome.error}
    </p>
  );
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="console-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/**
 * The page redraws this form (by key) once a save changes the record, so it starts again from what
 * the server holds; the page keeps the confirmation and hands it back as `saved`, or it would
 * vanish with the old form as soon as the record reloaded.
 */
export function RecordForm({ laCode, record, saved, onDone }: { laCode: string; record: CaseStudyDetailDto["record"]; saved: string | null; onDone: (confirmation: string) => void }) {
  const [status, setStatus] = useState(record.status);
  const [reason, setReason] = useState(record.declineReason ?? "");
  const [visits, setVisits] = useState(record.visitDates.join(", "));
  const { outcome, busy, submit } = useSubmit(async () => {
    const visitDates = visits.split(/[,\s]+/).filter(Boolean);
    await api(`/api/admin/case-studies/fieldwork/${laCode}/record`, { method: "PUT", body: { status, declineReason: status === "declined" ? reason : null, visitDates } });
    return "Case-study record saved.";
  }, onDone, saved);
  return (
    <Section id="record-h" title="Status and visits">
      <form onSubmit={submit} className="inline-form">
        <div className="field">
          <label htmlFor="cs-status">Status</label>
          <select id="cs-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            {Object.entries(STATUS_LABELS).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </div>
        {status === "declined" && (
          <div className="field">
            <label htmlFor="cs-decline">Why the LA declined</label>
            <input id="cs-decline" value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
        )}
        <div className="field">
          <label htmlFor="cs-visits">Visit dates</label>
          <span className="hint" id="cs-visits-hint">
            As year-month-day, separated by commas, for example 2026-11-03, 2026-11-20
          </span>
          <input id="cs-visits" aria-describedby="cs-visits-hint" value={visits} onChange={(e) => setVisits(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Save status and visits
        </button>
      </form>
      <OutcomeMessage outcome={outcome} />
    </Section>
  );
}

export function ContactsAndLog({ laCode, detail, onDone }: { laCode: string; detail: CaseStudyDetailDto; onDone: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("");
  const [entry, setEntry] = useState("");
  const contact = useSubmit(async () => {
    await api(`/api/admin/case-studies/fieldwork/${laCode}/contacts`, { method: "POST", body: { name, email: email || null, role: role || null } });
    setName("");
    setEmail("");
    setRole("");
    return "Contact added.";
  }, onDone);
  const log = useSubmit(async () => {
    await api(`/api/admin/case-studies/fieldwork/${laCode}/log`, { method: "POST", body: { entry } });
    setEntry("");
    return "Log entry added.";
  }, onDone);
  return (
    <>
      <Section id="contacts-h" title="Contacts in the LA">
        <p className="hint">Names and addresses are personal data: they are erased with the other contacts on request.</p>
        {detail.contacts.length === 0 ? (
          <p>No contacts yet.</p>
        ) : (
          <ul>
            {detail.contacts.map((c) => (
              <li key={c.id}>
                {c.name}
                {c.role ? `, ${c.role}` : ""}
                {c.email ? ` (${c.email})` : ""}
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={contact.submit} className="inline-form">
          <div className="field">
            <label htmlFor="cs-contact-name">Name</label>
            <input id="cs-contact-name" required value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="cs-contact-email">E-mail (optional)</label>
            <input id="cs-contact-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
          </div>
          <div className="field">
            <label htmlFor="cs-contact-role">Role (optional)</label>
            <input id="cs-contact-role" value={role} onChange={(e) => setRole(e.target.value)} />
          </div>
          <button type="submit" disabled={contact.busy}>
            Add contact
          </button>
        </form>
        <OutcomeMessage outcome={contact.outcome} />
      </Section>
      <Section id="log-h" title="Fieldwork log">
        <form onSubmit={log.submit}>
          <div className="field">
            <label htmlFor="cs-log">New entry</label>
            <textarea id="cs-log" required rows={3} value={entry} onChange={(e) => setEntry(e.target.value)} />
          </div>
          <button type="submit" disabled={log.busy}>
            Add to log
          </button>
        </form>
        <OutcomeMessage outcome={log.outcome} />
        {detail.log.length > 0 && (
          <ol className="timeline">
            {detail.log.map((l) => (
              <li key={l.id}>
                <time dateTime={l.createdAt}>{new Date(l.createdAt).toLocaleString("en-GB")}</time>: {l.entry}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

export function FindingForm({ laCode, detail, findings, onDone }: { laCode: string; detail: CaseStudyDetailDto; findings: FindingDto[]; onDone: () => void }) {
  const [indicatorId, setIndicatorId] = useState("");
  const [result, setResult] = useState("");
  const [reason, setReason] = useState("");
  const [notes, setNotes] = useState("");
  const [change, setChange] = useState("");
  const chosen = detail.indicators.find((i) => i.id === indicatorId);
  const recorded = findings.find((f) => f.indicatorId === indicatorId);
  const { outcome, busy, submit } = useSubmit(async () => {
    const r = await api<{ saved: number }>(`/api/admin/case-studies/findings/${laCode}`, {
      method: "PUT",
      body: { findings: [{ indicatorId, result, reason: result === "produced" ? null : reason || null, notes, definitionChange: change || null }] },
    });
    return `Finding saved for ${chosen?.name ?? indicatorId} (${r.saved}).`;
  }, onDone);
  function pick(id: string) {
    setIndicatorId(id);
    const f = findings.find((x) => x.indicatorId === id);
    setResult(f?.result ?? "");
    setReason(f?.reason ?? "");
    setNotes(f?.notes ?? "");
    setChange(f?.definitionChange ?? "");
  }
  const areaName = new Map(detail.outcomeAreas.map((a) => [a.id, a.name]));
  return (
    <Section id="finding-h" title="Record a finding">
      <p className="hint">
        What the LA&apos;s analysts could produce when they tried. The survey&apos;s prediction for the indicator is kept as it is when you first save a finding.
      </p>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="cs-indicator">Indicator</label>
          <select id="cs-indicator" required value={indicatorId} onChange={(e) => pick(e.target.value)}>
            <option value="">Choose an indicator</option>
            {detail.outcomeAreas.map((a) => (
              <optgroup key={a.id} label={areaName.get(a.id) ?? a.id}>
                {detail.indicators
                  .filter((i) => i.outcomeArea === a.id)
                  .map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
        {chosen && (
          <p id="cs-prediction">
            The survey says: <strong>{recorded ? BAND_LABELS[recorded.predictedBand] : chosen.band ? BAND_LABELS[chosen.band] : "not scored"}</strong>
            {recorded ? " (kept from when the finding was first recorded)" : ""}.
          </p>
        )}
        <fieldset className="field">
          <legend>Result</legend>
          {Object.entries(RESULT_LABELS).map(([v, l]) => (
            <div key={v}>
              <input type="radio" id={`cs-result-${v}`} name="cs-result" value={v} checked={result === v} onChange={() => setResult(v)} required />
              <label htmlFor={`cs-result-${v}`}>{l}</label>
            </div>
          ))}
        </fieldset>
        {result && result !== "produced" && (
          <div className="field">
            <label htmlFor="cs-reason">Main reason</label>
            <select id="cs-reason" required value={reason} onChange={(e) => setReason(e.target.value)}>
              <option value="">Choose a reason</option>
              {Object.entries(REASON_LABELS).map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="cs-notes">Notes (optional)</label>
          <textarea id="cs-notes" rows={2} value={notes} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cs-change">Change to the indicator&apos;s definition this suggests (optional)</label>
          <textarea id="cs-change" rows={2} value={change} onChange={(e) => setChange(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          Save finding
        </button>
      </form>
      <OutcomeMessage outcome={outcome} />
    </Section>
  );
}
