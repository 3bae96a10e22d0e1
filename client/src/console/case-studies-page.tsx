/**
 * Case-study selection for researchers: set weights and hard constraints, choose wave, k and seed,
 * run; read the picks with rationale, reserves, coverage and objective; compare two runs side by
 * side; save a run as the wave's selection; mark a pick as declined and re-run keeping the others.
 * API errors are shown next to the field they name (and listed in a summary at the top).
 *
 * The form's fields live in a reducer (case-study-run-form-state.ts), the session's runs in another
 * (case-study-runs-state.ts); this page talks to the API and moves focus.
 */
import { useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from "react";
import { api, ApiError } from "./api.ts";
import { Page, useApi } from "./page.tsx";
import { objectiveText } from "./case-study-result.tsx";
import { describeSmallLaRule } from "../../../server/domain/case-studies/small-las.ts";
import { CaseStudyNav } from "./case-study-nav.tsx";
import { ObjectiveText } from "./objective-text.tsx";
import { RunFormView } from "./case-study-run-form.tsx";
import { CurrentRun } from "./case-study-current-run.tsx";
import { RunHistory } from "./case-study-run-history.tsx";
import {
  buildRequest,
  fieldOf,
  initialRunForm,
  inputIdFor,
  localErrors,
  runFormReducer,
  type FieldErrors,
  type FieldKey,
  type RunRequest,
} from "./case-study-run-form-state.ts";
import type { LaRegisterReply } from "../../../server/contracts/reference.ts";
import type { ObjectiveReply } from "../../../server/contracts/case-studies.ts";
import { NO_RUNS, nextRunNumber, runsReducer, type Run, type RunResponse } from "./case-study-runs-state.ts";


export function CaseStudiesPage() {
  const register = useApi<LaRegisterReply>("/api/las");
  const objective = useApi<ObjectiveReply>("/api/admin/case-studies/objective");
  const [form, dispatchForm] = useReducer(runFormReducer, undefined, initialRunForm);
  const [runsState, dispatchRuns] = useReducer(runsReducer, NO_RUNS);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const [announce, setAnnounce] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  // Focus moves once React has rendered what it moves to (a frame callback can run before the commit).
  const [focusRequest, setFocusRequest] = useState<{ to: "summary" | "result"; seq: number } | null>(null);
  const requestFocus = (to: "summary" | "result") => setFocusRequest((f) => ({ to, seq: (f?.seq ?? 0) + 1 }));
  useEffect(() => {
    if (focusRequest) (focusRequest.to === "summary" ? summaryRef : resultRef).current?.focus();
  }, [focusRequest]);

  const types = useMemo(() => [...new Set((register.data ?? []).map((l) => l.laType))].sort(), [register.data]);
  const laName = useMemo(() => new Map((register.data ?? []).map((l) => [l.laCode, l.name])), [register.data]);
  const names = (codes: string[]) => codes.map((c) => `${laName.get(c) ?? "unknown code"} (${c})`).join(", ");

  async function post(r: RunRequest, save: boolean): Promise<RunResponse | null> {
    setBusy(true);
    setErrors({});
    try {
      const body = {
        wave: r.wave,
        k: r.k,
        ...(r.seed !== undefined ? { seed: r.seed } : {}),
        weights: r.weights,
        constraints: {
          mustInclude: r.constraints.mustInclude,
          mustExclude: r.constraints.mustExclude,
          atMostOnePerRegion: r.constraints.atMostOnePerRegion,
          ...(r.constraints.minPerType ? { minPerType: r.constraints.minPerType } : {}),
          ...(r.constraints.maxPerType ? { maxPerType: r.constraints.maxPerType } : {}),
        },
        declined: r.declined,
        keep: r.keep,
        includeMaybe: r.includeMaybe,
        smallLas: { handling: r.smallLas.handling, minChildren: Number.isFinite(r.smallLas.minChildren) ? r.smallLas.minChildren : 0 },
        save,
      };
      return await api<RunResponse>("/api/admin/case-studies", { method: "POST", body });
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

  function addRun(r: RunRequest, res: RunResponse, note?: string) {
    const n = nextRunNumber(runsState);
    dispatchRuns({ type: "added", run: { n, request: r, result: res.result, saved: res.saved, note } });
    setAnnounce(`Run ${n}: ${res.result.picks.length} LAs picked, objective ${objectiveText(res.result.objective)}.`);
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
    const res = await post(r, false);
    if (res) addRun(r, res);
  }

  async function onSave(run: Run) {
    const res = await post(run.request, true);
    if (!res) return;
    dispatchRuns({ type: "saved", n: run.n, response: res });
    setAnnounce(`Run ${run.n} saved as the wave ${run.request.wave} selection.`);
  }

  async function onDecline(run: Run, laCode: string, name: string) {
    const r: RunRequest = {
      ...run.request,
      constraints: { ...run.request.constraints, mustInclude: run.request.constraints.mustInclude.filter((c) => c !== laCode) },
      declined: [...new Set([...run.request.declined, laCode])],
      keep: run.result.picks.map((p) => p.laCode).filter((c) => c !== laCode),
    };
    const res = await post(r, false);
    if (res) addRun(r, res, `Re-run of run ${run.n} after ${name} (${laCode}) declined; the other picks kept.`);
  }

  const errorList = Object.entries(errors) as [FieldKey, string][];
  const current = runsState.runs.find((r) => r.n === runsState.shown) ?? null;

  return (
    <Page title="Case-study selection">
      <CaseStudyNav />
      <p>
        Picks the set of k LAs that took part and agreed to case-study work with the most variation over region, LA type, Ofsted judgement and
        trajectory, capability, size and deprivation, under the hard constraints you set. The search is exact; the seed only breaks exact ties.
      </p>
      <p id="cs-rules-now">
        <strong>This run:</strong> {describeSmallLaRule(buildRequest(form).smallLas)}
      </p>
      {objective.data ? (
        <details>
          <summary>How the objective is calculated, in plain words</summary>
          <div className="objective-text">
            <ObjectiveText markdown={objective.data.text} />
          </div>
        </details>
      ) : null}
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
        names={names}
      />

      <p role="status" aria-live="polite" className="console-ok">
        {announce}
      </p>

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

      {runsState.runs.length > 0 ? <RunHistory state={runsState} dispatch={dispatchRuns} /> : null}
    </Page>
  );
}
