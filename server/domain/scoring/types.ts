/**
 * Result types of the scoring domain. Everything here is plain JSON (stored as jsonb, sent by the API).
 * Scores are whole numbers 0-100, or null when there is not enough information.
 */
import type { BandId, BarrierCode, ItemAspect } from "../definitions/types.ts";

/** How one aspect of one data item was answered and what it is worth. */
export interface AspectAnswer {
  aspect: ItemAspect;
  aspectLabel: string; // rules.item.aspects[aspect].label
  /** The stored choice value, or null when the question was not answered. */
  value: string | null;
  /** Human label of the value ("Free text only"), null when not answered. */
  valueLabel: string | null;
  /** Points from the rules; null = no usable information (not answered, "don't know", or an unknown value). */
  points: number | null;
  status: "answered" | "no_information" | "not_answered" | "unrecognised";
  required: boolean; // listed in rules.item.requiredAspects
  barrier: BarrierCode | null;
}

export interface GateApplied {
  aspect: ItemAspect;
  value: string;
  cap: number;
  rule: string; // gate.explanation from the rules
  scoreBefore: number | null;
  scoreAfter: number;
  /** False when the score was already at or below the cap. */
  changed: boolean;
}

export type ScoreStatus = "scored" | "not_enough_information";

export interface ItemScore {
  itemId: string;
  itemName: string;
  area: string;
  score: number | null;
  status: ScoreStatus;
  /** The four aspects in ITEM_ASPECTS order. */
  aspects: AspectAnswer[];
  gates: GateApplied[];
  barriers: BarrierCode[]; // distinct, in BARRIER_ORDER
  /** Required aspects without usable information (empty when scored). */
  missingAspects: ItemAspect[];
  /** Rule steps, in order, as sentences a researcher can quote. */
  steps: string[];
}

/** A data item as listed under an indicator (the full ItemScore is in LaScores.items). */
export interface IndicatorItemRef {
  itemId: string;
  itemName: string;
  required: boolean;
  score: number | null;
}

export interface IndicatorItemScore extends ItemScore {
  required: boolean;
}

export interface IndicatorScore {
  indicatorId: string;
  indicatorName: string;
  outcomeArea: string;
  score: number | null;
  band: BandId;
  bandLabel: string;
  /** Required items that set the score (the weakest), or that lack information. */
  weakestItemIds: string[];
  /** Distinct barriers of the required items, in BARRIER_ORDER. */
  barriers: BarrierCode[];
  /** Every data item the indicator needs: required first, then optional, each in the indicator's order. */
  items: IndicatorItemRef[];
  /** Rule steps for the indicator (items have their own steps). */
  steps: string[];
  /** One-sentence summary: "Not feasible now (30): the weakest required item is Referral date …". */
  summary: string;
}

/** One indicator's score with the full explanation of each item it needs: self-contained, as stored per LA x indicator. */
export interface IndicatorExplanation extends Omit<IndicatorScore, "items"> {
  items: IndicatorItemScore[];
}

export interface CapabilityQuestionScore {
  question: string;
  weight: number;
  /** Raw answer (string, string[] for checkbox, boolean or number), null when unanswered. */
  answer: unknown;
  score: number | null;
  status: "answered" | "no_information" | "not_answered" | "unrecognised";
  note: string;
}

export interface CapabilityDimensionScore {
  dimensionId: string;
  name: string;
  cddoTheme: string;
  score: number | null;
  level: 1 | 2 | 3 | 4 | 5 | null;
  levelName: string; // "Not enough information" when level is null
  descriptor: string; // the dimension's descriptor for that level; explanation when null
  questions: CapabilityQuestionScore[];
  itemFeasibility: { weight: number; meanItemScore: number | null; itemsScored: number } | null;
  steps: string[];
}

export type CapabilityBand = "low" | "developing" | "established" | "advanced" | "unknown";

export interface CapabilityProfile {
  dimensions: CapabilityDimensionScore[];
  /** Summary beside the profile; never a replacement for it. */
  summary: {
    dimensionsAssessed: number;
    dimensionsTotal: number;
    /** Median level of assessed dimensions (lower median when even); null when none assessed. */
    medianLevel: 1 | 2 | 3 | 4 | 5 | null;
    /** Lowest assessed level (ODI/DMAG "weakest link" reading); null when none assessed. */
    lowestLevel: 1 | 2 | 3 | 4 | 5 | null;
    /** Rounded mean of the assessed dimensions' scores (0-100); null when none assessed. For ranking/spread only. */
    score: number | null;
    band: CapabilityBand;
    text: string;
  };
}

export interface LaScores {
  rulesId: string;
  rulesVersion: number;
  indicators: IndicatorScore[];
  /** Every catalogue data item, in catalogue order. */
  items: ItemScore[];
  capability: CapabilityProfile;
}

/** One LA's survey answers as stored (question name -> answer). */
export type ResponseData = Record<string, unknown>;

export interface ScoreOptions {
  /** Build the sentences (steps, summaries). Default true. With false, steps are [] and summaries "";
   *  scores, bands, barriers, answers and gates are identical. For bulk statistics. */
  explain?: boolean;
}
