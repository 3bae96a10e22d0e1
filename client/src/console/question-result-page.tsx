/**
 * One question's results: for each part (the question, or each row of a grid) a chart of the
 * percentages with a table carrying the same figures, overall or by region or LA type; the valid
 * base stated; Don't know, Not asked and Not answered counted apart; groups with a small base
 * flagged (researchers) or withheld (viewers). Free-text answers, with their LA, for researchers,
 * searchable. Status, breakdown and search live in the address.
 */
import { useCallback } from "react";
import { Link, useParams } from "react-router-dom";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { PartDto, QuestionResultDto, TallyDto } from "../../../server/contracts/question-results.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import { laTypeLabel } from "./labels.ts";
import { StatusFilter } from "./questions-page.tsx";
import { normaliseForSearch } from "./la-search.ts";
import { FilterSelect } from "./filter-select.tsx";

const BREAKDOWN_CHOICES = [
  { value: "overall", label: "No breakdown" },
  { value: "region", label: "Region" },
  { value: "laType", label: "LA type" },
];

type By = "overall" | "region" | "laType";
const MAX_CHARTS = 8;

function short(text: string, n = 34): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function percent(p: number | null): string {
  return p === null ? "–" : `${p.toLocaleString("en-GB", { maximumFractionDigits: 1 })}%`;
}

function groupLabel(t: TallyDto, by: By): string {
  return by === "laType" ? laTypeLabel(t.group) : t.group;
}

