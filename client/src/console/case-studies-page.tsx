/**
 * Case-study selection for researchers (issue 5): set weights and hard constraints, choose wave, k
 * and seed, run; read the picks with rationale, reserves, coverage and objective; compare two runs
 * side by side; save a run as the wave's selection; mark a pick as declined and re-run keeping the
 * others. API errors are shown next to the field they name (and listed in a summary at the top).
 */
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link } from "react-router-dom";
import { api, ApiError, formatDateTime } from "./api.ts";
import { Loading, Page, useApi } from "./page.tsx";
import { ATTRIBUTES, objectiveText, parametersText, PicksList, ResultDetails, sentenceCase, type SelectionResult } from "./case-study-result.tsx";

interface RegisterLa {
  la_code: string;
  name: string;
  region: string;
  la_type: string;
}

interface RunRequest {
  wave: 1 | 2;
  k: number;
  seed?: number;
  weights: Record<string, number>;
  constraints: {
    mustInclude: string[];
    mustExclude: string[];
    atMostOnePerRegion: boolean;
    minPerType?: Record<string, number>;
    maxPerType?: Record<string, number>;
  };
  declined: string[];
  keep: string[];
  includeMaybe: boolean;
}

interface RunResponse {
  result: SelectionResult;
  parameters: Record<string, unknown>;
  saved: { id: string; created_at: string } | null;
}

interface Run {
  n: number;
  request: RunRequest;
  result: SelectionResult;
  saved: { id: string; created_at: string } | null;
  note?: string;
}

/** Form fields an API error can name (the server's `field`, e.g. "k", "weights.region", "constraints.mustInclude.0"). */
type FieldKey = "wave" | "k" | "seed" | "mustInclude" | "mustExclude" | "atMostOnePerRegion" | "minPerType" | "maxPerType" | "declined" | "constraints" | `weights.${string}`;

const FIELD_INPUT: Record<string, string> = {
  wave: "cs-wave-1",
  k: "cs-k",
  seed: "cs-seed",
  mustInclude: "cs-include",
  mustExclude: "cs-exclude",
  atMostOnePerRegion: "cs-one-per-region",
  minPerType: "cs-type-limits",
  maxPerType: "cs-type-limits",
  declined: "cs-runs",
  constraints: "cs-constraints",
};

function fieldOf(apiField: unknown): FieldKey {
  const f = typeof apiField === "string" ? apiField.replace(/^body\.?/, "") : "";
  if (f.startsWith("weights.")) return f.split(".").slice(0, 2).join(".") as FieldKey;
  if (f === "weights") return "constraints";
  const c = f.replace(/^constraints\.?/, "").split(".")[0];
  if (f.startsWith("constraints")) {
    return (["mustInclude", "mustExclude", "atMostOnePerRegion", "minPerType", "maxPerType"].includes(c) ? c : "constraints") as FieldKey;
  }
  if (f === "keep" || f === "declined" || f === "declineSaved") return "declined";
  if (f === "wave" || f === "k" || f === "seed") return f;
  return "constraints";
}

function inputIdFor(field: FieldKey): string {
  return field.startsWith("weights.") ? `cs-w-${field.slice(8)}` : (FIELD_INPUT[field] ?? "cs-constraints");
}

function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p className="field-error" id={id}>
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const s = ids.filter(Boolean).join(" ");
  return s || undefined;
}

/** A text field of LA codes, naming the LAs it has understood in its hint. */
function LaCodesField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  error?: string;
  errorId: string;
  names: (codes: string[]) => string;
}) {
  const codes = parseCodes(props.value);
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="text"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={describedBy(`${props.id}-hint`, props.error && props.errorId)}
      />
      <span className="hint" id={`${props.id}-hint`}>
        Three-digit codes separated by commas or spaces
        {codes.length ? `: ${props.names(codes)}` : ""}
      </span>
      <FieldError id={props.errorId} message={props.error} />
    </div>
  );
}

