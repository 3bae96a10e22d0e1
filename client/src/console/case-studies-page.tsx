/**
 * Case-study selection for researchers: set weights and hard constraints (LAs chosen by name),
 * choose wave, k, seed, the small-LA rule and whether LAs that declined are left out; run; read the
 * picks with rationale, reserves, coverage and objective; every run is kept and listed, can be shown
 * again (its settings loaded into the form) and compared; save a run as the wave's selection; mark a
 * pick as declined and re-run keeping the others. The run shown and the two compared are in the
 * address, so a reload, Back or a copied link bring the same view back.
 *
 * The form's fields live in a reducer (case-study-run-form-state.ts); this page talks to the API and
 * moves focus.
 */
import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router-dom";
import { api, ApiError, formatDateTime } from "./api.ts";
import { Loaded, Page, StaleAlert, useApi, type ApiState } from "./page.tsx";
import { objectiveText } from "./case-study-result.tsx";
import { describeSmallLaRule } from "../../../server/domain/case-studies/small-las.ts";
import { CaseStudyNav } from "./case-study-nav.tsx";
import { ObjectiveText } from "./objective-text.tsx";
import { RunFormView } from "./case-study-run-form.tsx";
import { CurrentRun } from "./case-study-current-run.tsx";
import { RunHistory } from "./case-study-run-history.tsx";
import { useUrlState } from "./url-state.ts";
import {
  buildRequest,
  fieldOf,
  fullRequest,
  initialRunForm,
  inputIdFor,
  localErrors,
  requestBody,
  requestToForm,
  runFormReducer,
  type FieldErrors,
  type FieldKey,
  type RunRequest,
} from "./case-study-run-form-state.ts";
import { comparedRuns, runFromReply, runFromResponse, type Run, type RunResponse, type RunSummary } from "./case-study-runs-state.ts";
import type { DeclinesDto, KeptRunDto, SaveRunDto } from "../../../server/contracts/case-study-runs.ts";
import type { LaRegisterReply } from "../../../server/contracts/reference.ts";
import type { ObjectiveReply } from "../../../server/contracts/case-studies.ts";

const VIEW = { run: "", a: "", b: "" } as const;

