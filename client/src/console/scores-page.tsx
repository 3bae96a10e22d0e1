/**
 * Feasibility heat map: LA x indicator, each cell a link to the LA's profile at that
 * indicator's explanation. Filter by region, LA type, Ofsted judgement, capability band and outcome
 * area; sort by any column. A real table: caption, column and row headers with scope, aria-sort.
 * Every filter, the search and the sort are kept in the address (reload, Back and shared links).
 */
import { memo, useCallback, useMemo, type MouseEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import { laMatches } from "./la-search.ts";
import { laTypeLabel } from "./labels.ts";
import {
  BAND_LABEL,
  BAND_LETTER,
  BandLegend,
  CAPABILITY_LABEL,
  capabilityStatus,
  OFSTED_ORDER,
  ofstedLabel,
  sortArrow,
  uniqueSorted,
  type Matrix,
  type MatrixIndicator,
  type MatrixLa,
  type SortDir,
} from "./scores-shared.tsx";
import { FilterSelect } from "./filter-select.tsx";

const RESPONSE_CHOICES = [
  { value: "submitted", label: "Submitted" },
  { value: "all", label: "All started (incl. in progress)" },
];

type SortKey = "name" | "region" | "laType" | "ofsted" | "capability" | "ready" | `ind:${string}`;
const NOT_INSPECTED = "__none";
const VIEW = { status: "submitted", region: "", type: "", ofsted: "", cap: "", area: "", q: "", sort: "name", dir: "ascending", facts: "" };

function ofstedRank(o: string | null): number {
  const i = o === null ? -1 : OFSTED_ORDER.indexOf(o);
  return i < 0 ? OFSTED_ORDER.length : i;
}

/**
 * One LA's row. Memoised, with plain links (one delegated click handler does the in-app navigation):
 * a full heat map has ~10,000 cell links, and sorting or filtering should only reorder rows.
 */
const HeatRow = memo(function HeatRow({ la: l, indicators, factColumns }: { la: MatrixLa; indicators: MatrixIndicator[]; factColumns: boolean }) {
  return (
    <tr>
      <th scope="row">
        <a href={`/console/scores/${l.laCode}`}>{l.name}</a> <span className="hint">({l.laCode})</span>
        {!factColumns && (
          <span className="la-facts">
            {l.region} · {laTypeLabel(l.laType)} · Ofsted: {ofstedLabel(l.ofsted)}
          </span>
        )}
      </th>
      {factColumns && (
        <>
          <td className="meta">{l.region}</td>
          <td className="meta">{laTypeLabel(l.laType)}</td>
          <td className="meta">{ofstedLabel(l.ofsted)}</td>
        </>
      )}
      <td className="meta capability">{capabilityStatus(l)}</td>
      <td className="meta num">{l.bandCounts.ready_now}</td>
      {indicators.map((i) => {
        const c = l.scores[i.id];
        if (!c) return <td key={i.id} className="cell">—</td>;
        return (
          <td key={i.id} className="cell">
            <a href={`/console/scores/${l.laCode}#ind-${i.id}`} className={`band band-${c.band}`}>
              {BAND_LETTER[c.band]}
              {c.score !== null ? ` ${c.score}` : ""}
              <span className="visually-hidden">
                {" "}
                {BAND_LABEL[c.band]}: {l.name}, {i.name}
              </span>
            </a>
          </td>
        );
      })}
    </tr>
  );
});

export function ScoresPage() {
  const navigate = useNavigate();
  /** Plain left clicks on the table's links navigate inside the app (new-tab clicks keep the browser's behaviour). */
  const followInApp = (e: MouseEvent<HTMLElement>) => {
    const a = (e.target as HTMLElement).closest("a");
    if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const href = a.getAttribute("href");
    if (!href?.startsWith("/console/")) return;
    e.preventDefault();
    navigate(href);
  };
  const [view, setView] = useUrlState(VIEW);
  const status = view.status === "all" ? "all" : "submitted";
  const { region, type: laType, ofsted, cap: capability, area } = view;
  const [query, setQuery] = useUrlText("q", view.q, useCallback((q: string) => setView({ q }), [setView]));
  const knownSort = ["name", "region", "laType", "ofsted", "capability", "ready"].includes(view.sort) || view.sort.startsWith("ind:");
  const sort: { key: SortKey; dir: SortDir } = { key: (knownSort ? view.sort : "name") as SortKey, dir: view.dir === "descending" ? "descending" : "ascending" };
  const scores = useApi<Matrix>(`/api/admin/scores?status=${status}`);
  const { data } = scores;

  const options = useMemo(
    () => ({
      regions: uniqueSorted(data?.las.map((l) => l.region) ?? []),
      types: uniqueSorted(data?.las.map((l) => l.laType) ?? []),
      ofsted: [...OFSTED_ORDER, ...uniqueSorted(data?.las.map((l) => l.ofsted) ?? []).filter((o) => !OFSTED_ORDER.includes(o))],
      areas: data?.outcomeAreas ?? uniqueSorted(data?.indicators.map((i) => i.outcomeArea) ?? []).map((id) => ({ id, name: id, kind: "" })),
    }),
    [data],
  );

  const indicators = useMemo(() => (data ? data.indicators.filter((i) => !area || i.outcomeArea === area) : []), [data, area]);

  const rows = useMemo(() => {
    if (!data) return [];
    const filtered = data.las.filter(
      (l) =>
        (!region || l.region === region) &&
        (!laType || l.laType === laType) &&
        (!ofsted || (ofsted === NOT_INSPECTED ? l.ofsted === null : l.ofsted === ofsted)) &&
        (!capability || l.capabilityBand === capability) &&
        laMatches(query, [l.name, l.laCode]),
    );
    const capOrder = [...data.capabilityBands, "unknown"];
    const val = (l: MatrixLa): string | number => {
      switch (sort.key) {
        case "name":
          return l.name;
        case "region":
          return l.region;
        case "laType":
          return l.laType;
        case "ofsted":
          return ofstedRank(l.ofsted);
        case "capability":
          return l.capabilityScore ?? -1 - (capOrder.length - capOrder.indexOf(l.capabilityBand));
        case "ready":
          return l.bandCounts.ready_now;
        default:
          return l.scores[sort.key.slice(4)]?.score ?? -1;
      }
    };
    const sorted = [...filtered].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? c : a.name.localeCompare(b.name);
    });
    return sort.dir === "ascending" ? sorted : sorted.reverse();
  }, [data, region, laType, ofsted, capability, query, sort.key, sort.dir]);

  function toggle(key: SortKey) {
    // numbers read best highest-first
    const firstDir: SortDir = key === "name" || key === "region" || key === "laType" || key === "ofsted" ? "ascending" : "descending";
    setView((now) => (now.sort === key ? { sort: key, dir: now.dir === "descending" ? "ascending" : "descending" } : { sort: key, dir: firstDir }));
  }
  const ariaSort = (key: SortKey) => (sort.key === key ? sort.dir : "none");

  // Region, type and Ofsted read under the LA's name by default, leaving the width to the
  // indicators; as columns they can be sorted.
  const factColumns = view.facts === "columns";
  const metaCols: { key: SortKey; label: string }[] = [
    ...(factColumns
      ? ([
          { key: "region", label: "Region" },
          { key: "laType", label: "Type" },
          { key: "ofsted", label: "Ofsted" },
        ] as const)
      : []),
    { key: "capability", label: "Capability" },
    { key: "ready", label: "Ready now" },
  ];

  return (
    <Page title="Feasibility heat map">
      <p>
        Each cell is one LA&apos;s feasibility for one indicator: a letter and a score (0–100), coloured and patterned by band. Select a cell or an
        LA to read the explanation.{" "}
        <Link to="/console/indicators">Indicator ranking and distributions</Link>.
      </p>
      <Loaded state={scores} what="the feasibility scores">
        {(data) => (
          <>
            <BandLegend bands={data.bands} />
            <div className="filters" role="search" aria-label="Filter the heat map">
              <FilterSelect id="hm-status" label="Responses" value={status} onChange={(v) => setView({ status: v })} choices={RESPONSE_CHOICES} />
              <FilterSelect id="hm-region" label="Region" value={region} onChange={(v) => setView({ region: v })} anyLabel="All regions" choices={options.regions} />
              <FilterSelect id="hm-type" label="LA type" value={laType} onChange={(v) => setView({ type: v })} anyLabel="All types"
                choices={options.types.map((t) => ({ value: t, label: laTypeLabel(t) }))} />
              <FilterSelect id="hm-ofsted" label="Ofsted judgement" value={ofsted} onChange={(v) => setView({ ofsted: v })} anyLabel="Any judgement" choices={options.ofsted}>
                <option value={NOT_INSPECTED}>Not inspected</option>
              </FilterSelect>
              <FilterSelect id="hm-capability" label="Capability band" value={capability} onChange={(v) => setView({ cap: v })} anyLabel="Any band"
                choices={[...data.capabilityBands, "unknown"].map((b) => ({ value: b, label: CAPABILITY_LABEL[b] ?? b }))} />
              <FilterSelect id="hm-area" label="Indicators (columns)" value={area} onChange={(v) => setView({ area: v })} anyLabel="All outcome areas"
                choices={options.areas.map((a) => ({ value: a.id, label: a.name }))} />
              <div className="field">
                <label htmlFor="hm-search">LA name or code</label>
                <input id="hm-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
              </div>
              <div className="field checkbox">
                <input id="hm-facts" type="checkbox" checked={factColumns} onChange={(e) => setView({ facts: e.target.checked ? "columns" : "" })} />
                <label htmlFor="hm-facts">Show LA details as columns (to sort by them)</label>
              </div>
            </div>
            <p role="status" aria-live="polite" className="hint" id="hm-count">
              Showing {rows.length} of {data.las.length} local authorities and {indicators.length} of {data.indicators.length} indicators
              {" "}(rules version {data.rulesVersion}).
            </p>
            {rows.length === 0 ? (
              <p>No local authority matches these filters.</p>
            ) : (
              <>
                <a href="#after-heatmap" className="hint">
                  Skip past the heat map
                </a>
                <div className="heatmap-scroll" role="region" aria-labelledby="hm-caption" tabIndex={0}>
                  <table className="heatmap">
                    <caption id="hm-caption" className="visually-hidden">
                      Feasibility by local authority (rows) and indicator (columns); each cell gives the band letter and score. Select a
                      column heading to sort.
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col" className="corner meta-head" aria-sort={ariaSort("name")}>
                          <button type="button" className="sort-button" onClick={() => toggle("name")}>
                            Local authority<span aria-hidden="true">{sortArrow(sort.key === "name", sort.dir)}</span>
                          </button>
                        </th>
                        {metaCols.map((c) => (
                          <th key={c.key} scope="col" className="meta-head" aria-sort={ariaSort(c.key)}>
                            <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                              {c.label}
                              <span aria-hidden="true">{sortArrow(sort.key === c.key, sort.dir)}</span>
                            </button>
                          </th>
                        ))}
                        {indicators.map((i) => {
                          const key = `ind:${i.id}` as SortKey;
                          return (
                            <th key={i.id} scope="col" className="ind-head" aria-sort={ariaSort(key)}>
                              <button type="button" className="sort-button" onClick={() => toggle(key)} title={i.name}>
                                {i.name}
                                <span aria-hidden="true">{sortArrow(sort.key === key, sort.dir)}</span>
                              </button>
                            </th>
                          );
                        })}
                      </tr>
                    </thead>
                    <tbody onClick={followInApp}>
                      {rows.map((l) => (
                        <HeatRow key={l.laCode} la={l} indicators={indicators} factColumns={factColumns} />
                      ))}
                    </tbody>
                  </table>
                </div>
              </>
            )}
            <p id="after-heatmap" tabIndex={-1} className="hint">
              End of the heat map.
            </p>
          </>
        )}
      </Loaded>
    </Page>
  );
}
