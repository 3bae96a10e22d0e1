/**
 * The audit trail (admin): newest first, who did what in words, the LA by name, details as short
 * phrases. Filters are kept in the address, so a filtered trail can be reloaded and shared.
 */
import { Fragment, useState, type FormEvent } from "react";
import type { AuditListDto } from "../../../server/contracts/audit.ts";
import { formatDateTime } from "./api.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlForm } from "./url-state.ts";
import { FilterSelect } from "./filter-select.tsx";
import { FieldError } from "./field-error.tsx";

const VIEW = { laCode: "", action: "", since: "", until: "" };

/**
 * One phrase of an entry's details. A fingerprint is shown shortened ("3f2a9c1b7d4e…"); the whole
 * one is its title, for comparing with a file's, and in the CSV.
 */
function DetailPhrase({ text, details }: { text: string; details: Record<string, unknown> }) {
  const short = /([0-9a-f]{12})…/.exec(text);
  const full = short && Object.values(details).find((v): v is string => typeof v === "string" && /^[0-9a-f]{64}$/.test(v) && v.startsWith(short[1]));
  if (!short || !full) return <>{text}</>;
  return (
    <>
      {text.slice(0, short.index)}
      <span title={full}>{short[0]}</span>
      {text.slice(short.index + short[0].length)}
    </>
  );
}

function qs(filters: Record<string, string>, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

export function AuditPage() {
  // the form follows the address when it changes from elsewhere (Back, a shared link), and keeps
  // what is typed into it while its own Filter press is being applied
  const { view, form, setForm, apply } = useUrlForm(VIEW);
  const trail = useApi<AuditListDto>(`/api/admin/audit${qs(view)}`);
  const { data } = trail;
  const [laCodeError, setLaCodeError] = useState<string | null>(null);
  const [dateError, setDateError] = useState<string | null>(null);

  function submit(e: FormEvent) {
    e.preventDefault();
    // the service takes 3-digit LA codes only: said here, beside the box, instead of a refused request
    if (form.laCode && !/^[0-9]{3}$/.test(form.laCode)) {
      setLaCodeError("Enter the LA's 3-digit code, for example 201, or leave the box empty for every LA");
      document.getElementById("audit-la")?.focus();
      return;
    }
    setLaCodeError(null);
    // ISO dates compare as text; the server would refuse this range too
    if (form.since && form.until && form.since > form.until) {
      setDateError("The ‘From’ date must be on or before the ‘To’ date");
      document.getElementById("audit-since")?.focus();
      return;
    }
    setDateError(null);
    apply();
  }

  return (
    <Page title="Audit trail">
      <form className="filters" role="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="audit-la">LA code</label>
          <FieldError id="audit-la-error" message={laCodeError ?? undefined} />
          <input
            id="audit-la"
            inputMode="numeric"
            size={5}
            value={form.laCode}
            aria-invalid={laCodeError ? true : undefined}
            aria-describedby={laCodeError ? "audit-la-error" : undefined}
            onChange={(e) => setForm({ ...form, laCode: e.target.value.trim() })}
          />
        </div>
        <FilterSelect
          id="audit-action"
          label="What happened"
          value={form.action}
          onChange={(v) => setForm({ ...form, action: v })}
          anyLabel="Anything"
          choices={(data?.actions ?? []).map((a) => ({ value: a.action, label: a.label }))}
        >
          {form.action && data && !data.actions.some((a) => a.action === form.action) && <option value={form.action}>{form.action}</option>}
        </FilterSelect>
        <div className="field">
          <label htmlFor="audit-since">From</label>
          <FieldError id="audit-since-error" message={dateError ?? undefined} />
          <input
            id="audit-since"
            type="date"
            value={form.since}
            aria-invalid={dateError ? true : undefined}
            aria-describedby={dateError ? "audit-since-error" : undefined}
            onChange={(e) => setForm({ ...form, since: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-until">To</label>
          <input id="audit-until" type="date" value={form.until} onChange={(e) => setForm({ ...form, until: e.target.value })} />
        </div>
        <button type="submit" className="button-secondary">Filter</button>
      </form>
      <p>
        Download as CSV: <a href={`/api/admin/audit/export.csv${qs(view)}`}>without personal data</a> ·{" "}
        <a href={`/api/admin/audit/export.csv${qs(view, { includePersonal: "true" })}`}>with console users' e-mail addresses</a> (each download is
        recorded; the CSV also holds every answer change, oldest first)
      </p>
      <Loaded state={trail} what="the audit trail">
        {(data) => (
          <>
            <p className="hint" role="status">
              {data.entries.length} {data.entries.length === 1 ? "entry" : "entries"}, newest first
              {data.entries.length >= data.limit ? ` (the latest ${data.limit.toLocaleString("en-GB")} shown; the CSV has all)` : ""}
            </p>
            <div className="table-scroll" role="region" aria-label="Audit entries" tabIndex={0}>
              <table className="console-table">
                <caption className="visually-hidden">Audit entries, newest first</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What happened</th>
                    <th scope="col">LA</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {data.entries.map((e) => (
                    <tr key={e.id}>
                      <td>{formatDateTime(e.at)}</td>
                      <td className="wrap">{e.who}</td>
                      <td className="wrap">
                        {e.what}
                        {e.about ? `: ${e.about}` : ""}
                      </td>
                      <td>{e.laName ?? ""}</td>
                      <td className="wrap">
                        {e.detailWords.map((w, i) => (
                          <Fragment key={i}>
                            {i > 0 && "; "}
                            <DetailPhrase text={w} details={e.details} />
                          </Fragment>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </Loaded>
    </Page>
  );
}
