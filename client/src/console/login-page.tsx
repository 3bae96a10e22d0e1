import { useEffect, useRef, useState, type FormEvent } from "react";
import { useSession } from "./session.tsx";
import { ApiError } from "./api.ts";
import { requestHeadingFocus } from "./page.tsx";

export function LoginPage() {
  const { signIn } = useSession();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = "Sign in – Researcher console – LA Data Capability Audit";
  }, []);
  useEffect(() => {
    if (error) errorRef.current?.focus();
  }, [error]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError("Enter your e-mail address and password.");
      return;
    }
    setBusy(true);
    try {
      requestHeadingFocus();
      await signIn(email.trim(), password);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : "Could not sign in. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="console-main console-narrow">
      <h1>Sign in to the researcher console</h1>
      {error && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={errorRef}>
          <h2>There is a problem</h2>
          <p>{error}</p>
        </div>
      )}
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="login-email">E-mail address</label>
          <input id="login-email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="login-password">Password</label>
          <input id="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p className="hint">Accounts are created by an admin. After repeated failed attempts an account is locked for a few minutes.</p>
    </main>
  );
}
