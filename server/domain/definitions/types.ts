/**
 * The contract between survey definitions (data in survey-definitions/) and everything that
 * reads them: the respondent journey, scoring, the codebook, exports and case-study selection.
 *
 * Layout on disk (one folder per published version; a published folder is immutable):
 *   survey-definitions/<surveyId>/v<N>/catalogue.json    Catalogue
 *   survey-definitions/<surveyId>/v<N>/questionnaire.json hand-written SurveyJS sections (non-repeating)
 *   survey-definitions/<surveyId>/v<N>/rules.json         ScoringRules
 *   survey-definitions/<surveyId>/v<N>/mapping.json       VersionMapping from v<N-1> (v2 onwards)
 *   survey-definitions/published.json                      { "<surveyId>@<N>": "<sha256>" } lock of published versions
 *   survey-definitions/functions.ts                        custom SurveyJS functions, loaded by client and server
 *
 * Per-data-item answers live in one SurveyJS `matrixdropdown` per outcome area, named
 * `items_<outcomeAreaId>`, with one row per data item (row value = DataItem.id) and one column per
 * aspect (ITEM_ASPECTS). So the answer for one item is `data[itemQuestionName(area)][item.id][aspect]`.
 */

export type SurveyJson = Record<string, unknown> & { pages?: unknown[] };

export type PopulationId =
  | "children_in_need"
  | "child_protection"
  | "looked_after"
  | "care_leavers"
  | "families"
  | "workforce";

export type NationalReturn = "CIN" | "SSDA903" | "CSWW" | "S251" | "none";

export interface OutcomeArea {
  id: string; // e.g. "safe", "education", "health", "permanence", "family", "care_leavers", "enabler_leadership" ...
  name: string;
  kind: "outcome" | "enabler";
}

export interface Population {
  id: PopulationId;
  name: string;
}

export interface DataItem {
  id: string; // stable, e.g. "di_referral_date"; snake_case, <= 24 chars so codebook names stay <= 32
  name: string; // short label shown as the matrix row text
  description: string; // help text: what exactly is meant
  area: string; // OutcomeArea.id: the matrix this item is asked in
  population: PopulationId;
  nationalReturn: NationalReturn; // where it is collected nationally today, if anywhere
  /** What kind of record the item is (v4 on; absent = child_record). Decides which matrix asks it
   *  and which columns: a child-level record, a field the LA already sends in a statutory return
   *  (only in-year extraction and history are asked), or an aggregate/survey/HR/finance figure. */
  kind?: DataItemKind;
  /** v4 on: words that name this item in an indicator's numerator or denominator (checked: such an item must be required) */
  keywords?: string[];
}

export type DataItemKind = "child_record" | "statutory_return" | "aggregate";

/** National Framework (DfE Children's Social Care National Framework, Dec 2023) outcome or enabler. */
export type FrameworkArea =
  | "outcome_1_help"
  | "outcome_2_family_network"
  | "outcome_3_safe"
  | "outcome_4_stable_homes"
  | "enabler_multi_agency"
  | "enabler_leaders"
  | "enabler_workforce";

export interface IndicatorDataItemRef {
  id: string; // DataItem.id
  required: boolean; // required items bound the indicator's feasibility (weakest link)
}

export interface Indicator {
  id: string; // stable, e.g. "ind_rereferrals_12m"
  name: string;
  outcomeArea: string; // OutcomeArea.id
  population: PopulationId;
  numerator: string;
  denominator: string;
  polarity: "high_is_good" | "low_is_good" | "context";
  dataItems: IndicatorDataItemRef[];
  collectedNationally: boolean;
  nationalReturn: NationalReturn[]; // e.g. ["CIN"], or ["none"]
  source: string; // reference, e.g. "DfE CIN census guidance 2024-25; LAIT measure 123"
  /** v4 on: the National Framework outcome or enabler the indicator evidences. */
  framework?: FrameworkArea;
  /** v4 on: who produces it: DfE from national returns/matching, the LA from its own records, or both. */
  production?: "national" | "local" | "both";
  /** v4 on: months of child-level history the indicator needs (e.g. 12 for re-referrals within 12 months). */
  lookBackMonths?: number;
}

export interface Catalogue {
  /** v4 on: names of the National Framework outcomes and enablers used by Indicator.framework */
  frameworkAreas?: { id: FrameworkArea; name: string }[];
  outcomeAreas: OutcomeArea[];
  populations: Population[];
  dataItems: DataItem[];
  indicators: Indicator[];
}

/** The aspects asked for every data item: the columns of each items_<area> matrix. */
export const ITEM_ASPECTS = ["recorded", "extractable", "completeness", "history"] as const;
export type ItemAspect = (typeof ITEM_ASPECTS)[number];