export function CaseStudiesPage() {
  const register = useApi<RegisterLa[]>("/api/las");
  const objective = useApi<{ text: string }>("/api/admin/case-studies/objective");
  const [wave, setWave] = useState<1 | 2>(1);
  const [k, setK] = useState("4");
  const [seed, setSeed] = useState("");
  const [includeMaybe, setIncludeMaybe] = useState(false);
  const [weights, setWeights] = useState<Record<string, string>>(() => Object.fromEntries(ATTRIBUTES.map((a) => [a.key, String(a.defaultWeight)])));
  const [mustInclude, setMustInclude] = useState("");
  const [mustExclude, setMustExclude] = useState("");
  const [onePerRegion, setOnePerRegion] = useState(false);
  const [minPerType, setMinPerType] = useState<Record<string, string>>({});
  const [maxPerType, setMaxPerType] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [busy, setBusy] = useState(false);
  const [runs, setRuns] = useState<Run[]>([]);
  const [shown, setShown] = useState<number | null>(null);
  const [compareA, setCompareA] = useState<number | null>(null);
  const [compareB, setCompareB] = useState<number | null>(null);
  const [announce, setAnnounce] = useState("");
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);
  // Focus moves once React has rendered what it moves to (a frame callback can run before the commit).
  const [focusRequest, setFocusRequest] = useState<{ to: "summary" | "result"; seq: number } | null>(null);
  const requestFocus = (to: "summary" | "result") => setFocusRequest((f) => ({ to, seq: (f?.seq ?? 0) + 1 }));
  useEffect(() => {
    if (focusRequest) (focusRequest.to === "summary" ? summaryRef : resultRef).current?.focus();
  }, [focusRequest]);

  const types = useMemo(() => [...new Set((register.data ?? []).map((l) => l.la_type))].sort(), [register.data]);
  const laName = useMemo(() => new Map((register.data ?? []).map((l) => [l.la_code, l.name])), [register.data]);
  const names = (codes: string[]) => codes.map((c) => `${laName.get(c) ?? "unknown code"} (${c})`).join(", ");

  function buildRequest(): RunRequest {
    const num = (m: Record<string, string>) => {
      const out: Record<string, number> = {};
      for (const [t, v] of Object.entries(m)) if (v.trim() !== "") out[t] = Number(v);
      return Object.keys(out).length ? out : undefined;
    };
    return {
      wave,
      k: Number(k),
      seed: seed.trim() === "" ? undefined : Number(seed),
      weights: Object.fromEntries(Object.entries(weights).map(([a, v]) => [a, v.trim() === "" ? NaN : Number(v)])),
      constraints: {
        mustInclude: parseCodes(mustInclude),
        mustExclude: parseCodes(mustExclude),
        atMostOnePerRegion: onePerRegion,
        minPerType: num(minPerType),
        maxPerType: num(maxPerType),
      },
      declined: [],
      keep: [],
      includeMaybe,
    };
  }

  /** Client-side checks that name the field, before asking the server (which checks everything again). */
  function localErrors(r: RunRequest): Partial<Record<FieldKey, string>> {
    const e: Partial<Record<FieldKey, string>> = {};
    if (!Number.isInteger(r.k) || r.k < 1 || r.k > 6) e.k = "k must be a whole number from 1 to 6 (the exact search goes up to 6)";
    if (r.seed !== undefined && !Number.isInteger(r.seed)) e.seed = "Seed must be a whole number";
    for (const a of ATTRIBUTES) {
      const w = r.weights[a.key];
      if (!Number.isFinite(w) || w < 0 || w > 100) e[`weights.${a.key}`] = `Weight for ${a.label.toLowerCase()} must be a number from 0 to 100`;
    }
    const bad = [...r.constraints.mustInclude, ...r.constraints.mustExclude].filter((c) => !/^[0-9]{3}$/.test(c));
    if (bad.length) {
      const inInclude = r.constraints.mustInclude.some((c) => bad.includes(c));
      e[inInclude ? "mustInclude" : "mustExclude"] = `LA codes are three digits; not a code: ${bad.join(", ")}`;
    }
    for (const [field, m] of [["minPerType", r.constraints.minPerType], ["maxPerType", r.constraints.maxPerType]] as const) {
      for (const [t, n] of Object.entries(m ?? {})) {
        if (!Number.isInteger(n) || n < 0 || n > 6) e[field] = `${field === "minPerType" ? "Minimum" : "Maximum"} for ${t} must be a whole number from 0 to 6`;
      }
    }
    return e;
  }

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
        save,
      };
      return await api<RunResponse>("/api/admin/case-studies", { method: "POST", body });
    } catch (err) {
      const e = err as ApiError;
      const field = fieldOf(e.body?.field);
      const conflicts = Array.isArray(e.body?.conflicts) ? (e.body.conflicts as string[]) : [];
      setErrors({ [field]: conflicts.length > 1 ? `${e.message}` : e.message });
      setAnnounce("");
      requestFocus("summary");
      return null;
    } finally {
      setBusy(false);
    }
  }

  function addRun(r: RunRequest, res: RunResponse, note?: string) {
    const n = (runs.at(-1)?.n ?? 0) + 1;
    const run: Run = { n, request: r, result: res.result, saved: res.saved, note };
    setRuns((rs) => [...rs, run]);
    setShown(n);
    setCompareB(n);
    setCompareA(runs.at(-1)?.n ?? null);
    setAnnounce(`Run ${n}: ${res.result.picks.length} LAs picked, objective ${objectiveText(res.result.objective)}.`);
    requestFocus("result");
  }

  async function onRun(ev: FormEvent) {
    ev.preventDefault();
    const r = buildRequest();
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
    setRuns((rs) => rs.map((x) => (x.n === run.n ? { ...x, saved: res.saved, result: res.result } : x)));
    setAnnounce(`Run ${run.n} saved as the wave ${run.request.wave} selection.`);
  }

  async function onDecline(run: Run, laCode: string, name: string) {
    const r: RunRequest = {
      ...run.request,
      constraints: { ...run.request.constraints, mustInclude: run.request.constraints.mustInclude.filter((c) => c !== laCode) },
      declined: [...new Set([...run.request.declined, laCode])],
      keep: run.result.picks.map((p) => p.la_code).filter((c) => c !== laCode),
    };
    const res = await post(r, false);
    if (res) addRun(r, res, `Re-run of run ${run.n} after ${name} (${laCode}) declined; the other picks kept.`);
  }

  const errorList = Object.entries(errors) as [FieldKey, string][];
  const current = runs.find((r) => r.n === shown) ?? null;
  const runA = runs.find((r) => r.n === compareA) ?? null;
  const runB = runs.find((r) => r.n === compareB) ?? null;
  const err = (f: FieldKey) => errors[f];
  const errId = (f: FieldKey) => `${inputIdFor(f)}-error`;

  return (
    <Page title="Case-study selection">
      <CaseStudyNav />
      <p>
        Picks the set of k LAs that took part and agreed to case-study work with the most variation over region, LA type, Ofsted judgement and
        trajectory, capability, size and deprivation, under the hard constraints you set. The search is exact; the seed only breaks exact ties.
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
      <form onSubmit={onRun} noValidate aria-labelledby="cs-form-h">
        <h2 id="cs-form-h">Parameters</h2>
        <fieldset className="console-section">
          <legend>Wave</legend>
          <div className="field checkbox">
            <input type="radio" id="cs-wave-1" name="wave" checked={wave === 1} onChange={() => setWave(1)} aria-describedby={describedBy(err("wave") && errId("wave"))} />
            <label htmlFor="cs-wave-1">Wave 1: first case studies</label>
          </div>
          <div className="field checkbox">
            <input type="radio" id="cs-wave-2" name="wave" checked={wave === 2} onChange={() => setWave(2)} aria-describedby={describedBy(err("wave") && errId("wave"))} />
            <label htmlFor="cs-wave-2">Wave 2: a different set, excluding the saved wave-1 picks and spanning the capability range</label>
          </div>
          <FieldError id={errId("wave")} message={err("wave")} />
        </fieldset>
        <div className="inline-form">
          <div className="field">
            <label htmlFor="cs-k">Number of LAs (k)</label>
            <input
              id="cs-k"
              type="number"
              inputMode="numeric"
              min={1}
              max={6}
              value={k}
              onChange={(e) => setK(e.target.value)}
              aria-invalid={err("k") ? true : undefined}
              aria-describedby={describedBy("cs-k-hint", err("k") && errId("k"))}
            />
            <span className="hint" id="cs-k-hint">
              1 to 6; default 4
            </span>
            <FieldError id={errId("k")} message={err("k")} />
          </div>
          <div className="field">
            <label htmlFor="cs-seed">Seed (optional)</label>
            <input
              id="cs-seed"
              type="number"
              inputMode="numeric"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
              aria-invalid={err("seed") ? true : undefined}
              aria-describedby={describedBy("cs-seed-hint", err("seed") && errId("seed"))}
            />
            <span className="hint" id="cs-seed-hint">
              Breaks exact ties only; default 1
            </span>
            <FieldError id={errId("seed")} message={err("seed")} />
          </div>
          <div className="field checkbox">
            <input type="checkbox" id="cs-maybe" checked={includeMaybe} onChange={(e) => setIncludeMaybe(e.target.checked)} />
            <label htmlFor="cs-maybe">Count &quot;Possibly&quot; as agreeing to take part</label>
          </div>
        </div>

        <fieldset className="console-section">
          <legend>Weights (0 to 100; 0 ignores an attribute)</legend>
          <div className="weights-grid">
            {ATTRIBUTES.map((a) => {
              const f = `weights.${a.key}` as FieldKey;
              return (
                <div className="field" key={a.key}>
                  <label htmlFor={`cs-w-${a.key}`}>{a.label}</label>
                  <input
                    id={`cs-w-${a.key}`}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={100}
                    step="any"
                    value={weights[a.key]}
                    onChange={(e) => setWeights((w) => ({ ...w, [a.key]: e.target.value }))}
                    aria-invalid={err(f) ? true : undefined}
                    aria-describedby={describedBy(err(f) && errId(f))}
                  />
                  <FieldError id={errId(f)} message={err(f)} />
                </div>
              );
            })}
          </div>
          <button type="button" className="button-secondary" onClick={() => setWeights(Object.fromEntries(ATTRIBUTES.map((a) => [a.key, String(a.defaultWeight)])))}>
            Reset weights to the defaults
          </button>
        </fieldset>

        <fieldset className="console-section" id="cs-constraints" tabIndex={-1} aria-describedby={describedBy(err("constraints") && errId("constraints"))}>
          <legend>Hard constraints</legend>
          <FieldError id={errId("constraints")} message={err("constraints")} />
          <LaCodesField
            id="cs-include"
            label="Must include (LA codes)"
            value={mustInclude}
            onChange={setMustInclude}
            error={err("mustInclude")}
            errorId={errId("mustInclude")}
            names={names}
          />
          <LaCodesField
            id="cs-exclude"
            label="Must exclude (LA codes)"
            value={mustExclude}
            onChange={setMustExclude}
            error={err("mustExclude")}
            errorId={errId("mustExclude")}
            names={names}
          />
          <div className="field checkbox">
            <input
              type="checkbox"
              id="cs-one-per-region"
              checked={onePerRegion}
              onChange={(e) => setOnePerRegion(e.target.checked)}
              aria-describedby={describedBy(err("atMostOnePerRegion") && errId("atMostOnePerRegion"))}
            />
            <label htmlFor="cs-one-per-region">At most one LA per region</label>
          </div>
          <FieldError id={errId("atMostOnePerRegion")} message={err("atMostOnePerRegion")} />
          {!register.data ? (
            <Loading error={register.error} what="LA types" />
          ) : (
            <div id="cs-type-limits" tabIndex={-1}>
              <table className="console-table type-limits">
                <caption>Minimum and maximum picks per LA type (leave blank for no limit)</caption>
                <thead>
                  <tr>
                    <th scope="col">LA type</th>
                    <th scope="col">Minimum</th>
                    <th scope="col">Maximum</th>
                  </tr>
                </thead>
                <tbody>
                  {types.map((t) => (
                    <tr key={t}>
                      <th scope="row" id={`cs-type-${t.replace(/\W+/g, "-")}`}>
                        {t}
                      </th>
                      <td>
                        <input
                          type="number"
                          inputMode="numeric"
                          min={0}
                          max={6}
                          aria-label={`Minimum ${t}`}
                          value={minPerType[t] ?? ""}
                          onChange={(e) => setMinPerType((m) => ({ ...m, [t]: e.target.value }))}
                          aria-invalid={err("minPerType") ? true : undefined}
                          aria-describedby={describedBy(err("minPerType") && errId("minPerType"))}
                        />
                      </td>
                      <td>
                        <input
                          type="number"
                          inputMode="numeric"
                          min={0}
                          max={6}
                          aria-label={`Maximum ${t}`}
                          value={maxPerType[t] ?? ""}
                          onChange={(e) => setMaxPerType((m) => ({ ...m, [t]: e.target.value }))}
                          aria-invalid={err("maxPerType") ? true : undefined}
                          aria-describedby={describedBy(err("maxPerType") && errId("maxPerType"))}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <FieldError id={errId("minPerType")} message={err("minPerType") ?? err("maxPerType")} />
            </div>
          )}
        </fieldset>
        <div className="button-row">
          <button type="submit" disabled={busy}>
            {busy ? "Running…" : "Run selection"}
          </button>
        </div>
      </form>

      <p role="status" aria-live="polite" className="console-ok">
        {announce}
      </p>

      {current ? (
        <section aria-labelledby="cs-result-h" className="console-section">
          <h2 id="cs-result-h" ref={resultRef} tabIndex={-1}>
            Run {current.n}: wave {current.result.wave}, {current.result.picks.length} picks, objective {objectiveText(current.result.objective)}
          </h2>
          {current.note ? <p>{current.note}</p> : null}
          <p className="hint">{parametersText(current.result, { declined: current.request.declined, includeMaybe: current.request.includeMaybe })}</p>
          <p>
            <span className="objective">Objective value: {objectiveText(current.result.objective)}</span> (0 = no variation, 1 = the most possible)
          </p>
          <div className="button-row">
            {current.saved ? (
              <p className="console-ok">
                Saved as the wave {current.result.wave} selection on {formatDateTime(current.saved.created_at)}.{" "}
                <Link to="/console/case-studies/saved">See saved selections</Link>
              </p>
            ) : (
              <button type="button" onClick={() => void onSave(current)} disabled={busy}>
                Save run {current.n} as the wave {current.result.wave} selection
              </button>
            )}
          </div>
          <h3>Picks</h3>
          <FieldError id="cs-runs-error" message={err("declined")} />
          <PicksList
            result={current.result}
            action={(code, name) => (
              <button type="button" className="button-secondary" disabled={busy} onClick={() => void onDecline(current, code, name)}>
                {name} declined: re-run keeping the others
              </button>
            )}
          />
          <ResultDetails result={current.result} idPrefix={`run-${current.n}`} />
        </section>
      ) : null}

      {runs.length > 0 ? (
        <section aria-labelledby="cs-runs-h" className="console-section" id="cs-runs" tabIndex={-1}>
          <h2 id="cs-runs-h">Runs this session</h2>
          <table className="console-table">
            <caption className="visually-hidden">Runs made on this page, newest last</caption>
            <thead>
              <tr>
                <th scope="col">Run</th>
                <th scope="col">Parameters</th>
                <th scope="col">Picks</th>
                <th scope="col" className="num">Objective</th>
                <th scope="col">Show</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.n}>
                  <th scope="row">
                    Run {r.n}
                    {r.saved ? " (saved)" : ""}
                  </th>
                  <td>{parametersText(r.result, { declined: r.request.declined, includeMaybe: r.request.includeMaybe })}</td>
                  <td>{r.result.picks.map((p) => p.la_name).join(", ")}</td>
                  <td className="num">{objectiveText(r.result.objective)}</td>
                  <td>
                    <button type="button" className="button-secondary" onClick={() => setShown(r.n)} aria-pressed={shown === r.n}>
                      Show run {r.n}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {runs.length >= 2 ? (
            <>
              <h2 id="cs-compare-h">Compare two runs</h2>
              <div className="inline-form">
                <div className="field">
                  <label htmlFor="cs-compare-a">First run</label>
                  <select id="cs-compare-a" value={compareA ?? ""} onChange={(e) => setCompareA(Number(e.target.value))}>
                    {runs.map((r) => (
                      <option key={r.n} value={r.n}>
                        Run {r.n}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="cs-compare-b">Second run</label>
                  <select id="cs-compare-b" value={compareB ?? ""} onChange={(e) => setCompareB(Number(e.target.value))}>
                    {runs.map((r) => (
                      <option key={r.n} value={r.n}>
                        Run {r.n}
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              {runA && runB ? <Comparison a={runA} b={runB} /> : null}
            </>
          ) : null}
        </section>
      ) : null}
    </Page>
  );
}

function Comparison({ a, b }: { a: Run; b: Run }) {
  const inA = new Set(a.result.picks.map((p) => p.la_code));
  const inB = new Set(b.result.picks.map((p) => p.la_code));
  const col = (r: Run, other: Set<string>): ReactNode => (
    <div className="run-card" key={r.n}>
      <h3>Run {r.n}</h3>
      <p className="hint">{parametersText(r.result, { declined: r.request.declined, includeMaybe: r.request.includeMaybe })}</p>
      <p className="objective">Objective {objectiveText(r.result.objective)}</p>
      <ul>
        {r.result.picks.map((p) => (
          <li key={p.la_code}>
            {p.la_name} ({p.la_code}){other.has(p.la_code) ? "" : " — only in this run"}
          </li>
        ))}
      </ul>
      <table className="console-table">
        <caption>Terms of run {r.n}</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col" className="num">Score</th>
          </tr>
        </thead>
        <tbody>
          {r.result.terms.map((t) => (
            <tr key={t.attribute}>
              <th scope="row">{sentenceCase(t.label)}</th>
              <td className="num">{t.score.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  const diff = b.result.objective - a.result.objective;
  return (
    <>
      <p>
        {a.n === b.n
          ? "Choose two different runs."
          : `Run ${b.n}'s objective is ${Math.abs(diff).toFixed(3)} ${diff >= 0 ? "higher" : "lower"} than run ${a.n}'s; ${
              [...inA].filter((c) => inB.has(c)).length
            } of the picks are in both.`}
      </p>
      <div className="compare-grid">
        {col(a, inB)}
        {col(b, inA)}
      </div>
    </>
  );
}

/** OBJECTIVE.md (served by GET /api/admin/case-studies/objective) as paragraphs and lists; **bold** and *italic* kept. */
function inline(text: string): ReactNode[] {
  return text.split(/(\*\*[^*]+\*\*|\*[^*]+\*)/g).map((part, i) =>
    part.startsWith("**") ? <strong key={i}>{part.slice(2, -2)}</strong> : part.startsWith("*") && part.length > 2 ? <em key={i}>{part.slice(1, -1)}</em> : part,
  );
}

export function ObjectiveText({ markdown }: { markdown: string }) {
  const blocks = markdown.replace(/\r/g, "").split(/\n{2,}/).map((b) => b.trim()).filter(Boolean);
  return (
    <>
      {blocks.map((b, n) => {
        if (b.startsWith("#")) {
          const text = b.replace(/^#+\s*/, "");
          return b.startsWith("##") ? <h3 key={n}>{text}</h3> : <h2 key={n}>{text}</h2>;
        }
        if (/^[-*] /.test(b)) {
          const items = b.split(/\n(?=[-*] )/).map((it) => it.replace(/^[-*] /, "").replace(/\s*\n\s*/g, " "));
          return (
            <ul key={n}>
              {items.map((it, i) => (
                <li key={i}>{inline(it)}</li>
              ))}
            </ul>
          );
        }
        return <p key={n}>{inline(b.replace(/\s*\n\s*/g, " "))}</p>;
      })}
    </>
  );
}

export function CaseStudyNav() {
  return (
    <nav aria-label="Case studies">
      <ul className="button-row" style={{ listStyle: "none", padding: 0 }}>
        <li>
          <Link to="/console/case-studies">Run a selection</Link>
        </li>
        <li>
          <Link to="/console/case-studies/typology">Typology grid</Link>
        </li>
        <li>
          <Link to="/console/case-studies/saved">Saved selections</Link>
        </li>
        <li>
          <Link to="/console/case-studies/fieldwork">Fieldwork and findings</Link>
        </li>
        <li>
          <Link to="/console/case-studies/validation">Validation</Link>
        </li>
      </ul>
    </nav>
  );
}