function PartChart({ part, title }: { part: PartDto; title: string }) {
  const data = part.options.map((o, i) => ({ name: o.label, percent: part.overall.percents[i] ?? 0 }));
  return (
    <div role="img" aria-label={`Bar chart: ${title}, % of the valid base choosing each answer; the same figures are in the table`} className="chart">
      <ResponsiveContainer width="100%" height={Math.max(140, data.length * 32 + 50)}>
        <BarChart data={data} layout="vertical" margin={{ left: 8, right: 24 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis type="number" domain={[0, 100]} ticks={[0, 25, 50, 75, 100]} unit="%" allowDataOverflow />
          <YAxis type="category" dataKey="name" width={210} tick={{ fontSize: 12 }} tickFormatter={(v: string) => short(v)} />
          <Tooltip formatter={(v) => `${v}%`} />
          <Bar dataKey="percent" name="% of valid base" fill="#1d70b8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function Cell({ t, i, withheld }: { t: TallyDto; i: number; withheld: boolean }) {
  if (withheld) return <td className="num">withheld</td>;
  return (
    <td className="num">
      {percent(t.percents[i])} <span className="hint">({t.counts[i]})</span>
    </td>
  );
}

function PartTable({ part, by, caption, kind, threshold, detail }: { part: PartDto; by: By; caption: string; kind: QuestionResultDto["kind"]; threshold: number; detail: boolean }) {
  const withheld = (t: TallyDto) => !detail && t.small;
  const groups = [part.overall, ...(by === "region" ? part.byRegion : by === "laType" ? part.byLaType : [])];
  const head = (t: TallyDto, i: number) => (
    <th key={`${t.group}-${i}`} scope="col" className="num">
      {i === 0 ? "All LAs" : groupLabel(t, by)}
      {t.small && <span> (base under {threshold})</span>}
    </th>
  );
  const countRow = (label: string, value: (t: TallyDto) => number | string) => (
    <tr>
      <th scope="row">{label}</th>
      {groups.map((t, i) => (
        <td key={`${t.group}-${i}`} className="num">
          {withheld(t) && label !== "LAs counted" ? "withheld" : value(t)}
        </td>
      ))}
    </tr>
  );
  const figure = (f: "median" | "mean" | "min" | "max") => (t: TallyDto) => {
    const v = t.numbers?.[f];
    return v === null || v === undefined ? "–" : v.toLocaleString("en-GB");
  };
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="console-table question-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{kind === "number" ? "Figure" : "Answer"}</th>
            {groups.map(head)}
          </tr>
        </thead>
        <tbody>
          {part.options.map((o, i) => (
            <tr key={o.value}>
              <th scope="row">{o.label}</th>
              {groups.map((t, j) => (
                <Cell key={`${t.group}-${j}`} t={t} i={i} withheld={withheld(t)} />
              ))}
            </tr>
          ))}
          {kind === "number" && (
            <>
              {countRow("Median", figure("median"))}
              {countRow("Mean", figure("mean"))}
              {part.overall.numbers?.min !== null && part.overall.numbers?.min !== undefined && countRow("Smallest", figure("min"))}
              {part.overall.numbers?.max !== null && part.overall.numbers?.max !== undefined && countRow("Largest", figure("max"))}
            </>
          )}
          {countRow(kind === "text" ? "Answered (LAs)" : "Valid base (LAs)", (t) => t.base)}
          {kind !== "text" && kind !== "number" && countRow("Don’t know", (t) => t.dontKnow)}
          {countRow("Not asked", (t) => t.notAsked)}
          {countRow("Not answered", (t) => t.notAnswered)}
          {countRow("LAs counted", (t) => t.las)}
        </tbody>
      </table>
    </div>
  );
}

type LaRefs = NonNullable<PartDto["las"]>["dontKnow"];

/** Researchers: the LAs behind each count, each linking to its page. */
function WhichLas({ part }: { part: PartDto }) {
  const las = part.las;
  if (!las) return null;
  const groups: [string, LaRefs][] = [
    ...part.options.map((o, i): [string, LaRefs] => [o.label, las.options[i] ?? []]),
    ["Don’t know", las.dontKnow],
    ["Not asked", las.notAsked],
    ["Not answered", las.notAnswered],
  ];
  return (
    <details className="which-las">
      <summary>Which LAs gave each answer</summary>
      <dl>
        {groups
          .filter(([, list]) => list.length > 0)
          .map(([label, list]) => (
            <div key={label}>
              <dt>
                {label} ({list.length})
              </dt>
              <dd>
                {list.map((la, i) => (
                  <span key={la.laCode}>
                    {i > 0 && ", "}
                    <Link to={`/console/las/${la.laCode}`}>{la.laName}</Link>
                  </span>
                ))}
              </dd>
            </div>
          ))}
      </dl>
    </details>
  );
}

function baseSentence(part: PartDto, kind: QuestionResultDto["kind"]): string {
  const o = part.overall;
  const answered = kind === "text" ? `${o.base} of ${o.las} LAs answered` : `Valid base: ${o.base} of ${o.las} LAs gave an answer${kind === "number" ? "" : " other than “Don’t know”"}`;
  const apart = [kind === "text" || kind === "number" ? null : `Don’t know ${o.dontKnow}`, `not asked ${o.notAsked}`, `not answered ${o.notAnswered}`].filter(Boolean).join(", ");
  return `${answered} (${apart}).`;
}

function PartSection({ part, result, by, index, chart }: { part: PartDto; result: QuestionResultDto; by: By; index: number; chart: boolean }) {
  const single = result.parts.length === 1;
  const title = single ? result.title : part.label;
  const withheld = by === "region" ? part.withheldRegions : by === "laType" ? part.withheldLaTypes : undefined;
  return (
    <section className="console-section" aria-labelledby={`part-${index}`}>
      <h2 id={`part-${index}`}>{single ? "Answers" : part.label}</h2>
      <p>{baseSentence(part, result.kind)}</p>
      {result.kind === "multiple" && <p className="hint">LAs could choose more than one answer, so the percentages can add up to more than 100%.</p>}
      {part.overall.small && (
        <p className="console-warning">
          {result.detail
            ? `Fewer than ${result.smallGroupThreshold} LAs in the base: these figures could point to single LAs and are not for publication.`
            : `Fewer than ${result.smallGroupThreshold} LAs in the base: the figures are withheld.`}
        </p>
      )}
      {chart && part.options.length > 0 && !(part.overall.small && !result.detail) && <PartChart part={part} title={title} />}
      <PartTable part={part} by={by} caption={single ? `${title}: ${by === "overall" ? "all LAs" : `by ${by === "region" ? "region" : "LA type"}`}` : part.label} kind={result.kind} threshold={result.smallGroupThreshold} detail={result.detail} />
      {result.detail && result.kind !== "text" && result.kind !== "number" && <WhichLas part={part} />}
      {withheld && withheld.length > 0 && (
        <p className="hint">
          Withheld, fewer than {result.smallGroupThreshold} LAs in the base: {withheld.map((g) => (by === "laType" ? laTypeLabel(g) : g)).join(", ")}.
        </p>
      )}
    </section>
  );
}

function FreeText({ result, urlQuery, onQuery }: { result: QuestionResultDto; urlQuery: string; onQuery: (q: string) => void }) {
  const [query, setQuery] = useUrlText("q", urlQuery, onQuery);
  const q = normaliseForSearch(query);
  const shown = q
    ? result.freeText.filter((a) => normaliseForSearch(`${a.text} ${a.laName} ${a.region} ${a.laType} ${a.where ?? ""}`).includes(q))
    : result.freeText;
  return (
    <section className="console-section" aria-labelledby="free-text-h">
      <h2 id="free-text-h">{result.kind === "text" ? "What LAs wrote" : "Answers given in LAs’ own words"}</h2>
      {result.freeText.length === 0 ? (
        <p>No LA has written anything here yet.</p>
      ) : (
        <>
          <div className="filters" role="search">
            <div className="field">
              <label htmlFor="free-text-search">Search the answers</label>
              <input id="free-text-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
            </div>
          </div>
          <p role="status" aria-live="polite" className="hint">
            Showing {shown.length} of {result.freeText.length} answers
          </p>
          <div className="table-scroll" role="region" aria-label="Free-text answers" tabIndex={0}>
            <table className="console-table">
              <caption className="visually-hidden">Free-text answers with the LA that gave each</caption>
              <thead>
                <tr>
                  <th scope="col">Local authority</th>
                  {result.freeText.some((a) => a.where) && <th scope="col">Where</th>}
                  <th scope="col">Answer</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((a, i) => (
                  <tr key={`${a.laCode}-${i}`}>
                    <th scope="row">
                      <Link to={`/console/las/${a.laCode}`}>{a.laName}</Link>
                      <br />
                      <span className="hint">
                        {a.region} · {laTypeLabel(a.laType)}
                      </span>
                    </th>
                    {result.freeText.some((x) => x.where) && <td>{a.where ?? ""}</td>}
                    <td className="wrap free-text">{a.text}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

export function QuestionResultPage() {
  const { question = "" } = useParams();
  const [view, setView] = useUrlState({ status: "submitted", by: "overall", q: "" });
  const by: By = view.by === "region" || view.by === "laType" ? view.by : "overall";
  const onQuery = useCallback((q: string) => setView({ q }), [setView]);
  const result = useApi<QuestionResultDto>(`/api/admin/question-results/${encodeURIComponent(question)}?status=${encodeURIComponent(view.status)}`);
  // another question's results (the one before a navigation) are not shown as this one's
  const current = result.data && result.data.name === question ? result.data : null;
  const suffix = view.status === "submitted" ? "" : `?status=${encodeURIComponent(view.status)}`;
  const charts = (current?.parts.length ?? 0) <= MAX_CHARTS;
  return (
    <Page title={current ? current.title : "Question results"}>
      <p>
        <Link to={`/console/questions${suffix}`}>All questions</Link>
      </p>
      <Loaded state={{ ...result, data: current }} what="the question's results">
        {(current) => (
          <>
            <p>
              Section: {current.page}. {current.respondents} {current.respondents === 1 ? "LA" : "LAs"} counted.
              {current.description && <span className="hint"> {current.description}</span>}
            </p>
            <div className="filters">
              <StatusFilter id="result-status" value={view.status} onChange={(status) => setView({ status })} />
              <FilterSelect id="result-by" label="Break down by" value={by} onChange={(v) => setView({ by: v })} choices={BREAKDOWN_CHOICES} />
            </div>
            {!charts && <p className="hint">This grid has {current.parts.length} parts, so only tables are shown.</p>}
            {current.parts.map((p, i) => (
              <PartSection key={p.id} part={p} result={current} by={by} index={i} chart={charts} />
            ))}
            {current.detail && (current.kind === "text" || current.freeText.length > 0) && <FreeText result={current} urlQuery={view.q} onQuery={onQuery} />}
            {!current.detail && current.kind === "text" && <p>Free-text answers are shown to researchers only.</p>}
            <nav aria-label="Other questions" className="button-row pager">
              {current.previous && (
                <Link to={`/console/questions/${current.previous.name}${suffix}`}>
                  Previous: {short(current.previous.title, 60)}
                </Link>
              )}
              {current.next && (
                <Link to={`/console/questions/${current.next.name}${suffix}`}>
                  Next: {short(current.next.title, 60)}
                </Link>
              )}
            </nav>
          </>
        )}
      </Loaded>
    </Page>
  );
}
