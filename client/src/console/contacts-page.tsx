import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api, ApiError } from "./api.ts";
import { checkText, describedBy, ErrorSummary, FieldError, problemFor, problemsOf, serverProblem, type FormProblem } from "./field-error.tsx";
import { laMatches } from "./la-search.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import type { ContactDto, ContactReplyDto, ContactsDto, CreateContactInput, ImportContactsDto, UpdateContactInput } from "../../../server/contracts/contacts.ts";

type Contact = ContactDto;
const VIEW = { laCode: "", q: "" } as const;
interface RowError {
  row: number;
  field: string | null;
  message: string;
}

function ImportForm({ onDone }: { onDone: () => void }) {
  const [csv, setCsv] = useState("");
  const [errors, setErrors] = useState<RowError[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (errors || message) resultRef.current?.focus();
  }, [errors, message]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setErrors(null);
    setMessage(null);
    if (!csv.trim()) {
      setErrors([{ row: 0, field: null, message: "Choose a CSV file or paste its contents first." }]);
      return;
    }
    try {
      const r = await api<ImportContactsDto>("/api/admin/contacts/import", { method: "POST", body: { csv } });
      setMessage(`Imported: ${r.inserted} new contact(s), ${r.updated} updated.`);
      setCsv("");
      onDone();
    } catch (err) {
      if (err instanceof ApiError && Array.isArray(err.body.errors)) setErrors(err.body.errors as RowError[]);
      else setErrors([{ row: 0, field: null, message: (err as Error).message }]);
    }
  }

  return (
    <section className="console-section" aria-labelledby="import-h">
      <h2 id="import-h">Import contacts from CSV</h2>
      <p className="hint" id="csv-hint">
        Columns: <code>la_code,name,email,role</code> (role may be empty). A contact already listed for the same LA and address is updated. If any
        row has a problem, nothing is imported and every problem is listed.
      </p>
      <div ref={resultRef} tabIndex={-1}>
        {message && <p className="console-ok" role="status">{message}</p>}
        {errors && (
          <div className="error-summary" role="alert">
            <h3>Nothing was imported: {errors.length} problem(s)</h3>
            <ul>
              {errors.map((e, i) => (
                <li key={i}>
                  {e.row > 0 && `Line ${e.row}${e.field ? `, ${e.field}` : ""}: `}
                  {e.message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor="csv-file">CSV file</label>
          <input
            id="csv-file"
            type="file"
            accept=".csv,text/csv"
            aria-describedby="csv-hint"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              if (f) setCsv(await f.text());
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="csv-text">Or paste CSV</label>
          <textarea id="csv-text" rows={5} value={csv} onChange={(e) => setCsv(e.target.value)} aria-describedby="csv-hint" />
        </div>
        <button type="submit">Import</button>
      </form>
    </section>
  );
}

const CONTACT_FIELDS = ["laCode", "name", "email", "role"] as const;

/** Every problem with the form at once (the server stops at its first), in the form's order. */
function checkContact(form: { laCode: string; name: string; email: string; role: string }, adding: boolean): FormProblem[] {
  return problemsOf(
    adding ? checkText("laCode", form.laCode, { label: "LA code", required: true, pattern: /^[0-9]{3}$/, patternWords: "3 digits, like 301" }) : null,
    checkText("name", form.name, { label: "Name", required: true, max: 200 }),
    checkText("email", form.email, { label: "E-mail address", required: true, max: 254, email: true }),
    checkText("role", form.role, { label: "Role", max: 200 }),
  );
}

function ContactForm({ contact, laCode, onDone, onCancel }: { contact?: Contact; laCode: string; onDone: () => void; onCancel?: () => void }) {
  const [form, setForm] = useState({ laCode: contact?.laCode ?? laCode, name: contact?.name ?? "", email: contact?.email ?? "", role: contact?.role ?? "", isActive: contact?.isActive ?? true });
  const [problems, setProblems] = useState<FormProblem[]>([]);
  // Adding leaves the form empty for the next contact, so it says who was added.
  const [added, setAdded] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  const prefix = contact ? `edit-${contact.id}` : "new";
  useEffect(() => {
    if (contact) first.current?.focus();
  }, [contact]);
  const ids: Record<string, string> = { laCode: `${prefix}-la`, name: `${prefix}-name`, email: `${prefix}-email`, role: `${prefix}-role` };

  async function submit(e: FormEvent) {
    e.preventDefault();
    setAdded(null);
    // Each submit starts from a clean slate, so a problem already put right never stays on screen.
    const found = checkContact(form, !contact);
    setProblems(found);
    if (found.length > 0) return;
    try {
      if (contact) {
        const change: UpdateContactInput = { name: form.name, email: form.email, role: form.role, isActive: form.isActive };
        await api<ContactReplyDto>(`/api/admin/contacts/${contact.id}`, { method: "PATCH", body: change });
      } else {
        const added: CreateContactInput = { laCode: form.laCode.trim(), name: form.name, email: form.email.trim(), role: form.role };
        await api<ContactReplyDto>("/api/admin/contacts", { method: "POST", body: added });
        setForm({ ...form, name: "", email: "", role: "" });
        setAdded(`${form.name} (${form.email}) is added as a contact for LA ${form.laCode}.`);
      }
      onDone();
    } catch (err) {
      setProblems([serverProblem(err, CONTACT_FIELDS)]);
    }
  }
  const fieldProps = (f: string) => {
    const message = problemFor(problems, f);
    return { id: ids[f], "aria-invalid": message ? true : undefined, "aria-describedby": describedBy(message && `${ids[f]}-error`) };
  };
  return (
    <form onSubmit={submit} noValidate className="inline-form" aria-label={contact ? `Edit contact ${contact.name}` : "Add a contact"}>
      <ErrorSummary problems={problems} idFor={(f) => ids[f]} />
      {added && (
        <p className="console-ok" role="status">
          {added}
        </p>
      )}
      {!contact && (
        <div className="field">
          <label htmlFor={ids.laCode}>LA code</label>
          <FieldError id={`${ids.laCode}-error`} message={problemFor(problems, "laCode")} />
          <input required inputMode="numeric" pattern="[0-9]{3}" size={5} value={form.laCode} onChange={(e) => setForm({ ...form, laCode: e.target.value })} {...fieldProps("laCode")} />
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.name}>Name</label>
        <FieldError id={`${ids.name}-error`} message={problemFor(problems, "name")} />
        <input required ref={first} value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} {...fieldProps("name")} />
      </div>
      <div className="field">
        <label htmlFor={ids.email}>E-mail address</label>
        <FieldError id={`${ids.email}-error`} message={problemFor(problems, "email")} />
        <input required type="email" autoComplete="off" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} {...fieldProps("email")} />
      </div>
      <div className="field">
        <label htmlFor={ids.role}>Role (optional)</label>
        <FieldError id={`${ids.role}-error`} message={problemFor(problems, "role")} />
        <input value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })} {...fieldProps("role")} />
      </div>
      {contact && (
        <div className="field checkbox">
          <input id={`${prefix}-active`} type="checkbox" checked={form.isActive} onChange={(e) => setForm({ ...form, isActive: e.target.checked })} />
          <label htmlFor={`${prefix}-active`}>Send e-mails to this contact</label>
        </div>
      )}
      <div className="button-row">
        <button type="submit">{contact ? "Save contact" : "Add contact"}</button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function ContactsPage() {
  const [view, setView] = useUrlState(VIEW);
  const laCode = /^\d{3}$/.test(view.laCode) ? view.laCode : "";
  const [query, setQuery] = useUrlText("q", view.q, useCallback((q: string) => setView({ q }), [setView]));
  const contacts = useApi<ContactsDto>(`/api/admin/contacts${laCode ? `?laCode=${laCode}` : ""}`);
  const { data, reload } = contacts;
  const shown = useMemo(() => {
    const q = view.q.trim();
    return (data?.contacts ?? []).filter((c) => !q || laMatches(q, [c.laName, c.laCode, c.name, c.email, c.role ?? ""]));
  }, [data, view.q]);
  const [editing, setEditing] = useState<string | null>(null);
  const [returnFocus, setReturnFocus] = useState<string | null>(null);
  const editButtons = useRef(new Map<string, HTMLButtonElement>());

  function closeEdit(id: string) {
    setEditing(null);
    setReturnFocus(id);
  }
  // after the edit form closes (and the list has reloaded), focus its row's Edit button again
  useEffect(() => {
    if (!returnFocus || editing) return;
    const b = editButtons.current.get(returnFocus);
    if (b && b.isConnected) {
      b.focus();
      setReturnFocus(null);
    }
  }, [returnFocus, editing, data]);

  return (
    <Page title="LA contacts">
      <ImportForm onDone={reload} />
      <section className="console-section" aria-labelledby="add-h">
        <h2 id="add-h">Add a contact</h2>
        <ContactForm laCode={laCode} onDone={reload} />
      </section>
      <section className="console-section" aria-labelledby="list-h">
        <h2 id="list-h">Contacts</h2>
        <form className="filters" role="search" aria-label="Filter contacts" onSubmit={(e) => e.preventDefault()}>
          <div className="field">
            <label htmlFor="contact-filter">Search by LA, name or e-mail</label>
            <input id="contact-filter" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
          </div>
        </form>
        {laCode && (
          <p>
            Showing one LA only. <Link to="/console/contacts">Show every LA</Link>
          </p>
        )}
        <Loaded state={contacts} what="contacts">
          {(data) =>
            data.contacts.length === 0 ? (
              <p>No contacts{laCode ? " for this LA" : ""} yet.</p>
            ) : shown.length === 0 ? (
              <p role="status">No contact matches “{view.q}”.</p>
            ) : (
              <div className="table-scroll" role="region" aria-label="Contacts table" tabIndex={0}>
                <table className="console-table">
                  <caption className="visually-hidden">LA contacts</caption>
                  <thead>
                    <tr><th scope="col">LA</th><th scope="col">Name</th><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">E-mails</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
                  </thead>
                  <tbody>
                    {shown.map((c) =>
                      editing === c.id ? (
                        <tr key={c.id}>
                          <td colSpan={6}>
                            <ContactForm contact={c} laCode={c.laCode} onDone={() => { reload(); closeEdit(c.id); }} onCancel={() => closeEdit(c.id)} />
                          </td>
                        </tr>
                      ) : (
                        <tr key={c.id}>
                          <td>{c.laName} ({c.laCode})</td>
                          <th scope="row">{c.name}</th>
                          <td>{c.email}</td>
                          <td>{c.role}</td>
                          <td>{c.isActive ? "Yes" : "No (inactive)"}</td>
                          <td>
                            <button type="button" className="button-secondary" ref={(el) => { if (el) editButtons.current.set(c.id, el); }} onClick={() => setEditing(c.id)}>
                              Edit<span className="visually-hidden"> {c.name}</span>
                            </button>
                          </td>
                        </tr>
                      ),
                    )}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </Page>
  );
}
