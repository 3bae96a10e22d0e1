import { useMemo, useState } from "react";
import { Link } from "react-router-dom";
import { formatDateTime } from "./api.ts";
import { Loading, Page, StatusTag, useApi } from "./page.tsx";

interface LaRow {
  laCode: string;
  name: string;
  region: string;
  laType: string;
  status: string;
  percentComplete: number;
  lastActivity: string | null;
  contributors: number;
  contacts: number;
  lastEmailAt: string | null;
  emailFailures: number;
}

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

export function LasPage() {
  const { data, error } = useApi<{ las: LaRow[] }>("/api/admin/fieldwork/las");
  const [query, setQuery] = useState("");
  const [status, setStatus] = useState("");
  const [sort, setSort] = useState<{ key: SortKey; dir: "ascending" | "descending" }>({ key: "name", dir: "ascending" });

  const rows = useMemo(() => {
    if (!data) return [];
    const q = query.trim().toLowerCase();
    const filtered = data.las.filter(
      (l) => (!status || l.status === status) && (!q || `${l.name} ${l.laCode} ${l.region} ${l.laType}`.toLowerCase().includes(q)),
    );
    const val = (l: LaRow): string | number => (sort.key === "status" ? STATUS_ORDER[l.status]! : sort.key === "lastActivity" ? (l.lastActivity ?? "") : l[sort.key]);
    const sorted = [...filtered].sort((a, b) => {
      const x = val(a);
      const y = val(b);
      const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
      return c !== 0 ? c : a.name.localeCompare(b.name);
    });
    return sort.dir === "ascending" ? sorted : sorted.reverse();
  }, [data, query, status, sort]);

  function toggle(key: SortKey) {
    setSort((s) => (s.key === key ? { key, dir: s.dir === "ascending" ? "descending" : "ascending" } : { key, dir: "ascending" }));
  }

  return (
    <Page title="Local authorities">
      {!data ? (
        <Loading error={error} what="local authorities" />
      ) : (
        <>
          <div className="filters" role="search">
            <div className="field">
              <label htmlFor="la-search">Search by name, code, region or type</label>
              <input id="la-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor="la-status">Status</label>
              <select id="la-status" value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">Any status</option>
                <option value="not_started">Not started</option>
                <option value="in_progress">In progress</option>
                <option value="submitted">Submitted</option>
              </select>
            </div>
          </div>
          <p role="status" aria-live="polite" className="hint">
            Showing {rows.length} of {data.las.length} local authorities
          </p>
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
                    <td>{l.laType}</td>
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
        </>
      )}
    </Page>
  );
}
