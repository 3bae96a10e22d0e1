import { Link, useParams } from "react-router-dom";
import type { FrameworkDto } from "../../../server/contracts/delphi.ts";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";

/** Importance (the panel's consensus or the meeting's decision) × feasibility (submitted LAs) → a recommendation per indicator. */
export function DelphiFrameworkPage() {
  const { id } = useParams();
  const framework = useApi<FrameworkDto>(`/api/admin/framework?delphi=${id}`);
  const { data } = framework;
  if (!data) return <Page title="Framework view"><Loading error={framework.error} what="the framework view" reload={framework.reload} /></Page>;
  const s = data.snapshot;
  return (
    <Page title="Framework view">
      <StaleAlert state={framework} what="the framework view" />
      <p>
        <Link to={`/console/delphi/${id}`}>Back to the study</Link>
      </p>
      <p>
        Feasibility from {s.submittedLas} submitted LAs (survey version {s.definitionVersion}, scoring rules version {s.scoringRulesVersion}). Consensus
        rule version {data.consensusRuleVersion}; recommendation rules version {data.rulesVersion}. &quot;Not enough information&quot; is shown apart
        and never counted as feasible.
      </p>
      <p>
        <a href={`/api/admin/framework.csv?delphi=${id}`} download>
          Download the framework view as CSV
        </a>
      </p>
      <h2>Recommendation rules (the first that matches applies)</h2>
      <ol>
        {data.rules.map((r) => (
          <li key={r.id}>
            <strong>{r.label}</strong>: {r.when}
          </li>
        ))}
      </ol>
      <h2>Indicators</h2>
      <div className="table-scroll" role="region" aria-label="Framework table" tabIndex={0}>
        <table className="console-table">
          <caption>Importance, feasibility and recommendation for each indicator</caption>
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              <th scope="col">Importance</th>
              <th scope="col" className="num">Ready now</th>
              <th scope="col" className="num">Feasible with development</th>
              <th scope="col" className="num">Not feasible now</th>
              <th scope="col" className="num">Not enough information</th>
              <th scope="col">Recommendation</th>
            </tr>
          </thead>
          <tbody>
            {data.indicators.map((i) => (
              <tr key={i.id}>
                <th scope="row" className="wrap">{i.name}</th>
                <td>
                  {i.importance.label}
                  {i.importance.round ? ` (round ${i.importance.round})` : ""}
                </td>
                {i.feasibility ? (
                  <>
                    <td className="num">{i.feasibility.pctReadyNow}%</td>
                    <td className="num">{i.feasibility.pctFeasibleWithDevelopment}%</td>
                    <td className="num">{i.feasibility.pctNotFeasibleNow}%</td>
                    <td className="num">{i.feasibility.pctNotEnoughInformation}%</td>
                  </>
                ) : (
                  <td colSpan={4}>Not assessed by the survey</td>
                )}
                <td className="wrap">
                  <strong>{i.recommendationLabel}</strong>
                  <br />
                  <span className="hint">{i.reason}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
