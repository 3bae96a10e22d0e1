/**
 * One LA's scores: the capability profile (each CDDO dimension at one of five levels, with
 * the descriptors of every level) and, per indicator, the score and band with its explanation: the
 * data items, the answers given, the rule steps in words a researcher can quote.
 */
import { useEffect, useMemo, useState } from "react";
import { Link, useLocation, useParams } from "react-router-dom";
import { formatDateTime } from "./api.ts";
import { laTypeLabel } from "./labels.ts";
import { Loaded, Page, StatusTag, useApi } from "./page.tsx";
import {
  BAND_LABEL,
  BAND_ORDER,
  BandBadge,
  BandLegend,
  capabilityStatus,
  ofstedLabel,
  type BandId,
  type IndicatorExplanation,
  type LaScores,
} from "./scores-shared.tsx";
import { FilterSelect } from "./filter-select.tsx";

function IndicatorDetail({ ind }: { ind: IndicatorExplanation }) {
  return (
    <section id={`ind-${ind.indicatorId}`} className="indicator-explanation" aria-labelledby={`ind-${ind.indicatorId}-h`}>
      <h3 id={`ind-${ind.indicatorId}-h`} tabIndex={-1}>
        {ind.indicatorName}
      </h3>
      <p>
        <BandBadge band={ind.band} score={ind.score} /> {ind.summary}
      </p>
      {ind.steps.length > 0 ? (
        <>
          <h4>How the indicator was scored</h4>
          <ol className="steps">
            {ind.steps.map((s, n) => (
              <li key={n}>{s}</li>
            ))}
          </ol>
        </>
      ) : null}
      <table className="console-table">
        <caption>Data items {ind.indicatorName} needs, with the answers given</caption>
        <thead>
          <tr>
            <th scope="col">Data item</th>
            <th scope="col">Needed</th>
            <th scope="col" className="num">Item score</th>
            <th scope="col">Answers</th>
          </tr>
        </thead>
        <tbody>
          {ind.items.map((it) => (
            <tr key={it.itemId}>
              <th scope="row">
                {it.itemName}
                {ind.weakestItemIds.includes(it.itemId) ? <span className="hint"> (sets the score)</span> : null}
              </th>
              <td>{it.required ? "Required" : "Optional"}</td>
              <td className="num">{it.score ?? "Not enough information"}</td>
              <td>
                <ul className="steps">
                  {it.aspects.map((a) => (
                    <li key={a.aspect}>
                      {a.aspectLabel}: {a.valueLabel ?? (a.status === "not_answered" ? "not answered" : "no usable answer")}
                      {a.points !== null ? ` (${a.points} points)` : ""}
                    </li>
                  ))}
                </ul>
                {it.steps.length > 0 ? (
                  <details>
                    <summary>
                      Rule steps for {it.itemName}
                    </summary>
                    <ol className="steps">
                      {it.steps.map((s, n) => (
                        <li key={n}>{s}</li>
                      ))}
                    </ol>
                  </details>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function LaScoresPage() {
  const { laCode } = useParams();
  const location = useLocation();
  const scores = useApi<LaScores>(`/api/admin/scores/${laCode}`);
  const { data } = scores;
  const [band, setBand] = useState<"" | BandId>("");

  const shown = useMemo(() => (data ? data.indicators.filter((i) => !band || i.band === band) : []), [data, band]);

  // Arriving from a heat-map cell: bring that indicator's explanation into view and focus its heading.
  useEffect(() => {
    if (!data || !location.hash) return;
    const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!target) return;
    target.classList.add("is-target");
    target.scrollIntoView({ block: "start" });
    (target.querySelector("h3") as HTMLElement | null)?.focus({ preventScroll: true });
  }, [data, location.hash]);

  const title = data ? `${data.name} (${data.laCode}): feasibility and capability` : `LA ${laCode}: feasibility and capability`;
  const scale = data?.capabilityScale;
  return (
    <Page title={title}>
      <p>
        <Link to="/console/scores">Back to the heat map</Link> · <Link to={`/console/las/${laCode}`}>Fieldwork page for this LA</Link>
      </p>
      <Loaded state={scores} what="this LA's scores">
        {(data) => (
          <div className="la-scores">
            <dl className="summary-list">
              <div>
                <dt>Region</dt>
                <dd>{data.region}</dd>
              </div>
              <div>
                <dt>LA type</dt>
                <dd>{laTypeLabel(data.laType)}</dd>
              </div>
              <div>
                <dt>Ofsted judgement</dt>
                <dd>{ofstedLabel(data.ofsted)}</dd>
              </div>
              <div>
                <dt>Response</dt>
                <dd>
                  <StatusTag status={data.responseStatus} />
                  {data.isDemo ? " (demo data)" : ""}
                </dd>
              </div>
              <div>
                <dt>Capability band</dt>
                <dd>
                  {capabilityStatus(data)}
                </dd>
              </div>
              <div>
                <dt>Scored with</dt>
                <dd>
                  rules v{data.rulesVersion}, definition v{data.definitionVersion} (answered on v{data.answeredVersion}), {formatDateTime(data.computedAt)}
                </dd>
              </div>
            </dl>

            <section aria-labelledby="cap-h" className="console-section">
              <h2 id="cap-h">Capability profile</h2>
              <p>{data.capability.summary.text}</p>
              <table className="console-table">
                <caption>Level of each data-maturity dimension (CDDO themes), 1 lowest to 5 highest</caption>
                <thead>
                  <tr>
                    <th scope="col">Dimension</th>
                    <th scope="col">Level</th>
                    <th scope="col">What this level looks like</th>
                  </tr>
                </thead>
                <tbody>
                  {data.capability.dimensions.map((d) => (
                    <tr key={d.dimensionId}>
                      <th scope="row">
                        {d.name} <span className="hint">(CDDO: {d.cddoTheme})</span>
                      </th>
                      <td>{d.level === null ? d.levelName : `${d.level} of 5: ${d.levelName}`}</td>
                      <td>{d.descriptor}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {scale ? (
                <details>
                  <summary>All five levels for every dimension</summary>
                  <div className="table-scroll" role="region" aria-labelledby="scale-caption" tabIndex={0}>
                    <table className="console-table capability-scale">
                      <caption id="scale-caption">
                        Five levels per dimension; this LA&apos;s level is marked &quot;This LA&quot;
                      </caption>
                      <thead>
                        <tr>
                          <th scope="col">Dimension</th>
                          {scale.levels.map((l) => (
                            <th key={l.level} scope="col">
                              {l.level}. {l.name}
                            </th>
                          ))}
                        </tr>
                      </thead>
                      <tbody>
                        {scale.dimensions.map((dim) => {
                          const mine = data.capability.dimensions.find((d) => d.dimensionId === dim.id);
                          return (
                            <tr key={dim.id}>
                              <th scope="row">{dim.name}</th>
                              {scale.levels.map((l) => {
                                const here = mine?.level === l.level;
                                return (
                                  <td key={l.level} className={here ? "level-current" : undefined}>
                                    {here ? <span className="level-marker">This LA</span> : null}
                                    {dim.descriptors[String(l.level)] ?? l.descriptor}
                                  </td>
                                );
                              })}
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </div>
                </details>
              ) : null}
              <details>
                <summary>How each dimension was scored</summary>
                {data.capability.dimensions.map((d) => (
                  <div key={d.dimensionId}>
                    <h3>{d.name}</h3>
                    <ol className="steps">
                      {d.steps.map((s, n) => (
                        <li key={n}>{s}</li>
                      ))}
                    </ol>
                  </div>
                ))}
              </details>
            </section>

            <section aria-labelledby="ind-h" className="console-section">
              <h2 id="ind-h">Indicators</h2>
              <p>
                {BAND_ORDER.map((b) => `${data.bandCounts[b]} ${BAND_LABEL[b].toLowerCase()}`).join(", ")} (of {data.indicators.length}).
              </p>
              <BandLegend />
              <p className="print-only">
                This printed copy lists every indicator with its band and summary; how each indicator was scored is in the console at{" "}
                {`/console/scores/${data.laCode}`}.
              </p>
              <FilterSelect id="prof-band" label="Show indicators" className="field no-print" value={band} onChange={(v) => setBand(v as "" | BandId)} anyLabel="All bands"
                choices={BAND_ORDER.map((b) => ({ value: b, label: `${BAND_LABEL[b]} only` }))} />
              <table className="console-table">
                <caption>Indicators for {data.name}; select one to read how it was scored</caption>
                <thead>
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">Band</th>
                    <th scope="col">Summary</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((i) => (
                    <tr key={i.indicatorId}>
                      <th scope="row">
                        <a href={`#ind-${i.indicatorId}`}>{i.indicatorName}</a>
                      </th>
                      <td>
                        <BandBadge band={i.band} score={i.score} />
                      </td>
                      <td>{i.summary}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {/* left out of the printed copy: one LA's explanations run to dozens of pages */}
              <div className="no-print">
                <h2>Explanations</h2>
                {shown.map((i) => (
                  <IndicatorDetail key={i.indicatorId} ind={i} />
                ))}
              </div>
            </section>
          </div>
        )}
      </Loaded>
    </Page>
  );
}
