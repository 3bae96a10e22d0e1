/** Admins reopen a submitted response, saying why; the reason is kept in the LA's history. */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { api } from "./api.ts";

export function LaReopenForm({ laCode, onReopened }: { laCode: string; onReopened: () => void }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const fieldRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (open) fieldRef.current?.focus();
  }, [open]);
  useEffect(() => {
    if (error) fieldRef.current?.focus();
  }, [error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (reason.trim().length === 0) {
      setError("Say why the response is reopened");
      return;
    }
    setBusy(true);
    try {
      await api(`/api/admin/responses/${encodeURIComponent(laCode)}/reopen`, { method: "POST", body: { reason: reason.trim() } });
      setOpen(false);
      setReason("");
      setError(null);
      onReopened();
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  if (!open) {
    return (
      <button type="button" className="button-secondary no-print" onClick={() => setOpen(true)}>
        Reopen the response
      </button>
    );
  }
  return (
    <form onSubmit={submit} noValidate className="console-warning no-print" aria-labelledby="reopen-h">
      <h2 id="reopen-h">Reopen the response</h2>
      <p>The LA can change its answers again and must submit again. Their answers are kept.</p>
      <div className="field">
        <label htmlFor="reopen-reason">Why is it reopened?</label>
        <p className="hint" id="reopen-reason-hint">Kept in the LA's history with your account.</p>
        {error && (
          <p className="field-error" id="reopen-reason-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <textarea
          id="reopen-reason"
          ref={fieldRef}
          rows={3}
          maxLength={1000}
          value={reason}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? "reopen-reason-hint reopen-reason-error" : "reopen-reason-hint"}
          onChange={(e) => setReason(e.target.value)}
        />
      </div>
      <div className="button-row">
        <button type="submit" disabled={busy}>Reopen</button>
        <button type="button" className="button-secondary" onClick={() => { setOpen(false); setError(null); }}>Cancel</button>
      </div>
    </form>
  );
}