/** Choice values of the aspect columns (stable: rules, codebook and exports reference them). */
export const ASPECT_CHOICES: Record<ItemAspect, readonly string[]> = {
  recorded: ["structured", "free_text", "other_system", "not_recorded", "dont_know"],
  extractable: ["yes", "partly", "no", "dont_know"],
  completeness: ["c90_100", "c75_89", "c50_74", "c0_49", "dont_know"],
  history: ["y5_plus", "y3_4", "y1_2", "y0_1", "dont_know"],
};

export function itemQuestionName(outcomeAreaId: string): string {
  return `items_${outcomeAreaId}`;
}

/** Matrices of the item kinds asked on their own page (one page for every area's items of that kind). */
export const KIND_MATRIX: Record<Exclude<DataItemKind, "child_record">, string> = {
  statutory_return: "items_returns",
  aggregate: "items_aggregate",
};

/** The matrix question that asks about a data item: per outcome area for child-level records, per kind otherwise. */
export function itemMatrixName(item: Pick<DataItem, "area" | "kind">): string {
  return item.kind && item.kind !== "child_record" ? KIND_MATRIX[item.kind] : itemQuestionName(item.area);
}

/** Every matrix question that asks about data items in a catalogue. */
export function itemMatrixNames(catalogue: Pick<Catalogue, "outcomeAreas" | "dataItems">): Set<string> {
  const names = new Set(catalogue.outcomeAreas.map((a) => itemQuestionName(a.id)));
  for (const d of catalogue.dataItems) names.add(itemMatrixName(d));
  return names;
}

/** Barriers reported nationally per indicator (the reason an item is not ready). */
export type BarrierCode =
  | "not_recorded"
  | "free_text_only"
  | "other_system_or_agency"
  | "not_extractable"
  | "poor_completeness"
  | "short_history"
  | "unknown";

export type BandId = "ready_now" | "feasible_with_development" | "not_feasible_now" | "not_enough_information";

/**
 * Declarative scoring rules (rules.json). Everything a score depends on is here, so a rules
 * version fully determines the scores for a given response.
 */
export interface ScoringRules {
  id: string; // e.g. "la-data-audit-rules"
  version: number;
  item: {
    /** Points 0-100 per aspect and choice value; null means "not enough information". */
    aspects: Record<
      ItemAspect,
      {
        label: string;
        weight: number; // used when combine = "weighted_mean"
        points: Record<string, number | null>;
        /** choice value -> the barrier it represents (only for values that are barriers) */
        barriers: Record<string, BarrierCode>;
      }
    >;
    /** How aspect points combine into one item score. */
    combine: "min" | "weighted_mean";
    /** Hard gates, applied in order: when the aspect has one of these values the item score is capped. */
    gates: { aspect: ItemAspect; values: string[]; cap: number; explanation: string }[];
    /** A missing answer for any aspect listed here makes the item "not enough information". */
    requiredAspects: ItemAspect[];
    /** v4 on: answers taken as given for an item kind because its matrix does not ask them (with why). */
    impliedAnswers?: Partial<Record<DataItemKind, { answers: Partial<Record<ItemAspect, string>>; basis: string }>>;
    /** v4 on: why the points, gates and combination are what they are. */
    basis?: string;
  };
  indicator: {
    /** Always "weakest_required": an indicator is only as feasible as its weakest required item. */
    combine: "weakest_required";
    explanation: string;
    /** v4 on: an indicator whose required item holds less history than the indicator's lookBackMonths
     *  (or whose history is unknown) is capped at `cap` (below Ready now). */
    historyGate?: { monthsByValue: Record<string, number>; cap: number; explanation: string; basis: string };
  };
  /** v4 on: why the band thresholds are where they are. */
  bandsBasis?: string;
  /** Bands by score, highest min first; "not_enough_information" is used when the score is null. */
  bands: { id: Exclude<BandId, "not_enough_information">; label: string; min: number }[];
  capability: {
    dimensions: CapabilityDimension[];
    /** Five levels, level 1 lowest; a dimension's level is the highest whose min <= its score. */
    levels: { level: 1 | 2 | 3 | 4 | 5; name: string; min: number; descriptor: string }[];
  };
}

