import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CustomError, FunctionFactory, Model, type SurveyModel } from "survey-core";
import { Survey } from "survey-react-ui";
// the fontless build: the standard one loads Open Sans from an outside host, which the CSP (rightly) blocks
import "survey-core/survey-core.fontless.css";
import { ContrastDark, ContrastLight, DefaultDark, DefaultLight } from "survey-core/themes";
import { registerSurveyFunctions } from "../../../survey-definitions/functions.ts";
import { ApiError, respondentApi, type Conflict, type Contributor, type ResponseState } from "./api.ts";
import { Autosave, readPending, type SaveStatus } from "./autosave.ts";
import { applyToData, changeKeysFor, describeChange, splitKey } from "./survey-changes.ts";
import { ConflictDialog } from "./conflict-dialog.tsx";
import { ContributorForm, readContributor, saveContributor } from "./contributor-form.tsx";
import { Receipt } from "./receipt.tsx";
import { progressOf } from "./progress.ts";

registerSurveyFunctions(FunctionFactory);

const THEMES = {
  default: { label: "Standard", theme: DefaultLight },
  contrast: { label: "High contrast", theme: ContrastLight },
  "contrast-dark": { label: "High contrast, dark", theme: ContrastDark },
  dark: { label: "Dark", theme: DefaultDark },
} as const;
type ThemeId = keyof typeof THEMES;
const THEME_KEY = "lada:theme";
const SYSTEM_FONT = 'system-ui, -apple-system, "Segoe UI", Arial, sans-serif';

/** This tab's id, kept across reloads of the tab (sessionStorage), so a reload finds its own queue. */
function tabId(): string {
  let id = sessionStorage.getItem("lada:tab");
  if (!id) {
    id = Math.random().toString(36).slice(2, 10);
    sessionStorage.setItem("lada:tab", id);
  }
  return id;
}

function readTheme(): ThemeId {
  const t = localStorage.getItem(THEME_KEY);
  return t && t in THEMES ? (t as ThemeId) : "default";
}

function statusText(s: SaveStatus): string {
  switch (s.kind) {
    case "saving":
      return "Saving…";
    case "saved":
      return `Saved at ${s.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" })}`;
    case "offline":
      return "Offline — will retry";
    case "conflict":
      return "Not saved: a colleague changed the same answer";
    case "error":
      return `Not saved: ${s.message}`;
    default:
      return "Answers save automatically";
  }
}

interface Props {
  definition: Record<string, unknown>;
  initial: ResponseState;
  reload: () => Promise<void>;
}

