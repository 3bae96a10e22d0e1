import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { FunctionFactory, type Question } from "survey-core";
import { Survey } from "survey-react-ui";
// the fontless build: the standard one loads Open Sans from an outside host, which the CSP (rightly) blocks
import "survey-core/survey-core.fontless.css";
import { registerSurveyFunctions } from "../../../survey-definitions/functions.ts";
import { ApiError, respondentApi, type Conflict, type Contributor, type ResponseState } from "./api.ts";
import { Autosave, tabId, type SaveStatus } from "./autosave.ts";
import type { WelcomeDto } from "../../../server/contracts/respondent-welcome.ts";
import { applyToData, changeKeysFor, describeChange, splitKey } from "./survey-changes.ts";
import { ConflictDialog } from "./conflict-dialog.tsx";
import { arrivalNotice, changedByText, ColleagueNotice } from "./colleague-changes.tsx";
import { SectionAttribution, SectionPanel, sectionAuthors } from "./section-panel.tsx";
import { UnreadableNotice } from "./unreadable-notice.tsx";
import type { HandoffDto } from "../../../server/contracts/section-handoffs.ts";
import { ContributorForm, readContributor, saveContributor } from "./contributor-form.tsx";
import { useMyDetails } from "./use-my-details.ts";
import { Receipt } from "./receipt.tsx";
import { progressOf, type Progress, type SectionState } from "./progress.ts";
import { WelcomeScreen } from "./welcome-screen.tsx";
import { compileSubmitPlanOf, type SubmitPlan } from "../../../server/domain/responses/compiled-validation.ts";
import { CheckAnswers, groupsFromSections, type ProblemGroup } from "./check-answers.tsx";
import { SurveyHeader, applySurveyTheme, readTheme, rememberTheme, type ThemeId } from "./survey-header.tsx";
import { useSurveyEvents } from "./use-survey-events.ts";
import { keepDropdownsStillAfterDrawing, keepIconsStill, keepListItemsStill, keepQuestionNumbersStill, sectionsInSteps } from "./survey-speed.ts";
import { buildMatrixCellsQuickly } from "./matrix-cell-speed.ts";
import { buildSurveyModel } from "./build-survey-model.ts";
import { SectionFocus } from "./section-focus.ts";

registerSurveyFunctions(FunctionFactory);
keepIconsStill();
keepListItemsStill();
keepDropdownsStillAfterDrawing();
keepQuestionNumbersStill();
buildMatrixCellsQuickly();

// one formatter for the page: toLocaleString with options builds a new one on every render
const EDIT_TIME = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

interface Props {
  definition: Record<string, unknown>;
  initial: ResponseState;
  welcome: WelcomeDto;
  reload: () => Promise<void>;
}

type Stage = "welcome" | "questions" | "check";

/** "2 missing", "1 to fix", "2 missing, 1 to fix" */
function gapWords(gaps: { rule?: true }[]): string {
  const rules = gaps.filter((g) => g.rule).length;
  const missing = gaps.length - rules;
  return [missing > 0 ? `${missing} missing` : "", rules > 0 ? `${rules} to fix` : ""].filter(Boolean).join(", ");
}
const NO_PROGRESS: Progress = { sections: [], complete: 0, total: 0, gapCount: 0, ruleCount: 0, minutesLeft: 0 };