export interface CapabilityDimension {
  id: string; // "data" | "tools_systems" | "skills" | "leadership" | "culture" | "uses" (CDDO themes)
  name: string;
  cddoTheme: string;
  descriptors: Record<"1" | "2" | "3" | "4" | "5", string>; // what each level looks like on this dimension
  /** Each contributing question: its name and the points 0-100 per choice value. For checkbox questions
   *  points are summed over selected choices and capped at 100. Unanswered / "dont_know" -> excluded. */
  questions: {
    question: string;
    points: Record<string, number>;
    weight: number;
    /** checkbox questions: "sum" (v1-v3, capped at 100) or "max" (v4: the best selected choice, so ticking more does not score more) */
    checkbox?: "sum" | "max";
    /** v4: the answer is an FTE band (value -> FTE midpoint) scored per 10,000 children aged 0-17 (LA context data) */
    per10kChildren?: { fteByValue: Record<string, number>; points: { min: number; points: number }[] };
  }[];
  /** v4 on: why this dimension's questions and weights were chosen */
  basis?: string;
  /** Optionally include the mean item-feasibility score of all data items as a contribution. */
  includeItemFeasibility?: { weight: number };
}

/** v(N-1) -> vN mapping: every old question is either carried over (possibly renamed / value-mapped) or dropped with a reason. */
export interface VersionMapping {
  from: number;
  to: number;
  questions: Record<
    string, // old question name
    | { to: string; values?: Record<string, string>; alsoTo?: string[]; dropValues?: Record<string, string>; note?: string } // carried over (optionally renamed, value-mapped; alsoTo: copied to more questions, when one old question became several; dropValues: old choice values with no counterpart, each reported with its reason)
    | { drop: true; reason: string }
  >;
  /** matrix rows renamed between versions: old question -> { oldRow: target }. A target is a row of the
   *  carried question ("newRow"), a row of another matrix ("matrix.newRow", the item moved page), or a
   *  list of targets (the old row was split: its answers are copied to each part). */
  rows?: Record<string, Record<string, string | string[]>>;
}

export interface MigrationReport {
  carried: string[];
  dropped: { question: string; reason: string }[];
  unmapped: { question: string; value: unknown; reason: string }[];
}

export interface LoadedDefinition {
  surveyId: string;
  version: number;
  hash: string; // sha256 of the canonical JSON of catalogue + questionnaire + rules (+ mapping)
  published: boolean;
  title: string;
  survey: SurveyJson; // the full SurveyJS JSON (hand-written sections + generated item matrices)
  catalogue: Catalogue;
  rules: ScoringRules;
  mapping?: VersionMapping;
  codebook: Codebook;
  /** time to complete, per page, as the survey description quotes it */
  estimate?: RespondentEstimate;
}

/** The completion-time estimate of a version, for the respondent's welcome page and progress. */
export interface RespondentEstimate {
  coreMinutes: number;
  totalMinutes: number;
  /** estimates are rounded up to this many minutes */
  roundToMinutes: number;
  /** estimated seconds per page name (every page of the definition) */
  pageSeconds: Record<string, number>;
  /** page name -> the role best placed to answer it (display name) */
  pageRoles: Record<string, string>;
  /** display names of the roles whose pages make the core */
  coreRoles: string[];
}

/** One variable of the codebook: one column of the Responses sheet. */
export interface CodebookVariable {
  name: string; // SPSS/Stata-safe: /^[A-Za-z][A-Za-z0-9_]{0,31}$/, unique
  label: string; // question text (with row/column/choice text appended where relevant)
  /** For variables that share a question (check-box flags, matrix rows, "other" text): the part that tells them apart, and the question text. */
  labelParts?: { detail: string; stem: string };
  section: string; // page title
  questionName: string;
  questionType: string; // SurveyJS type
  /** Where the value is found in response data. */
  path:
    | { kind: "value"; question: string } // data[question]
    | { kind: "choice_flag"; question: string; choice: string } // 1 if data[question] includes choice, else 0 (when answered)
    | { kind: "comment"; question: string } // data[`${question}-Comment`]
    | { kind: "matrix_row"; question: string; row: string } // data[question][row]
    | { kind: "matrix_cell"; question: string; row: string; column: string }; // data[question][row][column]
  measure: "nominal" | "ordinal" | "scale" | "string" | "date";
  /** Value codes: numeric code -> stored value and label. Empty for free text / numbers. */
  values: { code: number; value: string | number | boolean; label: string }[];
  indicatorIds: string[];
  dataItemId?: string;
  /**
   * Codes that are not valid answers, declared missing in every format (SPSS MISSING VALUES, Stata
   * extended missing values, R labelled values with na_values): "Don't know" always; "None" and
   * "Other" where they are not on an ordered scale; "Not asked" where the questionnaire's routing
   * (visibleIf) can hide the question. Empty cells are a separate thing: asked but not answered.
   */
  missing: MissingCode[];
}

export type MissingReason = "dont_know" | "none" | "other" | "not_asked" | "no_information";

export interface MissingCode {
  code: number;
  label: string;
  reason: MissingReason;
}

export interface Codebook {
  surveyId: string;
  version: number;
  hash: string;
  variables: CodebookVariable[];
}
