import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Link } from "react-router-dom";
import type { ReactNode } from "react";
import { Loaded, Page, useApi } from "./page.tsx";
import { useSession } from "./session.tsx";
import { hasRole } from "./api.ts";
import { laTypeLabel } from "./labels.ts";
import type { FieldworkSummaryDto } from "../../../server/contracts/fieldwork.ts";
import type { StudyContactReply } from "../../../server/contracts/study-contact.ts";
import { PlaceholderWarning } from "./study-contact-page.tsx";

type Summary = FieldworkSummaryDto;

// Colours with at least 3:1 contrast against white (WCAG 1.4.11); the tables carry the same figures.
const COLOURS = { not_started: "#505a5f", in_progress: "#1d70b8", submitted: "#00703c" };

function pct(n: number, d: number): string {
  return d === 0 ? "0%" : `${Math.round((n / d) * 100)}%`;
}

/** The LA list filtered to the LAs behind a figure (researchers; viewers see aggregates only). */
function lasHref(filter: { status?: string; region?: string; type?: string }): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(filter)) if (v) p.set(k, v);
  const q = p.toString();
  return `/console/las${q ? `?${q}` : ""}`;
}

function Figure({ to, linked, label, children }: { to: string; linked: boolean; label: string; children: ReactNode }) {
  return linked ? (
    <Link to={to} aria-label={label}>
      {children}
    </Link>
  ) : (
    <>{children}</>
  );
}

function GroupChart({ id, title, groups, linked }: { id: string; title: string; groups: Summary["byRegion"]; linked: boolean }) {
  const by = id === "region" ? "region" : "type";
  const name = (g: string) => (by === "type" ? laTypeLabel(g) : g);
  const data = groups.map((g) => ({ name: name(g.group), ...g.counts }));
  return (
    <section aria-labelledby={`${id}-h`} className="console-section">
      <h2 id={`${id}-h`}>{title}</h2>
      <div role="img" aria-label={`Bar chart: ${title.toLowerCase()}; the same figures are in the table below`} className="chart">
        <ResponsiveContainer width="100%" height={Math.max(220, groups.length * 34 + 60)}>
          <BarChart data={data} layout="vertical" margin={{ left: 24, right: 16 }} accessibilityLayer={false}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="name" width={190} />
            <Tooltip />
            <Legend itemSorter={null} />
            <Bar dataKey="submitted" name="Submitted" stackId="s" fill={COLOURS.submitted} isAnimationActive={false} />
            <Bar dataKey="in_progress" name="In progress" stackId="s" fill={COLOURS.in_progress} isAnimationActive={false} />
            <Bar dataKey="not_started" name="Not started" stackId="s" fill={COLOURS.not_started} isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="console-table">
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{id === "region" ? "Region" : "LA type"}</th>
            <th scope="col" className="num">Submitted</th>
            <th scope="col" className="num">In progress</th>
            <th scope="col" className="num">Not started</th>
            <th scope="col" className="num">LAs</th>
            <th scope="col" className="num">Response rate</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.group}>
              <th scope="row">{name(g.group)}</th>
              {(["submitted", "in_progress", "not_started"] as const).map((st) => (
                <td key={st} className="num">
                  <Figure to={lasHref({ [by]: g.group, status: st })} linked={linked} label={`${g.counts[st]} ${STATUS_WORDS[st]} in ${name(g.group)}: list them`}>
                    {g.counts[st]}
                  </Figure>
                </td>
              ))}
              <td className="num">
                <Figure to={lasHref({ [by]: g.group })} linked={linked} label={`${g.total} LAs in ${name(g.group)}: list them`}>
                  {g.total}
                </Figure>
              </td>
              <td className="num">{pct(g.counts.submitted, g.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const STATUS_WORDS = { submitted: "submitted", in_progress: "in progress", not_started: "not started" };

export function DashboardPage() {
  const summary = useApi<Summary>("/api/admin/fieldwork/summary");
  const { user } = useSession();
  const linked = hasRole(user, "researcher");
  const contact = useApi<StudyContactReply>(hasRole(user, "admin") ? "/api/admin/settings/study-contact" : null);
  return (
    <Page title="Fieldwork dashboard">
      {contact.data?.placeholder && <PlaceholderWarning withLink />}
      <Loaded state={summary} what="the fieldwork summary">
        {(data) => (
          <>
            <ul className="stat-cards" aria-label="Overall">
              <li className="stat-card">
                <Figure to={lasHref({ status: "submitted" })} linked={linked} label={`${data.totals.submitted} submitted: list them`}>
                  <span className="stat-number">{data.totals.submitted}</span>
                </Figure>{" "}
                submitted ({pct(data.totals.submitted, data.total)})
              </li>
              <li className="stat-card">
                <Figure to={lasHref({ status: "in_progress" })} linked={linked} label={`${data.totals.in_progress} in progress: list them`}>
                  <span className="stat-number">{data.totals.in_progress}</span>
                </Figure>{" "}
                in progress
              </li>
              <li className="stat-card">
                <Figure to={lasHref({ status: "not_started" })} linked={linked} label={`${data.totals.not_started} not started: list them`}>
                  <span className="stat-number">{data.totals.not_started}</span>
                </Figure>{" "}
                not started
              </li>
              <li className="stat-card">
                <Figure to={lasHref({})} linked={linked} label={`${data.total} local authorities: list them`}>
                  <span className="stat-number">{data.total}</span>
                </Figure>{" "}
                local authorities
              </li>
            </ul>
            <section aria-labelledby="overtime-h" className="console-section">
              <h2 id="overtime-h">Response over time</h2>
              {data.overTime.length === 0 ? (
                <p>No LA has started yet.</p>
              ) : (
                <>
                  <div role="img" aria-label="Line chart: LAs started and submitted by date; the same figures are in the table below" className="chart">
                    <ResponsiveContainer width="100%" height={260}>
                      <LineChart data={data.overTime} margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis dataKey="date" />
                        <YAxis allowDecimals={false} />
                        <Tooltip />
                        <Legend itemSorter={null} />
                        <Line type="stepAfter" dataKey="started" name="Started" stroke={COLOURS.in_progress} strokeWidth={2} dot={false} isAnimationActive={false} />
                        <Line type="stepAfter" dataKey="submitted" name="Submitted" stroke={COLOURS.submitted} strokeWidth={3} strokeDasharray="6 3" dot={false} isAnimationActive={false} />
                      </LineChart>
                    </ResponsiveContainer>
                  </div>
                  <details>
                    <summary>Show response over time as a table</summary>
                    <table className="console-table">
                      <caption className="visually-hidden">LAs started and submitted by the end of each day</caption>
                      <thead>
                        <tr>
                          <th scope="col">Date</th>
                          <th scope="col" className="num">Started</th>
                          <th scope="col" className="num">Submitted</th>
                          <th scope="col" className="num">Response rate</th>
                        </tr>
                      </thead>
                      <tbody>
                        {data.overTime.map((d) => (
                          <tr key={d.date}>
                            <th scope="row">{d.date}</th>
                            <td className="num">{d.started}</td>
                            <td className="num">{d.submitted}</td>
                            <td className="num">{d.submittedPct}%</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </details>
                </>
              )}
            </section>
            <GroupChart id="region" title="By region" groups={data.byRegion} linked={linked} />
            <GroupChart id="latype" title="By LA type" groups={data.byLaType} linked={linked} />
          </>
        )}
      </Loaded>
    </Page>
  );
}
