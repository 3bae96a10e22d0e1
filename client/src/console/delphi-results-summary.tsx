/** The study-level parts of the Delphi results: the stopping rule's recommendation and attrition by round and group. */
import type { ResultsDto, StudyDto } from "../../../server/contracts/delphi.ts";

const pct = (n: number | null) => (n === null ? "—" : `${n}%`);
const of = (a: number | null, b: number | null) => (a === null || b === null ? "—" : `${a} of ${b}`);

export function StoppingSummary({ results }: { results: ResultsDto }) {
  const s = results.stopping;
  return (
    <section aria-labelledby="stopping-heading">
      <h2 id="stopping-heading">Stopping rule</h2>
      <p className={s.close ? "console-ok" : undefined} id="stopping-recommendation">
        {s.sentence}
      </p>
      <p className="hint">
        {s.roundsHeld} of at most {s.maxRounds} rounds closed; in the last closed round {s.itemsStopped} {s.itemsStopped === 1 ? "item has" : "items have"} stopped and{" "}
        {s.itemsContinuing} {s.itemsContinuing === 1 ? "has" : "have"} not.
      </p>
    </section>
  );
}

export function AttritionTable({ results, study }: { results: ResultsDto; study: StudyDto }) {
  if (results.attrition.length === 0) return null;
  const label = new Map(study.settings.groups.map((g) => [g.key, g.label]));
  return (
    <section aria-labelledby="attrition-heading">
      <h2 id="attrition-heading">Response and attrition by round</h2>
      <div className="table-scroll" role="region" aria-label="Response and attrition table" tabIndex={0}>
        <table className="console-table">
          <caption>Attrition: of those who submitted the previous round, the share who did not submit this one</caption>
          <thead>
            <tr>
              <th scope="col">Round and group</th>
              <th scope="col" className="num">Submitted of invited</th>
              <th scope="col" className="num">Stayed from the previous round</th>
              <th scope="col" className="num">Attrition</th>
            </tr>
          </thead>
          <tbody>
            {results.attrition.flatMap((r) => [
              <tr key={r.round}>
                <th scope="row">Round {r.round}: everyone</th>
                <td className="num">{of(r.responded, r.invited)}</td>
                <td className="num">{of(r.retained, r.previousResponded)}</td>
                <td className="num">{pct(r.attritionPct)}</td>
              </tr>,
              ...r.byGroup.map((g) => (
                <tr key={`${r.round}-${g.group}`}>
                  <th scope="row">
                    Round {r.round}: {label.get(g.group) ?? g.group}
                  </th>
                  <td className="num">{of(g.responded, g.invited)}</td>
                  <td className="num">{of(g.retained, g.previousResponded)}</td>
                  <td className="num">{pct(g.attritionPct)}</td>
                </tr>
              )),
            ])}
          </tbody>
        </table>
      </div>
    </section>
  );
}
