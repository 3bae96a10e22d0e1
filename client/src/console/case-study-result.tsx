/**
 * A case-study selection result as researchers read it: objective value and its terms,
 * picks with rationale, reserves, the coverage table. Used by the run page, the comparison and the
 * saved-selections list.
 */
import type { ReactNode } from "react";
import type { SelectionAttributeName, SelectionResult, TypologyGrid } from "../../../server/contracts/case-studies.ts";
import { CAPABILITY_LABEL } from "./scores-shared.tsx";
import { laTypeLabel } from "./labels.ts";
import { TRAJECTORY_CLAUSES, type OfstedTrajectory } from "../../../server/domain/case-studies/ofsted-trajectory.ts";
import { describeSmallLaRule } from "../../../server/domain/case-studies/small-las.ts";
import "./scores.css";

export type { SelectionResult, TypologyGrid };

export const TRAJECTORY_LABEL: Record<string, string> = {
  improved: "Improved",
  declined: "Declined",
  stable_good_outstanding: "Stable good/outstanding",
  stable_ri_inadequate: "Stable requires improvement/inadequate",
  single_inspection: "Single inspection",
  not_inspected: "Not inspected",
};

export const ATTRIBUTES: { key: SelectionAttributeName; label: string; defaultWeight: number }[] = [
  // mirrors DEFAULT_WEIGHTS / ATTRIBUTE_LABELS in server/domain/case-studies/types.ts
  { key: "region", label: "Region", defaultWeight: 1 },
  { key: "laType", label: "LA type", defaultWeight: 1 },
  { key: "ofsted", label: "Ofsted judgement", defaultWeight: 1 },
  { key: "trajectory", label: "Ofsted trajectory", defaultWeight: 1 },
  { key: "capabilityBand", label: "Capability band", defaultWeight: 1 },
  { key: "capabilityScore", label: "Capability score", defaultWeight: 1 },
  { key: "childPopulation", label: "Child population (0-17)", defaultWeight: 0.5 },
  { key: "cinCount", label: "Children in need", defaultWeight: 0.5 },
  { key: "fsmPct", label: "Free-school-meal %", defaultWeight: 1 },
];

function trajectoryClause(t: string): string {
  return TRAJECTORY_CLAUSES[t as OfstedTrajectory] ?? TRAJECTORY_LABEL[t] ?? t;
}

export function capabilityLabel(b: string | null): string {
  return b === null ? "—" : (CAPABILITY_LABEL[b] ?? b);
}

