/**
 * One LA's feedback report as a web page: the same figures and words as the PDF, in tables with
 * header cells (no chart is needed to read it). Used by the LA's own report page and the console
 * preview. Headings start at h2: the page around it owns the h1.
 */
import type { ReactNode } from "react";
import type { ComparisonDto, FeedbackReportDto } from "../../../server/contracts/reports.ts";
import "./report.css";

const GROUP_ORDER = ["england", "region", "la_type", "neighbours"] as const;

function comparisonColumns(report: FeedbackReportDto) {
  return GROUP_ORDER.map((id) => report.groups.find((g) => g.id === id)!).filter((g) => g.shown);
}

function Scroll({ label, children }: { label: string; children: ReactNode }) {
  // a wide table scrolls sideways on a phone; the region is focusable so keyboard users can scroll it
  return (
    <div className="report-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function ComparisonCell({ c }: { c: ComparisonDto | undefined }) {
  if (!c) return <td>—</td>;
  if (c.status === "distribution") {
    return (
      <td>
        <ul className="report-shares">
          {c.shares
            .filter((s) => s.percent > 0)
            .map((s) => (
              <li key={s.key}>
                <span className="report-share-bar" style={{ width: `${Math.max(2, s.percent)}%` }} aria-hidden="true" />
                {s.percent}% {s.label}
              </li>
            ))}
        </ul>
      </td>
    );
  }
  return <td className={c.status === "withheld" ? "report-withheld" : undefined}>{c.text}</td>;
}

export function ReportView({ report }: { report: FeedbackReportDto }) {
  const cols = comparisonColumns(report);
  const taken = new Date(report.snapshot.takenAt).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
  return (
    <div className="report">
      <p className="report-lead">
        {report.laName} ({report.region}, {report.laType}). Compared with the national snapshot of {taken}: {report.snapshot.submittedLas} LAs with submitted
        responses.
      </p>
      <p>{report.confidentiality}</p>

      <section aria-labelledby="report-summary">
        <h2 id="report-summary">Summary</h2>
        <p className="report-standing">{report.summary.standing}</p>
        <table className="report-table report-narrow">
          <caption>Indicators in each band</caption>
          <thead>
            <tr>
              <th scope="col">Band</th>
              <th scope="col" className="num">Indicators</th>
            </tr>
          </thead>
          <tbody>
            {report.summary.bandCounts.map((b) => (
              <tr key={b.band}>
                <th scope="row">{b.label}</th>
                <td className="num">{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="report-columns">
          <div>
            <h3>Strongest outcome areas for data</h3>
            <ul>
              {report.summary.strongestAreas.map((a) => (
                <li key={a.areaId}>
                  <strong>{a.name}</strong>: {a.text}
                </li>
              ))}
            </ul>
          </div>
          <div>
            <h3>Weakest outcome areas for data</h3>
            <ul>
              {report.summary.weakestAreas.map((a) => (
                <li key={a.areaId}>
                  <strong>{a.name}</strong>: {a.text}
                </li>
              ))}
            </ul>
          </div>
        </div>
        <h3>Changes that would help most</h3>
        {report.summary.keyChanges.length === 0 ? (
          <p>No single change would lift an indicator a band.</p>
        ) : (
          <ul>
            {report.summary.keyChanges.map((c) => (
              <li key={c.text}>
                {c.text} (helps lift {c.indicators} indicator{c.indicators === 1 ? "" : "s"}).
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="report-groups">
        <h2 id="report-groups">Comparison groups</h2>
        <Scroll label="Comparison groups">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Other LAs with results</th>
                <th scope="col">Shown</th>
              </tr>
            </thead>
            <tbody>
              {report.groups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.label}</th>
                  <td>
                    {g.submitted} of {g.lasInGroup}
                  </td>
                  <td>{g.shown ? "Yes" : g.withheldReason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      </section>

      <section aria-labelledby="report-capability">
        <h2 id="report-capability">Capability profile</h2>
        <Scroll label="Capability profile">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Theme</th>
                <th scope="col">Level</th>
                <th scope="col">What this level means</th>
                <th scope="col">Next level</th>
              </tr>
            </thead>
            <tbody>
              {report.capability.map((t) => (
                <tr key={t.dimensionId}>
                  <th scope="row">{t.name}</th>
                  <td>{t.level === null ? t.levelName : `Level ${t.level} (${t.levelName})`}</td>
                  <td>{t.descriptor}</td>
                  <td>{t.nextLevelName ? `${t.nextLevelName}: ${t.nextDescriptor}` : "Highest level"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        {cols.length > 0 && (
          <>
            <h3>Capability beside the comparison groups</h3>
            <Scroll label="Capability beside the comparison groups">
              <table className="report-table">
                <thead>
                  <tr>
                    <th scope="col">Theme</th>
                    {cols.map((c) => (
                      <th scope="col" key={c.id}>{c.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {report.capability.map((t) => (
                    <tr key={t.dimensionId}>
                      <th scope="row">{t.name}</th>
                      {cols.map((c) => (
                        <ComparisonCell key={c.id} c={t.comparisons.find((x) => x.groupId === c.id)} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </>
        )}
      </section>

      <section aria-labelledby="report-feasibility">
        <h2 id="report-feasibility">Feasibility by indicator</h2>
        {report.areas.map((area) => (
          <section key={area.areaId} aria-labelledby={`area-${area.areaId}`}>
            <h3 id={`area-${area.areaId}`}>{area.name}</h3>
            <p>
              {area.readyNow} of {area.indicatorCount} indicators Ready now{area.meanScore === null ? "" : `; average score ${area.meanScore} out of 100`}.
            </p>
            <Scroll label={`Indicators: ${area.name}`}>
              <table className="report-table">
                <thead>
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">{report.laName}</th>
                    {cols.map((c) => (
                      <th scope="col" key={c.id}>{c.label}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {area.indicators.map((i) => (
                    <tr key={i.indicatorId}>
                      <th scope="row">{i.name}</th>
                      <td>{i.score === null ? i.bandLabel : `${i.bandLabel} (${i.score})`}</td>
                      {cols.map((c) => (
                        <ComparisonCell key={c.id} c={i.comparisons.find((x) => x.groupId === c.id)} />
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </Scroll>
          </section>
        ))}
      </section>

      <section aria-labelledby="report-move-up">
        <h2 id="report-move-up">What would move it up</h2>
        {report.improvements.length === 0 ? (
          <p>Every indicator is Ready now, or no change to the data items would lift it.</p>
        ) : (
          <ul>
            {report.improvements.map((imp) => (
              <li key={imp.indicatorId}>{imp.text}</li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="report-context">
        <h2 id="report-context">Context</h2>
        <Scroll label="Context figures">
          <table className="report-table">
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col">{report.laName}</th>
                {report.context[0]?.groups.map((g) => (
                  <th scope="col" key={g.groupId}>{g.label}</th>
                ))}
                <th scope="col">Source</th>
              </tr>
            </thead>
            <tbody>
              {report.context.map((c) => (
                <tr key={c.key}>
                  <th scope="row">{c.label}</th>
                  <td className="num">{c.valueText}</td>
                  {c.groups.map((g) => (
                    <td className="num" key={g.groupId}>{g.valueText}</td>
                  ))}
                  <td>{c.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
        <p>
          Latest Ofsted judgement (overall effectiveness): {report.ofsted.judgement ?? "none published"}
          {report.ofsted.asAt ? `, as at ${report.ofsted.asAt}` : ""}.
        </p>
        <p>{report.completeness.text}</p>
      </section>

      <section aria-labelledby="report-method">
        <h2 id="report-method">Method notes</h2>
        <ul>
          {report.methodNotes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      </section>
    </div>
  );
}
