import { useState, type FormEvent } from "react";
import { formatDateTime } from "./api.ts";
import { Loading, Page, useApi } from "./page.tsx";

interface Entry {
  id: string;
  at: string;
  actor: string;
  actorKind: string;
  actorLabel: string | null;
  action: string;
  laCode: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

export function AuditPage() {
  const [form, setForm] = useState({ laCode: "", action: "", since: "", until: "" });
  const [query, setQuery] = useState("");
  const { data, error } = useApi<{ entries: Entry[] }>(`/api/admin/audit${query}`);

  function qs(extra: Record<string, string> = {}): string {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries({ ...form, ...extra })) if (v) p.set(k, v);
    const s = p.toString();
    return s ? `?${s}` : "";
  }
  function apply(e: FormEvent) {
    e.preventDefault();
    setQuery(qs());
  }

  return (
    <Page title="Audit trail">
      <form className="filters" role="search" onSubmit={apply}>
        <div className="field">
          <label htmlFor="audit-la">LA code</label>
          <input id="audit-la" inputMode="numeric" size={5} value={form.laCode} onChange={(e) => setForm({ ...form, laCode: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-action">Action (for example auth.login_failed)</label>
          <input id="audit-action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-since">From</label>
          <input id="audit-since" type="date" value={form.since} onChange={(e) => setForm({ ...form, since: e.target.value })} />
        </div>
        <div className="field">
          <label htmlFor="audit-until">To</label>
          <input id="audit-until" type="date" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
        </div>
        <button type="submit" className="button-secondary">Filter</button>
      </form>
      <p>
        Download as CSV: <a href={`/api/admin/audit/export.csv${qs()}`}>without personal data</a> ·{" "}
        <a href={`/api/admin/audit/export.csv${qs({ includePersonal: "true" })}`}>with console users' e-mail addresses</a> (each download is recorded)
      </p>
      {!data ? (
        <Loading error={error} what="the audit trail" />
      ) : (
        <>
          <p className="hint" role="status">{data.entries.length} entries (oldest first, at most 1,000 shown; the CSV has all)</p>
          <div className="table-scroll" role="region" aria-label="Audit entries" tabIndex={0}>
            <table className="console-table">
              <caption className="visually-hidden">Audit entries</caption>
              <thead>
                <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Action</th><th scope="col">LA</th><th scope="col">Subject</th><th scope="col">Details</th></tr>
              </thead>
              <tbody>
                {data.entries.map((e) => (
                  <tr key={e.id}>
                    <td>{formatDateTime(e.at)}</td>
                    <td>{e.actorLabel ?? (e.actorKind === "user" ? e.actor.slice(0, 8) : e.actorKind)}</td>
                    <td><code>{e.action}</code></td>
                    <td>{e.laCode ?? ""}</td>
                    <td className="wrap">{e.subject ?? ""}</td>
                    <td className="wrap"><code>{Object.keys(e.details).length ? JSON.stringify(e.details) : ""}</code></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Page>
  );
}
