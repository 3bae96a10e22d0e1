import { useRef, useState, type FormEvent } from "react";
import { api, formatDateTime, type Role } from "./api.ts";
import type { User } from "../../../server/contracts/accounts.ts";
import { useSession } from "./session.tsx";
import { Loaded, Page, useApi } from "./page.tsx";
import { checkText, describedBy, ErrorSummary, FieldError, problemFor, serverProblem, type FormProblem } from "./field-error.tsx";

/** The words for each role, in the add form and in every row's role selector alike (never the stored code). */
const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer (aggregates only)",
  researcher: "Researcher (responses, exports, fieldwork)",
  admin: "Admin (also users, links, reopening)",
};
const ROLE_NAMES: Record<Role, string> = { viewer: "viewer", researcher: "researcher", admin: "admin" };
const ROLES = Object.keys(ROLE_LABELS) as Role[];

export function UsersPage() {
  const { user: me } = useSession();
  const users = useApi<{ users: User[] }>("/api/admin/users");
  const { reload } = users;
  const [form, setForm] = useState<{ email: string; role: Role }>({ email: "", role: "researcher" });
  const [msg, setMsg] = useState<{ ok: boolean; text: string; password?: string } | null>(null);
  const msgRef = useRef<HTMLDivElement>(null);
  const [problems, setProblems] = useState<FormProblem[]>([]);

  function say(m: { ok: boolean; text: string; password?: string }) {
    setMsg(m);
    setTimeout(() => msgRef.current?.focus(), 0);
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    // checked here so an empty or mistyped address is said beside the box, not as the server's first complaint
    const problem = checkText("email", form.email, { label: "E-mail address", required: true, max: 254, email: true });
    setProblems(problem ? [problem] : []);
    if (problem) return;
    setMsg(null);
    try {
      const r = await api<{ user: User; generatedPassword?: string }>("/api/admin/users", { method: "POST", body: { ...form, email: form.email.trim() } });
      say({ ok: true, text: `Created ${ROLE_NAMES[r.user.role]} account ${r.user.email}. Give them this password through a safe channel; it is shown only once:`, password: r.generatedPassword });
      setForm({ email: "", role: "researcher" });
      reload();
    } catch (err) {
      setProblems([serverProblem(err, ["email", "role"])]);
    }
  }

  async function change(u: User, patch: Partial<Pick<User, "role" | "disabled">>) {
    try {
      await api(`/api/admin/users/${u.id}`, { method: "PATCH", body: patch });
      say({ ok: true, text: `Updated ${u.email}.` });
      reload();
    } catch (err) {
      say({ ok: false, text: (err as Error).message });
    }
  }

  return (
    <Page title="Console users">
      <div ref={msgRef} tabIndex={-1} role="status" aria-live="polite">
        {msg && (
          <div className={msg.ok ? "console-ok" : "console-error"}>
            <p>{msg.text}</p>
            {msg.password && <p><code className="secret">{msg.password}</code></p>}
          </div>
        )}
      </div>
      <section className="console-section" aria-labelledby="new-user-h">
        <h2 id="new-user-h">Add a user</h2>
        <form onSubmit={create} noValidate className="inline-form" aria-label="Add a user">
          <ErrorSummary problems={problems} idFor={(f) => (f === "email" ? "new-email" : f === "role" ? "new-role" : undefined)} outcome="No account was created." />
          <div className="field">
            <label htmlFor="new-email">E-mail address</label>
            <FieldError id="new-email-error" message={problemFor(problems, "email")} />
            <input
              id="new-email"
              type="email"
              required
              autoComplete="off"
              value={form.email}
              aria-invalid={problemFor(problems, "email") ? true : undefined}
              aria-describedby={describedBy(problemFor(problems, "email") && "new-email-error")}
              onChange={(e) => setForm({ ...form, email: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="new-role">Role</label>
            <select id="new-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as Role })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>{ROLE_LABELS[r]}</option>
              ))}
            </select>
          </div>
          <button type="submit">Add user</button>
        </form>
      </section>
      <section className="console-section" aria-labelledby="users-h">
        <h2 id="users-h">Users</h2>
        <Loaded state={users} what="users">
          {(data) => (
            <table className="console-table">
              <caption className="visually-hidden">Console users</caption>
              <thead>
                <tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Last sign-in</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
              </thead>
              <tbody>
                {data.users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">{u.email}</th>
                    <td>
                      <label className="visually-hidden" htmlFor={`role-${u.id}`}>Role of {u.email}</label>
                      <select id={`role-${u.id}`} value={u.role} disabled={u.id === me?.id} onChange={(e) => void change(u, { role: e.target.value as Role })}>
                        {ROLES.map((r) => (
                          <option key={r} value={r}>{ROLE_LABELS[r]}</option>
                        ))}
                      </select>
                    </td>
                    <td>{u.disabled ? "Disabled" : u.lockedUntil ? `Locked until ${formatDateTime(u.lockedUntil)}` : "Active"}</td>
                    <td>{formatDateTime(u.lastLoginAt)}</td>
                    <td>
                      {u.id !== me?.id && (
                        <button type="button" className="button-secondary" onClick={() => void change(u, { disabled: !u.disabled })}>
                          {u.disabled ? "Enable" : "Disable"}<span className="visually-hidden"> {u.email}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Loaded>
      </section>
    </Page>
  );
}
