/**
 * Indicator ranking and distributions: per indicator, how many responding LAs are ready
 * now / feasible with development / not feasible now / lack information, the most common barrier;
 * one indicator by region and LA type; capability bands across LAs. Charts are recharts, each with a
 * table carrying the same figures.
 */
import { useMemo } from "react";
import { Link } from "react-router-dom";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { Loaded, Loading, Page, StaleAlert, useApi } from "./page.tsx";
import { useUrlState } from "./url-state.ts";
import { laTypeLabel } from "./labels.ts";
import { useSession } from "./session.tsx";
import { hasRole } from "./api.ts";
import {
  BAND_FILL,
  BAND_LABEL,
  BAND_ORDER,
  BandLegend,
  CAPABILITY_LABEL,
  sortArrow,
  type BandId,
  type IndicatorSummary,
  type Matrix,
  type SortDir,
  type Summary,
} from "./scores-shared.tsx";
import { FilterSelect } from "./filter-select.tsx";

const RESPONSE_CHOICES = [
  { value: "submitted", label: "Submitted" },
  { value: "started", label: "Started (in progress or submitted)" },
  { value: "all", label: "All" },
];

type SortKey = "name" | BandId | "barrier" | "median";

function short(name: string, n = 42): string {
  return name.length > n ? `${name.slice(0, n - 1)}…` : name;
}