export function CaseStudiesPage() {
  const register = useApi<LaRegisterReply>("/api/las");
  const objective = useApi<ObjectiveReply>("/api/admin/case-studies/objective");
  const history = useApi<{ runs: RunSummary[] }>("/api/admin/case-studies/runs?limit=100");
  const declines = useApi<DeclinesDto>("/api/admin/case-studies/declines");
  const [view, setView] = useUrlState(VIEW);
  const [form, dispatchForm] = useReducer(runFormReducer, undefined, initialRunForm);
  const [loaded, setLoaded] = useState<Record<string, Run>>({});
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  // the run whose settings the form holds: a run made from the form is not loaded back into it
  const formFrom = useRef<string | null>(null);
  // Focus moves once React has rendered what it moves to (a frame callback can run before the commit).
  const [focusRequest, setFocusRequest] = useState<{ to: "summary" | "result"; seq: number } | null>(null);
  const requestFocus = (to: "summary" | "result") => setFocusRequest((f) => ({ to, seq: (f?.seq ?? 0) + 1 }));

  const runs = useMemo(() => history.data?.runs ?? [], [history.data]);
  const [compareA, compareB] = comparedRuns(runs, view.a, view.b);
  const current = view.run ? (loaded[view.run] ?? null) : null;

  // read in full the runs the address names (shown, compared) that are not here yet
  useEffect(() => {
    const wanted = [view.run, compareA, compareB].filter((id): id is string => Boolean(id) && !loaded[id!]);
    let live = true;
    for (const id of new Set(wanted)) {
      api<KeptRunDto>(`/api/admin/case-studies/runs/${encodeURIComponent(id)}`)
        .then((r) => live && setLoaded((m) => ({ ...m, [id]: runFromReply(r.run) })))
        .catch((e: Error) => live && id === view.run && setLoadError(`Run ${id} could not be shown: ${e.message}`));
    }
    return () => {
      live = false;
    };
  }, [view.run, compareA, compareB, loaded]);

  // a run opened from the address or the list brings its settings into the form
  useEffect(() => {
    if (current && formFrom.current !== current.id) {
      formFrom.current = current.id;
      dispatchForm({ type: "load", form: requestToForm(current.request) });
    }
  }, [current]);

  useEffect(() => {
    if (!focusRequest) return;
    if (focusRequest.to === "summary") summaryRef.current?.focus();
    else if (resultRef.current) {
      resultRef.current.focus();
      resultRef.current.scrollIntoView({ block: "start" });
    }
  }, [focusRequest, current?.id]);

  const types = useMemo(() => [...new Set((register.data ?? []).map((l) => l.laType))].sort(), [register.data]);
  const laNames = useMemo(() => new Map((register.data ?? []).map((l) => [l.laCode, l.name])), [register.data]);
  const laName = (code: string) => laNames.get(code) ?? `LA ${code}`;

  async function post(r: RunRequest, note?: string): Promise<RunResponse | null> {
    setBusy(true);
    setErrors({});
    try {
      return await api<RunResponse>("/api/admin/case-studies", { method: "POST", body: requestBody(r, { note }) });
    } catch (err) {
      const e = err as ApiError;
      setErrors({ [fieldOf(e.body?.field)]: e.message });
      setAnnounce("");
      requestFocus("summary");
      return null;
    } finally {
      setBusy(false);
    }
  }

  function show(res: RunResponse, note: string | null, keepForm: boolean) {
    const run = runFromResponse(res, note, null);
    setLoaded((m) => ({ ...m, [run.id]: run }));
    if (keepForm) formFrom.current = run.id;
    setView({ run: run.id, a: "", b: "" });
    history.reload();
    setAnnounce(`Run ${run.id}: ${res.result.picks.length} LAs picked, objective ${objectiveText(res.result.objective)}.`);
    requestFocus("result");
  }

  async function onRun(ev: FormEvent) {
    ev.preventDefault();
    const r = buildRequest(form);
    const local = localErrors(r);
    if (Object.keys(local).length) {
      setErrors(local);
      requestFocus("summary");
      return;
    }
    const res = await post(r);
    if (res) show(res, null, true);
  }

  async function onSave(run: Run) {
    setBusy(true);
    try {
      const saved = await api<SaveRunDto>(`/api/admin/case-studies/runs/${run.id}/save`, { method: "POST" });
      setLoaded((m) => ({ ...m, [run.id]: { ...run, savedSelectionId: saved.savedSelectionId } }));
      history.reload();
      setAnnounce(`Run ${run.id} saved as the wave ${run.result.wave} selection.`);
    } catch (err) {
      setErrors({ declined: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function onDecline(run: Run, laCode: string, name: string) {
    const base = fullRequest(run.request);
    const r: RunRequest = {
      ...base,
      constraints: { ...base.constraints, mustInclude: base.constraints.mustInclude.filter((c) => c !== laCode) },
      declined: [...new Set([...base.declined, laCode])],
      keep: run.result.picks.map((p) => p.laCode).filter((c) => c !== laCode),
    };
    const note = `Re-run of run ${run.id} after ${name} (${laCode}) declined; the other picks kept.`;
    const res = await post(r, note);
    if (res) show(res, note, false);
  }

  const errorList = Object.entries(errors) as [FieldKey, string][];
  const recorded = declines.data?.declines ?? [];

  return (
    <Page title="Case-study selection">
      <CaseStudyNav />
      <p>
        Picks the set of k LAs that took part and agreed to case-study work with the most variation over region, LA type, Ofsted judgement and
        trajectory, capability, size and deprivation, under the hard constraints you set. The search is exact; the seed only breaks exact ties.
      </p>
      <p id="cs-rules-now">
        <strong>Set for the next run:</strong> {describeSmallLaRule(buildRequest(form).smallLas)}{" "}
        {form.leaveOutDeclined
          ? recorded.length
            ? `The ${recorded.length === 1 ? "LA" : `${recorded.length} LAs`} that declined a case study (below) ${recorded.length === 1 ? "is" : "are"} left out.`
            : "LAs that decline a case study are left out once their fieldwork page records it."
          : "LAs that declined a case study are not left out."}
      </p>
      {objective.data ? (
        <details>
          <summary>How the objective is calculated, in plain words</summary>
          <div className="objective-text">
            <ObjectiveText markdown={objective.data.text} />
          </div>
        </details>
      ) : null}
      <DeclinesSection state={declines} />
      <div ref={summaryRef} tabIndex={-1}>
        {errorList.length > 0 ? (
          <div className="error-summary" role="alert">
            <h2>There is a problem</h2>
            <ul>
              {errorList.map(([f, m]) => (
                <li key={f}>
                  <a href={`#${inputIdFor(f)}`}>{m}</a>
                </li>
              ))}
            </ul>
            <p>Nothing was saved.</p>
          </div>
        ) : null}
      </div>
      <RunFormView
        form={form}
        dispatch={dispatchForm}
        errors={errors}
        busy={busy}
        onSubmit={(ev) => void onRun(ev)}
        types={register.data ? types : undefined}
        typesError={register.error}
        las={register.data ?? undefined}
        declinedCount={recorded.length}
      />

      <p role="status" aria-live="polite" className="console-ok">
        {announce}
      </p>
      {loadError && view.run && !current ? (
        <p className="console-error" role="alert">
          {loadError}
        </p>
      ) : null}

      {current ? (
        <CurrentRun
          run={current}
          busy={busy}
          declineError={errors.declined}
          headingRef={resultRef}
          onSave={(run) => void onSave(run)}
          onDecline={(run, code, name) => void onDecline(run, code, name)}
        />
      ) : null}

      <StaleAlert state={history} what="the earlier runs" />
      {runs.length > 0 ? (
        <RunHistory
          runs={runs}
          shown={view.run}
          onShow={(id) => {
            setView({ run: id });
            requestFocus("result");
          }}
          compare={[compareA, compareB]}
          onCompare={(side, id) => setView(side === "a" ? { a: id } : { b: id })}
          loaded={loaded}
          laName={laName}
        />
      ) : null}
    </Page>
  );
}

/** LAs whose fieldwork record says they declined, with the reason and a link to the record. */
function DeclinesSection({ state }: { state: ApiState<DeclinesDto> }) {
  return (
    <section aria-labelledby="cs-declines-h" className="console-section">
      <h2 id="cs-declines-h">LAs that declined a case study</h2>
      <Loaded state={state} what="the declines">
        {({ declines }) =>
          declines.length === 0 ? (
            <p>None recorded. When an LA declines, record it with the reason on its fieldwork page; later runs then leave it out.</p>
          ) : (
            <table className="console-table cs-declines">
              <caption className="visually-hidden">LAs that declined, with the reason</caption>
              <thead>
                <tr>
                  <th scope="col">LA</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Recorded</th>
                </tr>
              </thead>
              <tbody>
                {declines.map((d) => (
                  <tr key={d.laCode}>
                    <th scope="row">
                      <Link to={`/console/case-studies/fieldwork/${d.laCode}`}>{d.laName}</Link>
                    </th>
                    <td>{d.reason ?? "No reason recorded"}</td>
                    <td>{formatDateTime(d.recordedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </section>
  );
}
