// Input and output shapes of the case-study selection engine.

import type { OfstedTrajectory } from "./ofsted-trajectory.ts";

/** One LA as the engine sees it. Pass every LA in the register; only eligible ones can be picked. */
export interface CaseStudyCandidate {
  la_code: string;
  name: string;
  region: string;
  la_type: string;
  /** Latest overall effectiveness ("Outstanding" | "Good" | "Requires improvement to be good" | "Inadequate"), null if never inspected. */
  ofsted: string | null;
  trajectory: OfstedTrajectory;
  /** Band from scoring. Bands not in `bandOrder` (e.g. "unknown") count as no band. */
  capability_band: string;
  capability_score: number | null;
  child_population: number | null;
  cin_count: number | null;
  fsm_pct: number | null;
  /** Submitted the survey. */
  submitted: boolean;
  /** Agreed to take part in a case study. */
  agreed: boolean;
}

export const CATEGORICAL_ATTRIBUTES = ["region", "la_type", "ofsted", "trajectory", "capability_band"] as const;
export const NUMERIC_ATTRIBUTES = ["capability_score", "child_population", "cin_count", "fsm_pct"] as const;
export type CategoricalAttribute = (typeof CATEGORICAL_ATTRIBUTES)[number];
export type NumericAttribute = (typeof NUMERIC_ATTRIBUTES)[number];
export type SelectionAttribute = CategoricalAttribute | NumericAttribute;
export const SELECTION_ATTRIBUTES: readonly SelectionAttribute[] = [...CATEGORICAL_ATTRIBUTES, ...NUMERIC_ATTRIBUTES];

export type SelectionWeights = Record<SelectionAttribute, number>;

export const DEFAULT_WEIGHTS: Readonly<SelectionWeights> = Object.freeze({
  region: 1,
  la_type: 1,
  ofsted: 1,
  trajectory: 1,
  capability_band: 1,
  capability_score: 1,
  child_population: 0.5,
  cin_count: 0.5,
  fsm_pct: 1,
});

export const ATTRIBUTE_LABELS: Record<SelectionAttribute, string> = {
  region: "region",
  la_type: "LA type",
  ofsted: "Ofsted judgement",
  trajectory: "Ofsted trajectory",
  capability_band: "capability band",
  capability_score: "capability score",
  child_population: "child population (0-17)",
  cin_count: "children in need",
  fsm_pct: "free-school-meal %",
};

export interface SelectionConstraints {
  mustInclude?: string[];
  mustExclude?: string[];
  atMostOnePerRegion?: boolean;
  /** LA type -> minimum number of picks of that type. */
  minPerType?: Record<string, number>;
  /** LA type -> maximum number of picks of that type. */
  maxPerType?: Record<string, number>;
}

export interface SelectionInput {
  candidates: readonly CaseStudyCandidate[];
  k: number;
  wave: 1 | 2;
  /** Capability bands from lowest to highest, e.g. ["low","developing","established","advanced"]. */
  bandOrder: readonly string[];
  weights?: Partial<SelectionWeights>;
  constraints?: SelectionConstraints;
  /** Wave 2: la_codes picked in earlier waves (all excluded). */
  previousPicks?: string[];
  /** LAs that declined a case study (excluded). */
  declined?: string[];
  /** Breaks exact ties only. Default 1. */
  seed?: number;
  /** What to do with LAs with very few children (small-las.ts). Absent: no rule. */
  smallLas?: SmallLaRule;
}

/**
 * "exclude": LAs with fewer than minChildren children aged 0-17 cannot be picked. "nearestType": they
 * can, and an LA that is a type of its own counts in the nearest ordinary type. "none": no rule.
 */
export interface SmallLaRule {
  handling: "exclude" | "nearestType" | "none";
  minChildren: number;
}

export interface SmallLaNote {
  laCode: string;
  laName: string;
  childPopulation: number;
  laType: string;
  outcome: "left out" | "counted as another type" | "kept";
  countedAs?: string;
}

export interface ObjectiveTerm {
  attribute: SelectionAttribute;
  label: string;
  kind: "categorical" | "numeric";
  weight: number;
  /** 0..1 */
  score: number;
  /** Plain words, e.g. "3 of 4 possible regions" or "mean pairwise distance 0.62 of max 0.67". */
  detail: string;
}

export interface CaseStudyPick {
  la_code: string;
  la_name: string;
  region: string;
  la_type: string;
  ofsted: string;
  trajectory: OfstedTrajectory;
  capability_band: string;
  capability_score: number | null;
  forced: boolean;
  /** Objective lost (0..1 scale) if this LA were removed and nobody replaced it. */
  contribution: number;
  rationale: string;
}

export interface CaseStudyReserve {
  /** The pick this LA would replace. */
  for_la_code: string;
  la_code: string | null;
  la_name: string | null;
  region: string | null;
  la_type: string | null;
  ofsted: string | null;
  capability_band: string | null;
  /** Objective of the sample with this swap made. */
  objective: number | null;
  note: string;
}

export interface CoverageRow {
  attribute: CategoricalAttribute;
  label: string;
  covered: { value: string; count: number; la_codes: string[] }[];
  /** Values present among eligible LAs but not in the sample. */
  not_covered: string[];
}

export interface NumericCoverageRow {
  attribute: NumericAttribute;
  label: string;
  sample_min: number | null;
  sample_max: number | null;
  eligible_min: number | null;
  eligible_max: number | null;
  /** Sample's highest minus lowest percentile rank among eligible LAs (0..1). */
  rank_span: number;
}

export interface SelectionResult {
  wave: 1 | 2;
  k: number;
  seed: number;
  /** 0..1: weighted mean of the attribute scores. */
  objective: number;
  terms: ObjectiveTerm[];
  picks: CaseStudyPick[];
  reserves: CaseStudyReserve[];
  coverage: { categorical: CoverageRow[]; numeric: NumericCoverageRow[] };
  eligible_count: number;
  pool_count: number;
  /** Wave 2: capability bands the sample had to contain. */
  span_bands: string[];
  weights: SelectionWeights;
  constraints: Required<Pick<SelectionConstraints, "mustInclude" | "mustExclude" | "atMostOnePerRegion">> &
    Pick<SelectionConstraints, "minPerType" | "maxPerType">;
  search: { nodes: number; exact: true };
  /** The small-LA rule applied and what it did to the eligible small LAs (absent from results saved before the rule existed). */
  smallLas?: SmallLaRule & { notes: SmallLaNote[] };
}