function BandBars({ data, height, yWidth }: { data: Record<string, string | number>[]; height: number; yWidth: number }) {
  return (
    <ResponsiveContainer width="100%" height={height}>
      <BarChart data={data} layout="vertical" margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
        <CartesianGrid strokeDasharray="3 3" />
        {/* shares are rounded one by one, so a bar can sum to 100.2: the axis stays 0–100 */}
        <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} allowDataOverflow unit="%" />
        <YAxis type="category" dataKey="name" width={yWidth} tick={{ fontSize: 12 }} tickFormatter={(v: string) => short(v)} />
        <Tooltip />
        <Legend itemSorter={null} />
        {BAND_ORDER.map((b) => (
          <Bar key={b} dataKey={b} name={BAND_LABEL[b]} stackId="s" fill={BAND_FILL[b]} isAnimationActive={false} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}

function Breakdown({ summary, by }: { summary: IndicatorSummary; by: "region" | "laType" }) {
  const groups = by === "region" ? summary.byRegion.map((g) => ({ ...g, group: g.region })) : summary.byLaType.map((g) => ({ ...g, group: laTypeLabel(g.laType) }));
  const withheld = (by === "region" ? summary.withheldRegions : summary.withheldLaTypes) ?? [];
  const title = `${summary.indicatorName}: by ${by === "region" ? "region" : "LA type"}`;
  const id = `bd-${by}`;
  return (
    <section aria-labelledby={`${id}-h`} className="console-section">
      <h3 id={`${id}-h`}>By {by === "region" ? "region" : "LA type"}</h3>
      {groups.length === 0 ? (
        <p>No responding LA.</p>
      ) : (
        <>
          <div role="img" aria-label={`Stacked bar chart: ${title}, % of responding LAs in each band; the same figures are in the table below`} className="chart">
            <BandBars data={groups.map((g) => ({ name: g.group, ...g.percent }))} height={Math.max(200, groups.length * 34 + 70)} yWidth={200} />
          </div>
          <table className="console-table">
            <caption className="visually-hidden">{title}: LAs in each band (and %)</caption>
            <thead>
              <tr>
                <th scope="col">{by === "region" ? "Region" : "LA type"}</th>
                {BAND_ORDER.map((b) => (
                  <th key={b} scope="col" className="num">
                    {BAND_LABEL[b]}
                  </th>
                ))}
                <th scope="col" className="num">
                  Responding LAs
                </th>
              </tr>
            </thead>
            <tbody>
              {groups.map((g) => (
                <tr key={g.group}>
                  <th scope="row">
                    {g.group}
                    {g.small ? <span className="hint"> (fewer than 5 LAs)</span> : null}
                  </th>
                  {BAND_ORDER.map((b) => (
                    <td key={b} className="num">
                      {g.counts[b]} ({g.percent[b]}%)
                    </td>
                  ))}
                  <td className="num">{g.n}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {withheld.length > 0 && (
        <p className="hint">
          Not shown because fewer than 5 LAs in them have responded: {withheld.join(", ")}.
        </p>
      )}
    </section>
  );
}

/** The view kept in the address: responses counted, outcome area, sort, and the indicator broken down. */
const VIEW = { status: "submitted", area: "", sort: "ready_now", dir: "descending", indicator: "" };

export function IndicatorsPage() {
  const [view, setView] = useUrlState(VIEW);
  const { status, area, indicator: chosen } = view;
  const sortKeys: readonly string[] = ["name", "barrier", "median", ...BAND_ORDER];
  const sort = { key: (sortKeys.includes(view.sort) ? view.sort : "ready_now") as SortKey, dir: (view.dir === "ascending" ? "ascending" : "descending") as SortDir };
  const summary = useApi<Summary>(`/api/admin/indicators/summary?status=${status}`);
  const { data } = summary;
  // per-LA scores are for researchers (viewers see aggregates only): the capability chart needs them
  const researcher = hasRole(useSession().user, "researcher");
  const matrix = useApi<Matrix>(researcher ? `/api/admin/scores?status=${status}` : null);

  const areaName = useMemo(() => new Map((data?.outcomeAreas ?? []).map((a) => [a.id, a.name])), [data]);
  const areas = useMemo(() => [...new Set((data?.indicators ?? []).map((i) => i.outcomeArea))], [data]);

  const rows = useMemo(() => {
    if (!data) return [];
    const list = data.indicators.filter((i) => !area || i.outcomeArea === area);
    const val = (i: IndicatorSummary): string | number =>
      sort.key === "name" ? i.indicatorName : sort.key === "barrier" ? (i.mostCommonBarrier?.label ?? "") : sort.key === "median" ? (i.medianScore ?? -1) : i.overall.counts[sort.key];
    const sorted = [...list].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? c : a.indicatorName.localeCompare(b.indicatorName);
    });
    return sort.dir === "ascending" ? sorted : sorted.reverse();
  }, [data, area, sort.key, sort.dir]);

  const selected = data?.indicators.find((i) => i.indicatorId === chosen) ?? rows[0] ?? null;

  const capability = useMemo(() => {
    if (!matrix.data) return null;
    const bands = [...matrix.data.capabilityBands, "unknown"];
    return bands.map((b) => ({ band: b, name: CAPABILITY_LABEL[b] ?? b, las: matrix.data!.las.filter((l) => l.capabilityBand === b).length }));
  }, [matrix.data]);

  function toggle(key: SortKey) {
    setView((now) =>
      now.sort === key ? { sort: key, dir: now.dir === "ascending" ? "descending" : "ascending" } : { sort: key, dir: key === "name" || key === "barrier" ? "ascending" : "descending" },
    );
  }
  const th = (key: SortKey, label: string, num = true) => (
    <th key={key} scope="col" className={num ? "num" : undefined} aria-sort={sort.key === key ? sort.dir : "none"}>
      <button type="button" className="sort-button" onClick={() => toggle(key)}>
        {label}
        <span aria-hidden="true">{sortArrow(sort.key === key, sort.dir)}</span>
      </button>
    </th>
  );

  return (
    <Page title="Indicator ranking">
      <p>
        Which proposed indicators could LAs supply today, which could they not, and why. Percentages are of the responding LAs.{" "}
        {researcher ? <Link to="/console/scores">Heat map by LA</Link> : null}
      </p>
      <Loaded state={summary} what="the indicator summary">
        {(data) => (
          <>
            <div className="filters" role="search" aria-label="Filter the indicators">
              <FilterSelect id="ind-status" label="Responses" value={status} onChange={(v) => setView({ status: v })} choices={RESPONSE_CHOICES} />
              <FilterSelect id="ind-area" label="Outcome area" value={area} onChange={(v) => setView({ area: v })} anyLabel="All outcome areas"
                choices={areas.map((a) => ({ value: a, label: areaName.get(a) ?? a }))} />
            </div>
            <p role="status" aria-live="polite" className="hint">
              {data.respondingLas} responding LA{data.respondingLas === 1 ? "" : "s"}; showing {rows.length} of {data.indicators.length} indicators (rules
              version {data.rulesVersion}).
            </p>
            {data.respondingLas > 0 && data.indicators.length === 0 && (
              <p className="console-warning">Figures appear once at least 5 LAs have responded: with fewer, a band could single out one LA.</p>
            )}
            <BandLegend />
            <section aria-labelledby="rank-h" className="console-section">
              <h2 id="rank-h">Ranking</h2>
              <div className="table-scroll" role="region" aria-labelledby="rank-caption" tabIndex={0}>
                <table className="console-table">
                  <caption id="rank-caption">Indicators by number of LAs in each band; select a column heading to sort</caption>
                  <thead>
                    <tr>
                      {th("name", "Indicator", false)}
                      {BAND_ORDER.map((b) => th(b, BAND_LABEL[b]))}
                      {th("median", "Median score")}
                      {th("barrier", "Most common barrier", false)}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((i) => (
                      <tr key={i.indicatorId}>
                        <th scope="row">
                          {i.indicatorName}
                          {i.collectedNationally ? <span className="hint"> (collected nationally)</span> : null}
                        </th>
                        {BAND_ORDER.map((b) => (
                          <td key={b} className="num">
                            {i.overall.counts[b]} <span className="hint">({i.overall.percent[b]}%)</span>
                          </td>
                        ))}
                        <td className="num">{i.medianScore ?? "—"}</td>
                        <td>{i.mostCommonBarrier ? `${i.mostCommonBarrier.label} (${i.mostCommonBarrier.count} LAs)` : "None reported"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>

            <section aria-labelledby="dist-h" className="console-section">
              <h2 id="dist-h">Distribution of bands per indicator</h2>
              {rows.length === 0 || data.respondingLas === 0 ? (
                <p>No responding LA yet.</p>
              ) : (
                <>
                  <div role="img" aria-label="Stacked bar chart: % of responding LAs in each band for each indicator, in ranking order; the same figures are in the ranking table above" className="chart">
                    <BandBars data={rows.map((i) => ({ name: i.indicatorName, ...i.overall.percent }))} height={Math.max(240, rows.length * 26 + 80)} yWidth={300} />
                  </div>
                  <p className="hint">The ranking table above gives the same figures as counts and percentages.</p>
                </>
              )}
            </section>

            <section aria-labelledby="one-h" className="console-section">
              <h2 id="one-h">One indicator by region and LA type</h2>
              <div className="field">
                <label htmlFor="ind-chosen">Indicator</label>
                <select id="ind-chosen" value={selected?.indicatorId ?? ""} onChange={(e) => setView({ indicator: e.target.value })}>
                  {data.indicators.map((i) => (
                    <option key={i.indicatorId} value={i.indicatorId}>
                      {i.indicatorName}
                    </option>
                  ))}
                </select>
              </div>
              {selected ? (
                <>
                  <p>
                    <strong>{selected.indicatorName}</strong>: {selected.readyNow} of {selected.respondingLas} responding LAs could supply it today.
                    {selected.mostCommonBarrier ? ` Most common barrier: ${selected.mostCommonBarrier.label} (${selected.mostCommonBarrier.count} LAs, ${selected.mostCommonBarrier.percent}%).` : ""}
                  </p>
                  {selected.barriers.length > 0 ? (
                    <table className="console-table">
                      <caption>Barriers reported for {selected.indicatorName} (each LA counted once per barrier)</caption>
                      <thead>
                        <tr>
                          <th scope="col">Barrier</th>
                          <th scope="col" className="num">LAs</th>
                          <th scope="col" className="num">% of responding LAs</th>
                        </tr>
                      </thead>
                      <tbody>
                        {selected.barriers.map((b) => (
                          <tr key={b.barrier}>
                            <th scope="row">{b.label}</th>
                            <td className="num">{b.count}</td>
                            <td className="num">{b.percent}%</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  ) : null}
                  <Breakdown summary={selected} by="region" />
                  <Breakdown summary={selected} by="laType" />
                </>
              ) : null}
            </section>

            {researcher ? (
            <section aria-labelledby="cap-h" className="console-section">
              <h2 id="cap-h">Capability bands across LAs</h2>
              {!capability ? (
                <Loading error={matrix.error} what="capability bands" reload={matrix.reload} />
              ) : (
                <>
                  <StaleAlert state={matrix} what="capability bands" />
                  <div role="img" aria-label="Bar chart: number of LAs in each capability band; the same figures are in the table below" className="chart">
                    <ResponsiveContainer width="100%" height={240}>
                      <BarChart data={capability} margin={{ left: 8, right: 16 }} accessibilityLayer={false}>
                        <CartesianGrid strokeDasharray="3 3" />
                        <XAxis dataKey="name" />
                        <YAxis allowDecimals={false} />
                        <Tooltip />
                        <Bar dataKey="las" name="LAs" fill="#1d70b8" isAnimationActive={false} />
                      </BarChart>
                    </ResponsiveContainer>
                  </div>
                  <table className="console-table">
                    <caption className="visually-hidden">LAs in each capability band</caption>
                    <thead>
                      <tr>
                        <th scope="col">Capability band</th>
                        <th scope="col" className="num">LAs</th>
                      </tr>
                    </thead>
                    <tbody>
                      {capability.map((c) => (
                        <tr key={c.band}>
                          <th scope="row">{c.name}</th>
                          <td className="num">{c.las}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </section>
            ) : null}
          </>
        )}
      </Loaded>
    </Page>
  );
}
