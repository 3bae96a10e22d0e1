import { useEffect, useRef, useState, type ReactNode } from "react";
import { useLocation, useNavigationType } from "react-router-dom";
import { api } from "./api.ts";

let focusRequested = false;
/** Ask the next page to take focus (after signing in, when the login form disappears). */
export function requestHeadingFocus(): void {
  focusRequested = true;
}

/**
 * A console page: sets the document title and, after an in-app navigation (or signing in), moves
 * focus to the page heading so screen-reader and keyboard users start at the new content. On a
 * fresh page load focus stays at the top, so the skip link comes first.
 */
export function Page({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  const h1 = useRef<HTMLHeadingElement>(null);
  const navigationType = useNavigationType();
  const { pathname } = useLocation();
  // the path focus was last moved for: a view kept in the query string (filters, sort) changes the
  // URL without being a new page, and must not pull focus away from the control being used
  const focusedFor = useRef<string | null>(null);
  useEffect(() => {
    document.title = `${title} – Researcher console – LA Data Capability Audit`;
  }, [title]);
  useEffect(() => {
    if (focusedFor.current === pathname && !focusRequested) return;
    focusedFor.current = pathname;
    if (navigationType !== "POP" || focusRequested) {
      focusRequested = false;
      h1.current?.focus();
    }
  }, [title, navigationType, pathname]);
  return (
    <main id="main" className="console-main" tabIndex={-1}>
      <div className="console-page-head">
        <h1 ref={h1} tabIndex={-1}>
          {title}
        </h1>
        {actions}
      </div>
      {children}
    </main>
  );
}

/** What `useApi` gives: the last data loaded (kept while a new fetch is on its way or has failed), the last fetch's error, and a way to fetch again. */
export interface ApiState<T> {
  data: T | null;
  error: string | null;
  reload: () => void;
}

/** Load JSON from the API; `reload()` fetches again. Pages show the result through `Loaded` (or `StaleAlert`). */
export function useApi<T>(path: string | null): ApiState<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setError(null);
    api<T>(path)
      .then((d) => live && setData(d))
      .catch((e: Error) => live && setError(e.message));
    return () => {
      live = false;
    };
  }, [path, n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

export function Loading({ error, what, reload }: { error: string | null; what: string; reload?: () => void }) {
  if (!error) return <p role="status">Loading {what}…</p>;
  if (!reload) return <p className="console-error" role="alert">Could not load {what}: {error}</p>;
  return (
    <div className="console-warning load-failed" role="alert">
      <p className="console-error">Could not load {what}: {error}</p>
      <button type="button" className="button-secondary" onClick={reload}>
        Try again
      </button>
    </div>
  );
}

/**
 * Said when data is on screen but fetching it again failed (a filter, a reload after a change, the
 * server down). The old data stays, and with it anything typed into forms beside it, as clearing it
 * would throw that away; but it must not pass for current. Nothing is shown otherwise.
 */
export function StaleAlert({ state, what }: { state: ApiState<unknown>; what: string }) {
  if (!state.data || !state.error) return null;
  return (
    <div className="console-warning load-failed" role="alert">
      <p className="console-error">
        Could not refresh {what}: {state.error.replace(/\.+$/, "")}. What you see may be out of date.
      </p>
      <button type="button" className="button-secondary" onClick={state.reload}>
        Try again
      </button>
    </div>
  );
}

/**
 * The usual way a page shows what `useApi` loads: "Loading…" (or why it could not load) until the
 * first data arrives, then `children(data)`, with the `StaleAlert` above it while a later fetch has
 * failed. The alert comes and goes before the content, so the content's own state (typed text,
 * open forms) is kept.
 */
export function Loaded<T>({ state, what, children }: { state: ApiState<T>; what: string; children: (data: T) => ReactNode }) {
  if (!state.data) return <Loading error={state.error} what={what} reload={state.reload} />;
  return (
    <>
      <StaleAlert state={state} what={what} />
      {children(state.data)}
    </>
  );
}

export function StatusTag({ status }: { status: string }) {
  const label = status === "not_started" ? "Not started" : status === "in_progress" ? "In progress" : status === "submitted" ? "Submitted" : status;
  return <span className={`status-tag status-${status}`}>{label}</span>;
}