export function SurveyScreen({ definition, initial, welcome }: Props) {
  const la = initial.la;
  const [contributor, setContributor] = useState<Contributor | null>(() => readContributor());
  // a first visit in this browser starts on the page that explains the survey
  const [stage, setStage] = useState<Stage>(() => (readContributor() ? "questions" : "welcome"));
  const [editingDetails, setEditingDetails] = useState(false);
  const pageSeconds = useMemo(() => Object.fromEntries(welcome.sections.map((s) => [s.name, s.seconds])), [welcome]);
  const [signedOut, setSignedOut] = useState(false);
  const contributorRef = useRef(contributor);
  contributorRef.current = contributor;
  const [status, setStatus] = useState<SaveStatus>(() =>
    initial.lastSavedAt ? { kind: "saved", at: new Date(initial.lastSavedAt) } : { kind: "idle" },
  );
  const [themeId, setThemeId] = useState<ThemeId>(readTheme);
  const [conflicts, setConflicts] = useState<Conflict[] | null>(null);
  const [submitted, setSubmitted] = useState(initial.status === "submitted" ? initial : null);
  const [serverProblems, setServerProblems] = useState<ProblemGroup[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [colleagueNotice, setColleagueNotice] = useState("");
  const [handoffs, setHandoffs] = useState<HandoffDto[]>([]);
  const loadHandoffs = useCallback(() => {
    respondentApi.handoffs().then((r) => setHandoffs(r.handoffs), () => {}); // offline: shown again on the next visit
  }, []);
  const [submitting, setSubmitting] = useState(false);
  const [progress, setProgress] = useState<Progress>(NO_PROGRESS);
  const [checked, setChecked] = useState(false); // once the person asked to submit, every section shows its gaps
  const [lastEdits, setLastEdits] = useState(initial.lastEdits ?? {});
  const [pageName, setPageName] = useState<string | null>(null);
  const applyingRemote = useRef(false);
  const titles = useRef(new Map<string, string>());
  const checkedRef = useRef(false);
  checkedRef.current = checked;
  const shadow = useRef<Record<string, unknown>>({});

  // Pages other than the first may be loaded after it is drawn (build-survey-model.ts); once they
  // are, who answered each section is worked out again (edits of those pages had no question yet).
  const { survey, later } = useMemo(
    () => {
      const built = buildSurveyModel(definition, initial, la.code, () => setLastEdits((edits) => ({ ...edits })));
      applySurveyTheme(built.survey, themeId);
      // each section's own title, before the contents list adds "(complete)" or its gaps
      for (const p of built.survey.pages) titles.current.set(p.name, p.navigationTitle || p.title || p.name);
      shadow.current = structuredClone(built.survey.data);
      return built;
    },
    // the model is built once per definition; `initial` is only its starting data
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [definition],
  );
  // anything that needs the whole questionnaire loads the rest of it first (at once, if not yet)
  const loadAllPages = useCallback(() => later?.loadAll(), [later]);
  useEffect(() => {
    if (!later) return;
    // another page is about to be shown: its questions must be there before it is drawn
    survey.onCurrentPageChanging.add(loadAllPages);
    return () => survey.onCurrentPageChanging.remove(loadAllPages);
  }, [survey, later, loadAllPages]);

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
        onUpdates: (updates, by) => {
          applyRemote(updates);
          setLastEdits((prev) => ({ ...prev, ...by }));
          setColleagueNotice(arrivalNotice(survey, survey.currentPage?.name ?? null, Object.keys(updates), by));
        },
        onConflict: (c) => setConflicts(c), // our own changes: on pages that are loaded
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

  // Walking every section costs a few milliseconds: done once typing pauses, never per keystroke.
  const progressTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // the server's submit rules, read from this model once (not at load: the first progress needs it)
  const plan = useRef<SubmitPlan | null | undefined>(undefined);
  const computeProgress = useCallback((): Progress => {
    loadAllPages();
    if (plan.current === undefined) {
      const compiled = compileSubmitPlanOf(survey, definition);
      plan.current = "unsupported" in compiled ? null : compiled; // then only the server lists broken rules, at submit
    }
    const p = progressOf(survey, pageSeconds, welcome.estimate.roundToMinutes, plan.current);
    // the contents list names each section's gaps once it was visited (or after a submit attempt)
    for (const sec of p.sections) {
      const page = survey.getPageByName(sec.name);
      const title = titles.current.get(sec.name) ?? sec.title;
      const mark = sec.gaps.length > 0 && (sec.touched || checkedRef.current) ? ` (${gapWords(sec.gaps)})` : sec.complete ? " (complete)" : "";
      if (page && page.navigationTitle !== title + mark) page.navigationTitle = title + mark;
    }
    setProgress(p);
    setPageName(survey.currentPage?.name ?? null);
    return p;
  }, [survey, definition, pageSeconds, welcome, loadAllPages]);
  // on load, the pages not built with the first are loaded, then the sections walked one at a time
  // (survey-speed.ts); the walk that counts comes after, so answers given meanwhile are in it
  const firstProgress = useCallback(() => {
    setPageName(survey.currentPage?.name ?? null);
    if (!later) return sectionsInSteps(survey, computeProgress);
    let stopWalk = () => {};
    const stopLoading = later.inSteps(() => {
      stopWalk = sectionsInSteps(survey, computeProgress);
    });
    return () => {
      stopLoading();
      stopWalk();
    };
  }, [survey, later, computeProgress]);
  const updateProgress = useCallback(
    (now = false) => {
      clearTimeout(progressTimer.current);
      if (now) computeProgress();
      // while pages are still loading, the count that follows them will include this answer
      else if (!later || later.complete) progressTimer.current = setTimeout(computeProgress, 300);
    },
    [computeProgress, later],
  );

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

  const authors = useMemo(() => sectionAuthors(survey, lastEdits), [survey, lastEdits]);

  function applyRemote(changes: Record<string, unknown>): void {
    loadAllPages(); // colleagues' answers may be on any page
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
    loadHandoffs(); // a colleague may have taken a section without changing any answer yet
    if (!autosave.idle) return;
    loadAllPages(); // their answers may be on any page
    try {
      const fresh = await respondentApi.response();
      if (fresh.status === "submitted") return void refreshSubmitted();
      if (!autosave.idle || fresh.version <= autosave.baseVersion) return;
      const current = survey.data as Record<string, unknown>;
      const changes: Record<string, unknown> = {};
      for (const name of new Set([...Object.keys(current), ...Object.keys(fresh.data)])) {
        Object.assign(changes, changeKeysFor(survey, name, fresh.data[name], current[name]));
      }
      if (Object.keys(changes).length) {
        applyRemote(changes);
        setColleagueNotice(arrivalNotice(survey, survey.currentPage?.name ?? null, Object.keys(changes), fresh.lastEdits ?? {}));
      }
      autosave.rebase(fresh.version);
      setLastEdits(fresh.lastEdits ?? {});
    } catch {
      /* offline: the next save brings colleagues' answers */
    }
  }

  async function refreshSubmitted(): Promise<void> {
    autosave.stop();
    loadAllPages(); // the receipt lists every answer
    const fresh = await respondentApi.response();
    if (fresh.status === "submitted") {
      autosave.clear();
      survey.data = fresh.data;
      setSubmitted(fresh);
    }
  }

  // the theme the page was built with is on the model already; a new choice re-draws the survey
  const themeApplied = useRef(themeId);
  useEffect(() => {
    if (themeApplied.current !== themeId) applySurveyTheme(survey, themeId);
    themeApplied.current = themeId;
    rememberTheme(themeId);
  }, [survey, themeId]);

  useEffect(loadHandoffs, [loadHandoffs]);

  const { rememberMe, markNewPerson } = useMyDetails(setContributor);

  const sectionFocus = useMemo(() => new SectionFocus(survey), [survey]);
  useEffect(() => sectionFocus.attach(), [sectionFocus]);

  useSurveyEvents(survey, autosave, { applyingRemote, shadow, updateProgress, firstProgress, openCheck, refreshFromServer });

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
      setServerProblems(null);
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

  /** Open a section and put focus on a question (or matrix row or cell) once survey-react-ui has drawn it. */
  function goTo(pageName: string, q: Question | null, key?: string): void {
    setStage("questions");
    if (q) sectionFocus.question(q, key);
    else sectionFocus.heading();
    const page = survey.getPageByName(pageName);
    if (page) survey.currentPage = page;
  }

  function openCheck(): void {
    setChecked(true);
    checkedRef.current = true;
    setServerProblems(null);
    updateProgress(true);
    setStage("check");
  }

  function showServerErrors(errors: { question: string; page: string; message: string }[]): void {
    loadAllPages();
    const groups = new Map<string, ProblemGroup>();
    for (const e of errors) {
      const base = e.question.split(".")[0];
      const q: any = survey.getQuestionByValueName(base) ?? survey.getQuestionByName(base);
      const pageName = q?.page?.name ?? e.page;
      const g: ProblemGroup = groups.get(pageName) ?? { page: pageName, title: titles.current.get(pageName) ?? pageName, problems: [] };
      g.problems.push({ key: e.question, rule: true, label: `${describeChange(survey, e.question, null).label}: ${e.message}`, go: () => goTo(pageName, q ?? null, e.question) });
      groups.set(pageName, g);
    }
    setServerProblems([...groups.values()]);
    setStage("check");
  }

  async function resolveConflicts(choices: Record<string, "mine" | "theirs">): Promise<void> {
    try {
      const fresh = await respondentApi.response();
      if (fresh.status === "submitted") {
        setConflicts(null);
        await refreshSubmitted();
        return;
      }
      loadAllPages();
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

  if (submitted) return <Receipt la={la} response={submitted} survey={survey} notice={notice} contact={welcome.contact} />;

  // each way into the questions below is a person's move: focus starts at the section's heading
  const toQuestions = () => {
    sectionFocus.heading();
    setStage("questions");
  };

  // "Continue" for anyone in an LA that has begun (a colleague's first visit too), "Start now" only before any answer
  if (stage === "welcome") {
    const begun = Boolean(contributor) || Object.keys(initial.data).length > 0;
    return <WelcomeScreen welcome={welcome} returning={begun} onStart={toQuestions} />;
  }

  if (!contributor || editingDetails) {
    return (
      <main id="main" className="page respondent">
        <p className="la-name">{la.name}</p>
        <ContributorForm
          contributors={initial.contributors}
          editing={editingDetails}
          handoffs={handoffs}
          onCancel={editingDetails ? () => setEditingDetails(false) : undefined}
          onDone={(c, handoff) => {
            // what was changed so far is saved under the earlier details first
            void autosave.flush().finally(async () => {
              await rememberMe(c);
              saveContributor(c);
              setContributor(c);
              setEditingDetails(false);
              // a colleague who was handed a section takes it and goes straight there
              if (handoff) respondentApi.acceptHandoff(handoff.id, { name: c.name, role: c.role }).then(loadHandoffs, () => {});
              if (handoff) goTo(handoff.page, null);
              else sectionFocus.heading();
            });
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
    <main id="main" className="respondent respondent-survey" data-theme={themeId}>
      <SurveyHeader
        laName={la.name}
        contributor={contributor}
        status={status}
        progress={progress}
        themeId={themeId}
        onTheme={setThemeId}
        onNotMe={() =>
          void autosave.flush().finally(() => {
            // someone else: their own contributor, and an empty form rather than the last person's details
            markNewPerson();
            setContributor(null);
          })
        }
        onSignOut={() => void autosave.flush().finally(() => void respondentApi.signOut().finally(() => setSignedOut(true)))}
        onAbout={() => setStage("welcome")}
        onCheck={openCheck}
        onEditDetails={() => setEditingDetails(true)}
      />
      {lastOnPage && (
        <p className="last-edit" data-testid="last-edit">
          Last change on this page: {lastOnPage.name} ({lastOnPage.role}),{" "}
          {EDIT_TIME.format(new Date(lastOnPage.at))}
        </p>
      )}
      <ColleagueNotice message={colleagueNotice} onDismiss={() => setColleagueNotice("")} />
      <UnreadableNotice unreadable={initial.unreadable ?? []} />
      {notice && (
        <p className="notice" role="alert">
          {notice}
        </p>
      )}
      {submitting && <p role="status">Submitting…</p>}
      {stage === "questions" && pageName && (
        <SectionPanel
          page={pageName}
          title={titles.current.get(pageName) ?? pageName}
          authors={authors.get(pageName)}
          handoff={handoffs.find((h) => h.page === pageName)}
          me={contributor}
          onChanged={loadHandoffs}
        />
      )}
      {stage === "check" ? (
        <>
        <CheckAnswers
          groups={serverProblems ?? groupsFromSections(progress.sections, (sec: SectionState, i: number) => goTo(sec.name, sec.gaps[i].question, sec.gaps[i].key))}
          fromServer={serverProblems !== null}
          submitting={submitting}
          onSubmit={() => void submit()}
          onBack={toQuestions}
        />
        <SectionAttribution sections={progress.sections.map((x) => ({ name: x.name, title: titles.current.get(x.name) ?? x.title }))} authors={authors} handoffs={handoffs} />
        </>
      ) : (
        surveyElement
      )}
      {conflicts && (
        <ConflictDialog
          conflicts={conflicts.map((c) => ({
            ...c,
            label: describeChange(survey, c.question, c.yours).label,
            yoursText: describeChange(survey, c.question, c.yours).text,
            theirsText: describeChange(survey, c.question, c.theirs).text,
            byText: changedByText(c.by),
            byName: c.by?.name ?? null,
          }))}
          onResolve={(choices) => void resolveConflicts(choices)}
        />
      )}
    </main>
  );
}
