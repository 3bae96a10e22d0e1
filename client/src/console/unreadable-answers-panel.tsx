/**
 * Shown on an LA's page only when its response holds saved answers that no longer fit its
 * questionnaire: the survey page leaves them out and submit is refused until they are answered
 * again or removed. Admins remove them here with a reason, which the LA's history keeps.
 */
import { useState, type FormEvent } from "react";
import { api, hasRole } from "./api.ts";
import { useApi } from "./page.tsx";
import { useSession } from "./session.tsx";

interface Unreadable {
  laCode: string;
  unreadable: { key: string; label: string; message: string }[];
}

export function UnreadableAnswersPanel({ laCode, onRepaired }: { laCode: string; onRepaired: () => void }) {
  const { user } = useSession();
  const { data, reload } = useApi<Unreadable>(`/api/admin/responses/${encodeURIComponent(laCode)}/unreadable`);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (done) {
    return (
      <p className="console-ok" role="status">
        {done}
      </p>
    );
  }
  if (!data || data.unreadable.length === 0) return null;

  async function repair(e: FormEvent) {
    e.preventDefault();
    if (!reason.trim()) {
      setError("Enter why the answers are removed");
      return;
    }
    setBusy(true);
    try {
      const out = await api<{ removed: unknown[] }>(`/api/admin/responses/${encodeURIComponent(laCode)}/repair`, {
        method: "POST",
        body: { reason: reason.trim() },
      });
      setDone(`Removed ${out.removed.length} unreadable answer${out.removed.length === 1 ? "" : "s"}. The history records it with your reason.`);
      reload();
      onRepaired();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="console-section warning-panel" aria-labelledby="unreadable-h" data-testid="unreadable-panel">
      <h2 id="unreadable-h">Saved answers that cannot be read</h2>
      <p>
        These answers no longer fit the questions. The survey page leaves them out and the LA cannot submit until they are answered
        again or removed.
      </p>
      <ul>
        {data.unreadable.map((u) => (
          <li key={u.key}>
            <strong>{u.label}</strong>: {u.message}
          </li>
        ))}
      </ul>
      {hasRole(user, "admin") && (
        <form onSubmit={repair} noValidate>
          {error && (
            <div className="error-summary" role="alert">
              <h3>There is a problem</h3>
              <p>
                <a href="#repair-reason">{error}</a>
              </p>
            </div>
          )}
          <div className="field">
            <label htmlFor="repair-reason">Why remove them (kept in the history)</label>
            <textarea id="repair-reason" rows={2} maxLength={1000} value={reason} onChange={(e) => setReason(e.target.value)} />
          </div>
          <button type="submit" disabled={busy}>
            Remove unreadable answers
          </button>
        </form>
      )}
    </section>
  );
}