export function SurveyScreen({ definition, initial }: Props) {
  const la = initial.la;
  const [contributor, setContributor] = useState<Contributor | null>(() => readContributor());
  const [signedOut, setSignedOut] = useState(false);
  const contributorRef = useRef(contributor);
  contributorRef.current = contributor;
  const [status, setStatus] = useState<SaveStatus>(() =>
    initial.lastSavedAt ? { kind: "saved", at: new Date(initial.lastSavedAt) } : { kind: "idle" },
  );
  const [themeId, setThemeId] = useState<ThemeId>(readTheme);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [submitted, setSubmitted] = useState(initial.status === "submitted" ? initial : null);
  const [submitErrors, setSubmitErrors] = useState<{ question: string; page: string; message: string }[]>([]);
  const [notice, setNotice] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [progress, setProgress] = useState({ answered: 0, total: 0, minutesLeft: 0 });
  const [lastEdits, setLastEdits] = useState(initial.lastEdits ?? {});
  const [pageName, setPageName] = useState<string | null>(null);
  const applyingRemote = useRef(false);
  const shadow = useRef<Record<string, unknown>>({});

  const survey: SurveyModel = useMemo(() => {
    const m = new Model(definition);
    m.checkErrorsMode = "onComplete"; // move freely over days; everything is checked at submit
    m.showCompletePage = false;
    m.textUpdateMode = "onTyping"; // typed text is queued (and kept in localStorage) before the field loses focus
    if (!m.showProgressBar) {
      m.showProgressBar = true;
      m.progressBarType = "pages";
    }
    const pending = readPending(localStorage, la.code);
    const data = pending ? applyToData(m, initial.data, pending.changes) : initial.data;
    m.data = data;
    const ui = pending?.uiState ?? initial.uiState;
    const byName = ui?.currentPageName ? m.visiblePages.find((p) => p.name === ui.currentPageName) : undefined;
    if (byName) m.currentPage = byName;
    else if (typeof ui?.currentPageNo === "number" && ui.currentPageNo < m.visiblePageCount) m.currentPageNo = ui.currentPageNo;
    shadow.current = structuredClone(m.data);
    return m;
    // the model is built once per definition; `initial` is only its starting data
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition]);

  const autosave = useMemo(
    () =>
      new Autosave({
        laCode: la.code,
        baseVersion: initial.version,
        api: respondentApi,
        storage: localStorage,
        tabId: tabId(),
        contributor: () => contributorRef.current,
        onStatus: setStatus,
        onUpdates: (updates) => applyRemote(updates),
        onConflict: (c) => setConflicts(c),
        onSubmitted: () => {
          setNotice("This response was submitted by a colleague, so it can no longer be changed.");
          void refreshSubmitted();
        },
        onUnauthorized: () => setNotice("Your link has expired or was replaced. Your unsaved answers are kept in this browser; ask the research team for a new link."),
        onSaved: (keys) => {
          const me = contributorRef.current;
          if (!me) return;
          const at = new Date().toISOString();
          setLastEdits((prev) => ({ ...prev, ...Object.fromEntries(keys.map((k) => [k, { name: me.name, role: me.role, at }])) }));
        },
        onRejected: (errors) => setNotice(`Some answers could not be saved: ${errors.map((e) => e.message).join("; ")}`),
      }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [la.code],
  );

  // The survey is rendered once per model: status and progress updates must not re-render (or reset) it.
  const surveyElement = useMemo(() => <Survey model={survey} />, [survey]);

  const updateProgress = useCallback(() => {
    setProgress(progressOf(survey));
    setPageName(survey.currentPage?.name ?? null);
  }, [survey]);

  // "Last change on this page": the newest edit among the fields on the current page.
  const lastOnPage = useMemo(() => {
    let best: { name: string; role: string; at: string } | null = null;
    for (const [key, edit] of Object.entries(lastEdits)) {
      const base = splitKey(survey, key).name.replace(/-Comment$/, "");
      const q: any = survey.getQuestionByValueName(base) ?? survey.getQuestionByName(base);
      if (!q || q.page?.name !== pageName) continue;
      if (!best || edit.at > best.at) best = edit;
    }
    return best;
  }, [lastEdits, pageName, survey]);

  function applyRemote(changes: Record<string, unknown>): void {
    const next = applyToData(survey, survey.data as Record<string, unknown>, changes);
    applyingRemote.current = true;
    try {
      const names = new Set(Object.keys(changes).map((k) => splitKey(survey, k).name));
      for (const name of names) {
        survey.setValue(name, next[name] ?? undefined);
        shadow.current[name] = structuredClone(next[name]);
      }
    } finally {
      applyingRemote.current = false;
    }
    updateProgress();
  }

  /** Back on the page: show what colleagues saved meanwhile (only when nothing of ours is unsaved). */
  async function refreshFromServer(): Promise<void> {
    if (!autosave.idle) return;
    try {
      const fresh = await respondentApi.response();
      if (fresh.status === "submitted") return void refreshSubmitted();
      if (!autosave.idle || fresh.version <= autosave.baseVersion) return;
      const current = survey.data as Record<string, unknown>;
      const changes: Record<string, unknown> = {};
      for (const name of new Set([...Object.keys(current), ...Object.keys(fresh.data)])) {
        Object.assign(changes, changeKeysFor(survey, name, fresh.data[name], current[name]));
      }
      if (Object.keys(changes).length) applyRemote(changes);
      autosave.rebase(fresh.version);
      setLastEdits(fresh.lastEdits ?? {});
    } catch {
      /* offline: the next save brings colleagues' answers */
    }
  }

  async function refreshSubmitted(): Promise<void> {
    autosave.stop();
    const fresh = await respondentApi.response();
    if (fresh.status === "submitted") {
      autosave.clear();
      survey.data = fresh.data;
      setSubmitted(fresh);
    }
  }

  useEffect(() => {
    const theme = THEMES[themeId].theme as { cssVariables?: Record<string, string> };
    // the themes name "Open Sans", which we do not load (CSP: fonts from this site only): use the system font
    survey.applyTheme({ ...theme, cssVariables: { ...theme.cssVariables, "--sjs2-typography-font-family-text": SYSTEM_FONT } });
    localStorage.setItem(THEME_KEY, themeId);
  }, [survey, themeId]);

  useEffect(() => {
    updateProgress();
    const onValue = (_: SurveyModel, o: { name: string; value: unknown }) => {
      if (applyingRemote.current) return;
      const changes = changeKeysFor(survey, o.name, o.value, shadow.current[o.name]);
      shadow.current[o.name] = structuredClone(o.value);
      if (Object.keys(changes).length > 0) autosave.change(changes);
      setSubmitErrors((errs) => (errs.length ? errs.filter((e) => e.question.split(".")[0] !== o.name) : errs));
      updateProgress();
    };
    const onPage = () => {
      autosave.setUiState({ currentPageNo: survey.currentPageNo, currentPageName: survey.currentPage?.name }, true);
      updateProgress();
    };
    const onCompleting = (_: SurveyModel, o: { allow: boolean }) => {
      o.allow = false;
      void submit();
    };
    survey.onValueChanged.add(onValue);
    survey.onCurrentPageChanged.add(onPage);
    survey.onCompleting.add(onCompleting);
    const onHide = () => autosave.flushOnLeave();
    const onVisibility = () => {
      if (document.visibilityState === "hidden") void autosave.flush();
      else void refreshFromServer();
    };
    const onFocus = () => void refreshFromServer();
    const onOnline = () => void autosave.flush(); // back online: send the queue now
    const onShow = (e: PageTransitionEvent) => {
      if (e.persisted) autosave.touch(); // back from the back/forward cache: our queue is ours again
    };
    // queues left by closed or crashed tabs of this LA are taken over and sent
    const adopt = setInterval(() => {
      if (autosave.adoptAbandoned()) void autosave.flush();
    }, 30_000);
    window.addEventListener("pageshow", onShow);
    window.addEventListener("focus", onFocus);
    window.addEventListener("online", onOnline);
    window.addEventListener("pagehide", onHide);
    document.addEventListener("visibilitychange", onVisibility);
    if (autosave.hasPending) void autosave.flush(); // re-send what an earlier visit left unsaved
    return () => {
      survey.onValueChanged.remove(onValue);
      survey.onCurrentPageChanged.remove(onPage);
      survey.onCompleting.remove(onCompleting);
      window.removeEventListener("pagehide", onHide);
      window.removeEventListener("focus", onFocus);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("pageshow", onShow);
      clearInterval(adopt);
      autosave.dispose();
      document.removeEventListener("visibilitychange", onVisibility);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [survey, autosave]);

  // Once the person has said who they are, send anything an earlier visit left unsaved.
  useEffect(() => {
    if (contributor && autosave.hasPending) void autosave.flush();
  }, [contributor, autosave]);

  const submittingRef = useRef(false);
  async function submit(): Promise<void> {
    const who = contributorRef.current;
    if (!who || submittingRef.current) return;
    submittingRef.current = true;
    setSubmitting(true);
    setNotice(null);
    try {
      await autosave.flush();
      if (autosave.hasPending) {
        setNotice("Your latest answers are not saved yet, so the survey cannot be submitted. Check your connection and try again when it says “Saved”.");
        return;
      }
      await respondentApi.submit(who);
      setSubmitErrors([]);
      await refreshSubmitted();
    } catch (err) {
      if (err instanceof ApiError && err.status === 422 && Array.isArray(err.body.errors)) {
        showServerErrors(err.body.errors as { question: string; page: string; message: string }[]);
      } else if (err instanceof ApiError && err.status === 409) {
        await refreshSubmitted();
      } else {
        setNotice(err instanceof ApiError ? err.message : "Could not reach the server; your answers are kept. Try again shortly.");
      }
    } finally {
      submittingRef.current = false;
      setSubmitting(false);
    }
  }

  function showServerErrors(errors: { question: string; page: string; message: string }[]): void {
    setSubmitErrors(errors);
    let first: any = null;
    for (const e of errors) {
      const q: any = survey.getQuestionByValueName(e.question.split(".")[0]) ?? survey.getQuestionByName(e.question.split(".")[0]);
      if (!q) continue;
      q.errors = [...(q.errors ?? []), new CustomError(e.message)];
      first ??= q;
    }
    if (first) {
      survey.currentPage = first.page;
      setTimeout(() => first.focus?.(true), 0);
    }
  }

  async function resolveConflicts(choices: Record<string, "mine" | "theirs">): Promise<void> {
    try {
      const fresh = await respondentApi.response();
      if (fresh.status === "submitted") {
        setConflicts(null);
        await refreshSubmitted();
        return;
      }
      const pending = autosave.pending;
      for (const [k, c] of Object.entries(choices)) if (c === "theirs") delete pending[k];
      const next = applyToData(survey, fresh.data, pending);
      applyingRemote.current = true;
      try {
        survey.data = next;
        shadow.current = structuredClone(survey.data);
      } finally {
        applyingRemote.current = false;
      }
      setConflicts(null);
      autosave.resolve(choices, fresh.version);
      updateProgress();
    } catch {
      setNotice("Could not reach the server to resolve the conflict; try again shortly.");
    }
  }

  if (submitted) return <Receipt la={la} response={submitted} survey={survey} notice={notice} />;

  if (!contributor) {
    return (
      <main id="main" className="page respondent">
        <p className="la-name">{la.name}</p>
        <ContributorForm
          contributors={initial.contributors}
          onDone={(c) => {
            saveContributor(c);
            setContributor(c);
          }}
        />
      </main>
    );
  }

  if (signedOut) {
    return (
      <main id="main" className="respondent">
        <h1>You have signed out on this device</h1>
        <p>Your answers are saved. To carry on, open the link from your invitation e-mail again.</p>
      </main>
    );
  }

  return (
    <main id="main" className="respondent respondent-survey">
      <header className="respondent-header">
        <div>
          <h1 className="la-name" data-testid="la-name">{la.name}</h1>
          <p className="contributor">
            Answering as {contributor.name} ({contributor.role}){" "}
            {/* what was changed so far is saved under the current name before someone else takes over */}
            <button type="button" className="link-button" onClick={() => void autosave.flush().finally(() => setContributor(null))}>
              Not you?
            </button>{" "}
            {/* ends this browser's session on the server, e.g. on a shared computer */}
            <button type="button" className="link-button" onClick={() => void autosave.flush().finally(() => void respondentApi.signOut().finally(() => setSignedOut(true)))}>
              Sign out on this device
            </button>
          </p>
        </div>
        <div className="respondent-tools">
          <p className={`save-status save-${status.kind}`} role="status" aria-live="polite" data-testid="save-status">
            {statusText(status)}
          </p>
          <p className="progress-text" data-testid="progress">
            {progress.answered} of {progress.total} answers · {progress.minutesLeft <= 1 ? "about a minute left" : `about ${progress.minutesLeft} minutes left`}
          </p>
          <p className="theme-choice">
            <label htmlFor="theme-choice">Display</label>{" "}
            <select id="theme-choice" value={themeId} onChange={(e) => setThemeId(e.target.value as ThemeId)}>
              {Object.entries(THEMES).map(([id, t]) => (
                <option key={id} value={id}>
                  {t.label}
                </option>
              ))}
            </select>
          </p>
        </div>
      </header>
      {lastOnPage && (
        <p className="last-edit" data-testid="last-edit">
          Last change on this page: {lastOnPage.name} ({lastOnPage.role}),{" "}
          {new Date(lastOnPage.at).toLocaleString("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })}
        </p>
      )}
      {(initial.unreadable?.length ?? 0) > 0 && (
        <div className="notice" data-testid="unreadable-answers">
          <p>
            Some saved answers could not be shown because they no longer fit the questions. Answer these again, or contact the
            research team:
          </p>
          <ul>
            {initial.unreadable!.map((u) => (
              <li key={u.key}>{u.label}</li>
            ))}
          </ul>
        </div>
      )}
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {submitErrors.length > 0 && (
        <div className="error-summary" role="alert" data-testid="submit-errors">
          <h2>There is a problem</h2>
          <ul>
            {submitErrors.map((e, i) => (
              <li key={i}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => {
                    const q: any = survey.getQuestionByValueName(e.question.split(".")[0]);
                    if (q) {
                      survey.currentPage = q.page;
                      setTimeout(() => q.focus?.(true), 0);
                    }
                  }}
                >
                  {describeChange(survey, e.question, null).label}: {e.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
      {submitting && <p role="status">Submitting…</p>}
      {surveyElement}
      {conflicts && (
        <ConflictDialog
          conflicts={conflicts.map((c) => ({
            ...c,
            label: describeChange(survey, c.question, c.yours).label,
            yoursText: describeChange(survey, c.question, c.yours).text,
            theirsText: describeChange(survey, c.question, c.theirs).text,
          }))}
          onResolve={(choices) => void resolveConflicts(choices)}
        />
      )}
    </main>
  );
}
