/** The runs made this session, newest last, each with a button to show it; and two of them side by side. */
import type { Dispatch, ReactNode } from "react";
import { objectiveText, parametersText, sentenceCase } from "./case-study-result.tsx";
import type { Run, RunsAction, RunsState } from "./case-study-runs-state.ts";

export function RunHistory({ state, dispatch }: { state: RunsState; dispatch: Dispatch<RunsAction> }) {
  const { runs, shown, compareA, compareB } = state;
  const runA = runs.find((r) => r.n === compareA) ?? null;
  const runB = runs.find((r) => r.n === compareB) ?? null;
  return (
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
              <td>{r.result.picks.map((p) => p.laName).join(", ")}</td>
              <td className="num">{objectiveText(r.result.objective)}</td>
              <td>
                <button type="button" className="button-secondary" onClick={() => dispatch({ type: "show", n: r.n })} aria-pressed={shown === r.n}>
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
            <RunSelect id="cs-compare-a" label="First run" runs={runs} value={compareA} onChange={(n) => dispatch({ type: "compare", side: "a", n })} />
            <RunSelect id="cs-compare-b" label="Second run" runs={runs} value={compareB} onChange={(n) => dispatch({ type: "compare", side: "b", n })} />
          </div>
          {runA && runB ? <Comparison a={runA} b={runB} /> : null}
        </>
      ) : null}
    </section>
  );
}

function RunSelect(props: { id: string; label: string; runs: Run[]; value: number | null; onChange: (n: number) => void }) {
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select id={props.id} value={props.value ?? ""} onChange={(e) => props.onChange(Number(e.target.value))}>
        {props.runs.map((r) => (
          <option key={r.n} value={r.n}>
            Run {r.n}
          </option>
        ))}
      </select>
    </div>
  );
}

function Comparison({ a, b }: { a: Run; b: Run }) {
  const inA = new Set(a.result.picks.map((p) => p.laCode));
  const inB = new Set(b.result.picks.map((p) => p.laCode));
  const col = (r: Run, other: Set<string>): ReactNode => (
    <div className="run-card" key={r.n}>
      <h3>Run {r.n}</h3>
      <p className="hint">{parametersText(r.result, { declined: r.request.declined, includeMaybe: r.request.includeMaybe })}</p>
      <p className="objective">Objective {objectiveText(r.result.objective)}</p>
      <ul>
        {r.result.picks.map((p) => (
          <li key={p.laCode}>
            {p.laName} ({p.laCode}){other.has(p.laCode) ? "" : " — only in this run"}
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
