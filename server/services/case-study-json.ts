/**
 * The case-study engine's shapes (server/domain/case-studies, and the selections stored from it)
 * turned into the API's camelCase contract (server/contracts/case-studies.ts), and the API's
 * attribute names back into the engine's. Stored selections keep the engine's shape, so selections
 * saved before the API was camelCase read the same as new ones.
 */
import type {
  SelectionAttributeName,
  SavedSelection as SavedSelectionJson,
  SelectionParameters as SelectionParametersJson,
  SelectionResult as SelectionResultJson,
  TypologyGrid as TypologyGridJson,
  RunRequestEcho,
  Weights as WeightsJson,
} from "../contracts/case-studies.ts";
import type { SelectionAttribute, SelectionResult, SelectionWeights } from "../domain/case-studies/types.ts";
import type { TypologyGrid } from "../domain/case-studies/typology.ts";
import type { SavedSelection } from "../repositories/case-studies-repository.ts";
import type { RunParams } from "./case-study-service.ts";

const API_NAME: Record<SelectionAttribute, SelectionAttributeName> = {
  region: "region",
  la_type: "laType",
  ofsted: "ofsted",
  trajectory: "trajectory",
  capability_band: "capabilityBand",
  capability_score: "capabilityScore",
  child_population: "childPopulation",
  cin_count: "cinCount",
  fsm_pct: "fsmPct",
};
const ENGINE_NAME = Object.fromEntries(Object.entries(API_NAME).map(([engine, api]) => [api, engine])) as Record<SelectionAttributeName, SelectionAttribute>;

/** An attribute name as the API spells it (unknown names pass through unchanged). */
export function apiAttributeName(a: string): SelectionAttributeName {
  return (API_NAME as Record<string, SelectionAttributeName>)[a] ?? (a as SelectionAttributeName);
}

/** Weights keyed by the API's names, keyed by the engine's. */
export function engineWeights(w: WeightsJson | undefined): Partial<SelectionWeights> | undefined {
  if (!w) return undefined;
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [ENGINE_NAME[k as SelectionAttributeName] ?? k, v]));
}

function apiWeights(w: Record<string, number> | undefined): Record<string, number> {
  return Object.fromEntries(Object.entries(w ?? {}).map(([k, v]) => [apiAttributeName(k), v]));
}

export function selectionResultJson(r: SelectionResult): SelectionResultJson {
  return {
    wave: r.wave,
    k: r.k,
    seed: r.seed,
    objective: r.objective,
    terms: r.terms.map((t) => ({ ...t, attribute: apiAttributeName(t.attribute) })),
    picks: r.picks.map((p) => ({
      laCode: p.la_code,
      laName: p.la_name,
      region: p.region,
      laType: p.la_type,
      ofsted: p.ofsted,
      trajectory: p.trajectory,
      capabilityBand: p.capability_band,
      capabilityScore: p.capability_score,
      forced: p.forced,
      contribution: p.contribution,
      rationale: p.rationale,
    })),
    reserves: r.reserves.map((x) => ({
      forLaCode: x.for_la_code,
      laCode: x.la_code,
      laName: x.la_name,
      region: x.region,
      laType: x.la_type,
      ofsted: x.ofsted,
      capabilityBand: x.capability_band,
      objective: x.objective,
      note: x.note,
    })),
    coverage: {
      categorical: r.coverage.categorical.map((c) => ({
        attribute: apiAttributeName(c.attribute),
        label: c.label,
        covered: c.covered.map((v) => ({ value: v.value, count: v.count, laCodes: v.la_codes })),
        notCovered: c.not_covered,
      })),
      numeric: r.coverage.numeric.map((n) => ({
        attribute: apiAttributeName(n.attribute),
        label: n.label,
        sampleMin: n.sample_min,
        sampleMax: n.sample_max,
        eligibleMin: n.eligible_min,
        eligibleMax: n.eligible_max,
        rankSpan: n.rank_span,
      })),
    },
    eligibleCount: r.eligible_count,
    poolCount: r.pool_count,
    spanBands: r.span_bands,
    weights: apiWeights(r.weights),
    constraints: r.constraints,
    search: r.search,
    ...(r.smallLas ? { smallLas: r.smallLas } : {}),
  };
}

/** The parameters stored with a run (engine names, see runSelection) in the API's shape. */
export function selectionParametersJson(p: Record<string, unknown>): SelectionParametersJson {
  const list = (v: unknown) => (Array.isArray(v) ? v.map(String) : []);
  return {
    wave: p.wave === 2 ? 2 : 1,
    k: Number(p.k),
    seed: Number(p.seed),
    weights: apiWeights(p.weights as Record<string, number> | undefined),
    constraints: (p.constraints as Record<string, unknown> | undefined) ?? {},
    keep: list(p.keep),
    declined: list(p.declined),
    previousPicks: list(p.previous_picks),
    includeMaybe: Boolean(p.include_maybe),
    bandOrder: list(p.band_order),
    eligibleCount: typeof p.eligible_count === "number" ? p.eligible_count : null,
    ...(p.small_las ? { smallLas: p.small_las as SelectionParametersJson["smallLas"] } : {}),
    ...(typeof p.leave_out_declined === "boolean" ? { leaveOutDeclined: p.leave_out_declined } : {}),
    ...(Array.isArray(p.recorded_declines) ? { recordedDeclines: p.recorded_declines as SelectionParametersJson["recordedDeclines"] } : {}),
  };
}

export function savedSelectionJson(s: SavedSelection, createdByLabel: string | null): SavedSelectionJson {
  return {
    id: s.id,
    wave: s.wave,
    k: s.k,
    seed: s.seed,
    objective: s.objective,
    isCurrent: s.isCurrent,
    createdBy: s.createdBy,
    createdByKind: s.createdByKind,
    createdByLabel,
    createdAt: s.createdAt.toISOString(),
    parameters: selectionParametersJson(s.parameters),
    result: selectionResultJson(s.result),
  };
}

export function typologyGridJson(g: TypologyGrid): TypologyGridJson {
  return { ...g, cells: g.cells.map((c) => ({ ...c, las: c.las.map((l) => ({ laCode: l.la_code, name: l.name })) })) };
}

/** What a run was asked (kept with it), in the API's names: posting it back runs it again. */
export function runRequestJson(r: RunParams): RunRequestEcho {
  return { ...r, weights: r.weights ? apiWeights(r.weights as Record<string, number>) : undefined } as RunRequestEcho;
}
