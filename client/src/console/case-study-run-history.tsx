/**
 * Every kept run (saved or not), newest first, each with a button to show it (its result, and its
 * settings loaded into the form); and two runs side by side.
 */
import type { ReactNode } from "react";
import { formatDateTime } from "./api.ts";
import { ATTRIBUTES, objectiveText, parametersText, sentenceCase } from "./case-study-result.tsx";
import type { Run, RunSummary } from "./case-study-runs-state.ts";
import type { StoredRequest } from "./case-study-run-form-state.ts";
import { describeSmallLaRule } from "../../../server/domain/case-studies/small-las.ts";
import { FilterSelect } from "./filter-select.tsx";

/** A kept run's settings in words, from its request. */
export function requestText(r: StoredRequest, laName: (code: string) => string): string {
  const names = (codes: string[] | undefined) => (codes ?? []).map((c) => laName(c)).join(", ");
  const changed = ATTRIBUTES.filter((a) => r.weights?.[a.key] !== undefined && r.weights[a.key] !== a.defaultWeight)
    .map((a) => `${a.label.toLowerCase()} ${r.weights![a.key]}`)
    .join(", ");
  return [
    `wave ${r.wave}`,
    `k = ${r.k}`,
    `seed ${r.seed ?? 1}`,
    changed ? `weights changed: ${changed}` : "default weights",
    r.constraints?.mustInclude?.length ? `must include ${names(r.constraints.mustInclude)}` : "",
    r.keep?.length ? `kept ${names(r.keep)}` : "",
    r.constraints?.mustExclude?.length ? `must exclude ${names(r.constraints.mustExclude)}` : "",
    r.declined?.length ? `declined ${names(r.declined)}` : "",
    r.constraints?.atMostOnePerRegion ? "at most one per region" : "",
    r.leaveOutDeclined === false ? "LAs that declined not left out" : "",
    describeSmallLaRule(r.smallLas).replace(/\.$/, ""),
  ]
    .filter(Boolean)
    .join("; ");
}

export function RunHistory(props: {
  runs: RunSummary[];
  shown: string;
  onShow: (id: string) => void;
  compare: [string | null, string | null];
  onCompare: (side: "a" | "b", id: string) => void;
  /** runs read in full, by id (for the comparison) */
  loaded: Record<string, Run>;
  laName: (code: string) => string;
}) {
  const { runs, shown } = props;
  const [a, b] = props.compare;
  const runA = a ? props.loaded[a] : undefined;
  const runB = b ? props.loaded[b] : undefined;
  return (
    <section aria-labelledby="cs-runs-h" className="console-section" id="cs-runs" tabIndex={-1}>
      <h2 id="cs-runs-h">Runs so far</h2>
      <p className="hint">Every run is kept, saved or not. Showing a run loads its settings into the form: running it again gives the same picks while the data stay the same.</p>
      <table className="console-table">
        <caption className="visually-hidden">Kept runs, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Run</th>
            <th scope="col">When and who</th>
            <th scope="col">Settings</th>
            <th scope="col">Picks</th>
            <th scope="col" className="num">Objective</th>
            <th scope="col">Show</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <th scope="row">
                Run {r.id}
                {r.savedSelectionId ? " (saved)" : ""}
              </th>
              <td>
                {formatDateTime(r.createdAt)}
                {r.createdByLabel ? `, ${r.createdByLabel}` : ""}
              </td>
              <td>
                {requestText(r.request, props.laName)}
                {r.note ? <span className="hint"> {r.note}</span> : null}
              </td>
              <td>{r.picks.map((p) => p.laName).join(", ")}</td>
              <td className="num">{objectiveText(r.objective)}</td>
              <td>
                <button type="button" className="button-secondary" onClick={() => props.onShow(r.id)} aria-pressed={shown === r.id}>
                  Show run {r.id}
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
            <RunSelect id="cs-compare-a" label="First run" runs={runs} value={a} onChange={(id) => props.onCompare("a", id)} />
            <RunSelect id="cs-compare-b" label="Second run" runs={runs} value={b} onChange={(id) => props.onCompare("b", id)} />
          </div>
          {runA && runB ? <Comparison a={runA} b={runB} laName={props.laName} /> : <p role="status">Loading the runs to compare…</p>}
        </>
      ) : null}
    </section>
  );
}

function RunSelect(props: { id: string; label: string; runs: RunSummary[]; value: string | null; onChange: (id: string) => void }) {
  const choices = props.runs.map((r) => ({ value: String(r.id), label: `Run ${r.id}` }));
  return <FilterSelect id={props.id} label={props.label} value={props.value ?? ""} onChange={props.onChange} choices={choices} />;
}

function Comparison({ a, b, laName }: { a: Run; b: Run; laName: (code: string) => string }) {
  const inA = new Set(a.result.picks.map((p) => p.laCode));
  const inB = new Set(b.result.picks.map((p) => p.laCode));
  const col = (r: Run, other: Set<string>): ReactNode => (
    <div className="run-card" key={r.id}>
      <h3>Run {r.id}</h3>
      <p className="hint">{parametersText(r.result, { declined: r.request.declined, includeMaybe: r.request.includeMaybe, laName })}</p>
      <p className="objective">Objective {objectiveText(r.result.objective)}</p>
      <ul>
        {r.result.picks.map((p) => (
          <li key={p.laCode}>
            {p.laName} ({p.laCode}){other.has(p.laCode) ? "" : " — only in this run"}
          </li>
        ))}
      </ul>
      <table className="console-table">
        <caption>Terms of run {r.id}</caption>
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
        {a.id === b.id
          ? "Choose two different runs."
          : `Run ${b.id}'s objective is ${Math.abs(diff).toFixed(3)} ${diff >= 0 ? "higher" : "lower"} than run ${a.id}'s; ${
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
