/**
 * The LA list: search (forgiving of case, punctuation and one-letter typos), filters by status,
 * region and LA type, and sort, all kept in the address so a reload, Back or a shared link gives
 * the same list. The dashboard's figures link here with their filters.
 */
import { useCallback, useEffect, useMemo } from "react";
import { Link } from "react-router-dom";
import { formatDateTime } from "./api.ts";
import { Loaded, Page, StatusTag, useApi } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import { laMatches } from "./la-search.ts";
import { laTypeLabel } from "./labels.ts";
import type { LaProgressDto, LaProgressListDto } from "../../../server/contracts/fieldwork.ts";
import { FilterSelect } from "./filter-select.tsx";

type LaRow = LaProgressDto;

type SortKey = "name" | "region" | "laType" | "status" | "percentComplete" | "lastActivity" | "contributors";
const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Local authority" },
  { key: "region", label: "Region" },
  { key: "laType", label: "Type" },
  { key: "status", label: "Status" },
  { key: "percentComplete", label: "% complete", numeric: true },
  { key: "lastActivity", label: "Last activity" },
  { key: "contributors", label: "Contributors", numeric: true },
];
const STATUS_ORDER: Record<string, number> = { not_started: 0, in_progress: 1, submitted: 2 };
const STATUS_CHOICES = [
  { value: "not_started", label: "Not started" },
  { value: "in_progress", label: "In progress" },
  { value: "submitted", label: "Submitted" },
];
const VIEW = { q: "", status: "", region: "", type: "", sort: "name", dir: "ascending" };

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort((a, b) => a.localeCompare(b));
}

export function LasPage() {
  const las = useApi<LaProgressListDto>("/api/admin/fieldwork/las");
  const { data } = las;
  const [view, setView] = useUrlState(VIEW);
  const [query, setQuery] = useUrlText("q", view.q, useCallback((q: string) => setView({ q }), [setView]));
  const sort = {
    key: (COLUMNS.some((c) => c.key === view.sort) ? view.sort : "name") as SortKey,
    dir: (view.dir === "descending" ? "descending" : "ascending") as "ascending" | "descending",
  };
  const regions = useMemo(() => uniqueSorted(data?.las.map((l) => l.region) ?? []), [data]);
  const types = useMemo(() => uniqueSorted(data?.las.map((l) => l.laType) ?? []), [data]);
  // A filter value the list does not have (an old or mistyped link) is ignored rather than applied:
  // applied, it showed "0 of 153" while its dropdown said "Any…".
  const known = (value: string, choices: string[]) => (data && value && !choices.includes(value) ? "" : value);
  const status = known(view.status, STATUS_CHOICES.map((c) => c.value));
  const region = known(view.region, regions);
  const type = known(view.type, types);
  // ... and dropped from the address, so a copied link does not carry it on
  useEffect(() => {
    const drop: Partial<typeof VIEW> = {};
    if (view.status && !status) drop.status = "";
    if (view.region && !region) drop.region = "";
    if (view.type && !type) drop.type = "";
    if (Object.keys(drop).length > 0) setView(drop);
  }, [view.status, view.region, view.type, status, region, type, setView]);

  const rows = useMemo(() => {
    if (!data) return [];
    const filtered = data.las.filter(
      (l) =>
        (!status || l.status === status) &&
        (!region || l.region === region) &&
        (!type || l.laType === type) &&
        laMatches(query, [l.name, l.laCode, l.region, l.laType]),
    );
    const val = (l: LaRow): string | number => (sort.key === "status" ? STATUS_ORDER[l.status]! : sort.key === "lastActivity" ? (l.lastActivity ?? "") : l[sort.key]);
    const sorted = [...filtered].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? c : a.name.localeCompare(b.name);
    });
    return sort.dir === "ascending" ? sorted : sorted.reverse();
  }, [data, query, status, region, type, sort.key, sort.dir]);

  function toggle(key: SortKey) {
    setView((now) => (now.sort === key ? { sort: key, dir: now.dir === "descending" ? "ascending" : "descending" } : { sort: key, dir: "ascending" }));
  }

  const filtered = Boolean(query || status || region || type);
  function clearFilters() {
    setQuery("");
    setView({ status: "", region: "", type: "" });
  }

  return (
    <Page title="Local authorities">
      <Loaded state={las} what="local authorities">
        {(data) => (
          <>
            <div className="filters" role="search">
              <div className="field">
                <label htmlFor="la-search">Search by name, code, region or type</label>
                <input id="la-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
              </div>
              <FilterSelect id="la-status" label="Status" value={status} onChange={(v) => setView({ status: v })} anyLabel="Any status" choices={STATUS_CHOICES} />
              <FilterSelect id="la-region" label="Region" value={region} onChange={(v) => setView({ region: v })} anyLabel="Any region" choices={regions} />
              <FilterSelect id="la-type" label="LA type" value={type} onChange={(v) => setView({ type: v })} anyLabel="Any type" choices={types.map((t) => ({ value: t, label: laTypeLabel(t) }))} />
              {filtered && (
                <button type="button" className="button-secondary" onClick={clearFilters}>
                  Clear filters
                </button>
              )}
            </div>
            <p role="status" aria-live="polite" className="hint">
              Showing {rows.length} of {data.las.length} local authorities
            </p>
            {rows.length === 0 ? (
              <div className="console-section" data-testid="no-las">
                <p>No LAs match these filters.</p>
                <button type="button" className="button-secondary" onClick={clearFilters}>
                  Clear filters and show every LA
                </button>
              </div>
            ) : (
            <div className="table-scroll" role="region" aria-label="Local authorities table" tabIndex={0}>
              <table className="console-table">
                <caption className="visually-hidden">Local authorities with their fieldwork status; select a column heading to sort</caption>
                <thead>
                  <tr>
                    {COLUMNS.map((c) => (
                      <th key={c.key} scope="col" aria-sort={sort.key === c.key ? sort.dir : "none"} className={c.numeric ? "num" : undefined}>
                        <button type="button" className="sort-button" onClick={() => toggle(c.key)}>
                          {c.label}
                          <span aria-hidden="true">{sort.key === c.key ? (sort.dir === "ascending" ? " ▲" : " ▼") : " ↕"}</span>
                        </button>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((l) => (
                    <tr key={l.laCode}>
                      <th scope="row">
                        <Link to={`/console/las/${l.laCode}`}>{l.name}</Link> <span className="hint">({l.laCode})</span>
                      </th>
                      <td>{l.region}</td>
                      <td>{laTypeLabel(l.laType)}</td>
                      <td>
                        <StatusTag status={l.status} />
                      </td>
                      <td className="num">{l.percentComplete}%</td>
                      <td>{formatDateTime(l.lastActivity)}</td>
                      <td className="num">{l.contributors}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            )}
          </>
        )}
      </Loaded>
    </Page>
  );
}