export function sentenceCase(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function objectiveText(o: number): string {
  return o.toFixed(3);
}

function fmt(n: number | null): string {
  return n === null ? "—" : Number.isInteger(n) ? n.toLocaleString("en-GB") : n.toFixed(1);
}

/** Picks with rationale; `action` renders per-pick controls (e.g. mark as declined). */
export function PicksList({ result, action }: { result: SelectionResult; action?: (laCode: string, name: string) => ReactNode }) {
  return (
    <ol className="pick-list">
      {result.picks.map((p) => (
        <li key={p.laCode}>
          <strong>
            {p.laName} ({p.laCode})
          </strong>
          {p.forced ? <span className="hint"> (required)</span> : null}
          <br />
          <span className="hint">
            {/* the trajectory said of the judgement: "(Declined)" here read as the LA declining a case study */}
            {p.region} · {laTypeLabel(p.laType)} · Ofsted: {p.ofsted ? `${p.ofsted}, ${trajectoryClause(p.trajectory)}` : trajectoryClause(p.trajectory)} ·{" "}
            {capabilityLabel(p.capabilityBand)}
            {p.capabilityScore !== null ? ` (${p.capabilityScore})` : ""}
          </span>
          <p className="rationale">{p.rationale}</p>
          {action ? action(p.laCode, p.laName) : null}
        </li>
      ))}
    </ol>
  );
}

export function ResultDetails({ result, idPrefix }: { result: SelectionResult; idPrefix: string }) {
  const name = new Map(result.picks.map((p) => [p.laCode, p.laName]));
  return (
    <>
      <table className="console-table">
        <caption>Objective terms (each 0 to 1, weighted)</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col" className="num">Weight</th>
            <th scope="col" className="num">Score</th>
            <th scope="col">In words</th>
          </tr>
        </thead>
        <tbody>
          {result.terms.map((t) => (
            <tr key={t.attribute}>
              <th scope="row">{sentenceCase(t.label)}</th>
              <td className="num">{t.weight}</td>
              <td className="num">{t.score.toFixed(3)}</td>
              <td>{t.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="console-table">
        <caption>Reserves: the best replacement if a pick declines</caption>
        <thead>
          <tr>
            <th scope="col">If this LA declines</th>
            <th scope="col">Reserve</th>
            <th scope="col" className="num">Objective with the swap</th>
            <th scope="col">Note</th>
          </tr>
        </thead>
        <tbody>
          {result.reserves.map((r) => (
            <tr key={r.forLaCode}>
              <th scope="row">
                {name.get(r.forLaCode) ?? r.forLaCode} ({r.forLaCode})
              </th>
              <td>{r.laCode ? `${r.laName} (${r.laCode}), ${r.region}, ${laTypeLabel(r.laType)}` : "None available"}</td>
              <td className="num">{r.objective === null ? "—" : objectiveText(r.objective)}</td>
              <td>{r.note}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="console-table" id={`${idPrefix}-coverage`}>
        <caption>Coverage of the sample</caption>
        <thead>
          <tr>
            <th scope="col">Attribute</th>
            <th scope="col">Covered (number of picks)</th>
            <th scope="col">Among eligible LAs but not covered</th>
          </tr>
        </thead>
        <tbody>
          {result.coverage.categorical.map((c) => (
            <tr key={c.attribute}>
              <th scope="row">{sentenceCase(c.label)}</th>
              <td>
                {c.covered
                  .map((v) => `${c.attribute === "trajectory" ? (TRAJECTORY_LABEL[v.value] ?? v.value) : c.attribute === "capabilityBand" ? capabilityLabel(v.value) : v.value || "none"} (${v.count})`)
                  .join("; ")}
              </td>
              <td>
                {c.notCovered.length === 0
                  ? "—"
                  : c.notCovered.map((v) => (c.attribute === "trajectory" ? (TRAJECTORY_LABEL[v] ?? v) : c.attribute === "capabilityBand" ? capabilityLabel(v) : v || "none")).join("; ")}
              </td>
            </tr>
          ))}
          {result.coverage.numeric.map((c) => (
            <tr key={c.attribute}>
              <th scope="row">{sentenceCase(c.label)}</th>
              <td>
                {fmt(c.sampleMin)} to {fmt(c.sampleMax)} (spans {Math.round(c.rankSpan * 100)}% of the eligible ranks)
              </td>
              <td>
                eligible range {fmt(c.eligibleMin)} to {fmt(c.eligibleMax)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">
        {result.eligibleCount} eligible LAs, {result.poolCount} could be picked; exact search over {result.search.nodes.toLocaleString("en-GB")} nodes; seed{" "}
        {result.seed} (breaks exact ties only).
        {result.spanBands.length > 0 ? ` Wave 2 had to span the capability bands ${result.spanBands.map(capabilityLabel).join(", ")}.` : ""}
      </p>
      <SmallLaNotes result={result} />
    </>
  );
}

/** The small-LA rule of a run in a few words (results saved before the rule existed had none). */
export function smallLasText(result: SelectionResult): string {
  const r = result.smallLas;
  if (!r || r.handling === "none") return "no small-LA rule";
  const n = r.minChildren.toLocaleString("en-GB");
  return r.handling === "exclude" ? `LAs under ${n} children left out` : `LAs under ${n} children counted in their nearest type`;
}

/** What the small-LA rule did to the LAs that could otherwise have been picked. */
export function SmallLaNotes({ result }: { result: SelectionResult }) {
  const r = result.smallLas;
  if (!r) return null;
  return (
    <p className="hint small-la-notes">
      {describeSmallLaRule(r)}{" "}
      {r.notes.length === 0
        ? "No LA that took part was affected."
        : r.notes
            .map((n) => `${n.laName} (${n.childPopulation.toLocaleString("en-GB")} children): ${n.outcome === "counted as another type" ? `counted as a ${n.countedAs ?? n.laType}` : n.outcome}`)
            .join("; ") + "."}
    </p>
  );
}

/** Parameters of a run in one line of words. */
export function parametersText(result: SelectionResult, extra?: { declined?: string[]; keep?: string[]; includeMaybe?: boolean; laName?: (code: string) => string }): string {
  const names = (codes: string[]) => codes.map((c) => (extra?.laName ? `${extra.laName(c)} (${c})` : c)).join(", ");
  const w = ATTRIBUTES.filter((a) => result.weights[a.key as keyof typeof result.weights] !== a.defaultWeight)
    .map((a) => `${a.label.toLowerCase()} ${result.weights[a.key as keyof typeof result.weights]}`)
    .join(", ");
  const c = result.constraints;
  const parts = [
    `wave ${result.wave}`,
    `k = ${result.k}`,
    `seed ${result.seed}`,
    w ? `weights changed: ${w}` : "default weights",
    c.mustInclude.length ? `must include ${names(c.mustInclude)}` : "",
    c.mustExclude.length ? `must exclude ${names(c.mustExclude)}` : "",
    c.atMostOnePerRegion ? "at most one per region" : "",
    c.minPerType && Object.keys(c.minPerType).length ? `minimum per type: ${Object.entries(c.minPerType).map(([t, n]) => `${t} ${n}`).join(", ")}` : "",
    c.maxPerType && Object.keys(c.maxPerType).length ? `maximum per type: ${Object.entries(c.maxPerType).map(([t, n]) => `${t} ${n}`).join(", ")}` : "",
    extra?.declined?.length ? `declined ${names(extra.declined)}` : "",
    extra?.includeMaybe ? '"possibly" counts as agreeing' : "",
    smallLasText(result),
  ];
  return parts.filter(Boolean).join("; ");
}
