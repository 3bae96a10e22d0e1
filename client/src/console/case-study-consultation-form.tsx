import { useState, type FormEvent } from "react";
import type { CaseStudyDetailDto } from "../../../server/contracts/case-study-fieldwork.ts";
import { api, ApiError } from "./api.ts";

function OptionalSelect(props: { id: string; label: string; value: string; onChange: (v: string) => void; options: { id: string; name: string }[] }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        <option value="">None</option>
        {props.options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A consultation session with children, young people or families: when, how, which group, how many
 * took part, and the themes raised coded to an outcome area or indicator. Never who took part: the
 * server refuses text that looks like a name or contact detail and the message says why.
 */
export function ConsultationForm({ laCode, detail, onDone }: { laCode: string; detail: CaseStudyDetailDto; onDone: () => void }) {
  const [heldOn, setHeldOn] = useState("");
  const [format, setFormat] = useState("");
  const [group, setGroup] = useState("");
  const [participants, setParticipants] = useState("");
  const [theme, setTheme] = useState("");
  const [area, setArea] = useState("");
  const [indicator, setIndicator] = useState("");
  const [message, setMessage] = useState<{ ok?: string; error?: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    try {
      await api(`/api/admin/case-studies/fieldwork/${laCode}/consultations`, {
        method: "POST",
        body: {
          heldOn,
          format,
          group,
          participants: Number(participants),
          themes: [{ theme, outcomeArea: area || null, indicatorIds: indicator ? [indicator] : [] }],
        },
      });
      setMessage({ ok: "Consultation session recorded." });
      setTheme("");
      onDone();
    } catch (err) {
      setMessage({ error: err instanceof ApiError ? err.message : (err as Error).message });
    }
  }

  return (
    <section className="console-section" aria-labelledby="consult-h">
      <h2 id="consult-h">Consultation with children, young people and families</h2>
      <p className="hint">Record what was said, never who said it: names, e-mail addresses, phone numbers, postcodes and dates of birth are refused.</p>
      {detail.consultations.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Consultation sessions table" tabIndex={0}>
          <table className="console-table">
            <caption>Sessions recorded</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Group</th>
                <th scope="col">Format</th>
                <th scope="col">Participants</th>
                <th scope="col">Themes</th>
              </tr>
            </thead>
            <tbody>
              {detail.consultations.map((c) => (
                <tr key={c.id}>
                  <td>{c.heldOn}</td>
                  <td>{c.group}</td>
                  <td>{c.format}</td>
                  <td>{c.participants}</td>
                  <td>{c.themes.map((t) => t.theme).join("; ")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="cs-held-on">Date of the session</label>
          <input id="cs-held-on" type="date" required value={heldOn} onChange={(e) => setHeldOn(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cs-format">Format</label>
          <span className="hint" id="cs-format-hint">For example: focus group, one-to-one interviews, online survey</span>
          <input id="cs-format" aria-describedby="cs-format-hint" required value={format} onChange={(e) => setFormat(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cs-group">Group</label>
          <span className="hint" id="cs-group-hint">For example: care leavers, parents of children in need</span>
          <input id="cs-group" aria-describedby="cs-group-hint" required value={group} onChange={(e) => setGroup(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cs-participants">Number of participants</label>
          <input id="cs-participants" type="number" inputMode="numeric" min={0} required value={participants} onChange={(e) => setParticipants(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="cs-theme">Theme raised</label>
          <textarea id="cs-theme" rows={2} required value={theme} onChange={(e) => setTheme(e.target.value)} />
        </div>
        <OptionalSelect id="cs-theme-area" label="Outcome area (optional)" value={area} onChange={setArea} options={detail.outcomeAreas} />
        <OptionalSelect id="cs-theme-indicator" label="Indicator (optional)" value={indicator} onChange={setIndicator} options={detail.indicators} />
        <button type="submit">Record session</button>
      </form>
      {message?.ok && <p className="console-ok" role="status">{message.ok}</p>}
      {message?.error && <p className="console-error" role="alert">{message.error}</p>}
    </section>
  );
}
