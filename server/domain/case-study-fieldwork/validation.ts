/**
 * How well the survey predicted what case-study LAs could actually produce. Each finding pairs the
 * band the survey gave an indicator (frozen when the finding was recorded) with what the analyst
 * observed in the LA. Bands and results map to three ordered classes:
 *   ready     Ready now                    <-> produced
 *   develop   Feasible with development    <-> produced with differences, or produced manually
 *   notNow    Not feasible now             <-> not produced
 * "Not enough information" predicts nothing, so those findings are counted apart and never in the
 * agreement. Agreement and Cohen's kappa are quoted only from 10 comparable findings up: below that
 * one finding moves kappa by more than the difference between "fair" and "good".
 */
export const FINDING_RESULTS = ["produced", "produced_with_differences", "produced_manually", "not_produced"] as const;
export type FindingResult = (typeof FINDING_RESULTS)[number];

export const FINDING_REASONS = [
  "not_recorded",
  "not_extractable",
  "incomplete",
  "too_little_history",
  "held_by_partner",
  "definition_differs",
  "other",
] as const;
export type FindingReason = (typeof FINDING_REASONS)[number];

export const PREDICTED_BANDS = ["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"] as const;
export type PredictedBand = (typeof PREDICTED_BANDS)[number];

export const CLASSES = ["ready", "develop", "notNow"] as const;
export type ValidationClass = (typeof CLASSES)[number];

export const RESULT_LABELS: Record<FindingResult, string> = {
  produced: "Produced as specified",
  produced_with_differences: "Produced with differences (local definition or part of the population)",
  produced_manually: "Produced only by hand",
  not_produced: "Not produced",
};
export const REASON_LABELS: Record<FindingReason, string> = {
  not_recorded: "Not recorded",
  not_extractable: "Not extractable",
  incomplete: "Incomplete",
  too_little_history: "Too little history",
  held_by_partner: "Held by a partner",
  definition_differs: "Definition differs",
  other: "Other",
};
export const CLASS_LABELS: Record<ValidationClass, string> = {
  ready: "Ready now / produced",
  develop: "With development / with differences or by hand",
  notNow: "Not feasible / not produced",
};
export const BAND_LABELS: Record<PredictedBand, string> = {
  ready_now: "Ready now",
  feasible_with_development: "Feasible with development",
  not_feasible_now: "Not feasible now",
  not_enough_information: "Not enough information",
};

/** Fewer comparable findings than this in a group: say so instead of quoting agreement or kappa. */
export const MIN_FINDINGS_FOR_KAPPA = 10;

export function predictedClass(band: PredictedBand): ValidationClass | null {
  if (band === "ready_now") return "ready";
  if (band === "feasible_with_development") return "develop";
  if (band === "not_feasible_now") return "notNow";
  return null;
}

export function observedClass(result: FindingResult): ValidationClass {
  if (result === "produced") return "ready";
  if (result === "not_produced") return "notNow";
  return "develop";
}

export interface FindingForValidation {
  laCode: string;
  indicatorId: string;
  result: FindingResult;
  reason: FindingReason | null;
  predictedBand: PredictedBand;
  /** Grouping facts about the LA, frozen or current. */
  wave: number | null;
  capabilityBand: string | null;
  ofstedTrajectory: string | null;
}

export interface ConfusionCell {
  predicted: ValidationClass;
  observed: ValidationClass;
  count: number;
}

export interface Agreement {
  /** comparable findings (prediction not "Not enough information") */
  n: number;
  nNotEnoughInformation: number;
  agreement: number | null;
  kappa: number | null;
  /** Plain words when agreement or kappa are withheld. */
  note: string | null;
  confusion: ConfusionCell[];
}

export interface GroupAgreement extends Agreement {
  key: string;
}

export interface MispredictionRow {
  predicted: ValidationClass;
  observed: ValidationClass;
  direction: "over" | "under";
  reason: FindingReason | null;
  count: number;
  findings: { laCode: string; indicatorId: string }[];
}

export interface ValidationSummary extends Agreement {
  byIndicator: GroupAgreement[];
  byLa: GroupAgreement[];
  byWave: GroupAgreement[];
  byCapabilityBand: GroupAgreement[];
  byOfstedTrajectory: GroupAgreement[];
  mispredictions: MispredictionRow[];
}

/** Confusion counts, observed agreement and Cohen's kappa over the comparable findings. */
export function agreementOf(findings: readonly FindingForValidation[]): Agreement {
  const counts = new Map<string, number>();
  let n = 0;
  let nNei = 0;
  for (const f of findings) {
    const p = predictedClass(f.predictedBand);
    if (p === null) {
      nNei += 1;
      continue;
    }
    const o = observedClass(f.result);
    const key = `${p}|${o}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    n += 1;
  }
  const confusion: ConfusionCell[] = [];
  for (const p of CLASSES) for (const o of CLASSES) confusion.push({ predicted: p, observed: o, count: counts.get(`${p}|${o}`) ?? 0 });
  if (n < MIN_FINDINGS_FOR_KAPPA) {
    const note =
      n === 0
        ? "No findings with a prediction yet."
        : `Only ${n} finding${n === 1 ? "" : "s"} with a prediction: at least ${MIN_FINDINGS_FOR_KAPPA} are needed before agreement and kappa mean anything.`;
    return { n, nNotEnoughInformation: nNei, agreement: null, kappa: null, note, confusion };
  }
  let agree = 0;
  let expected = 0;
  for (const c of CLASSES) {
    agree += counts.get(`${c}|${c}`) ?? 0;
    const rowTotal = CLASSES.reduce((s, o) => s + (counts.get(`${c}|${o}`) ?? 0), 0);
    const colTotal = CLASSES.reduce((s, p) => s + (counts.get(`${p}|${c}`) ?? 0), 0);
    expected += (rowTotal / n) * (colTotal / n);
  }
  const po = agree / n;
  // Every finding in one predicted and the same observed class: chance agreement is total and kappa undefined.
  if (expected >= 1) {
    return { n, nNotEnoughInformation: nNei, agreement: po, kappa: null, note: "Kappa is undefined: every finding falls in one class, so chance alone would agree.", confusion };
  }
  return { n, nNotEnoughInformation: nNei, agreement: po, kappa: (po - expected) / (1 - expected), note: null, confusion };
}

function groupBy(findings: readonly FindingForValidation[], keyOf: (f: FindingForValidation) => string): GroupAgreement[] {
  const groups = new Map<string, FindingForValidation[]>();
  for (const f of findings) {
    const k = keyOf(f);
    const list = groups.get(k);
    if (list) list.push(f);
    else groups.set(k, [f]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, list]) => ({ key, ...agreementOf(list) }));
}

const CLASS_RANK: Record<ValidationClass, number> = { ready: 2, develop: 1, notNow: 0 };

/** Cells where the survey was wrong, split by the analyst's reason: "over" = the survey was more hopeful. */
export function mispredictions(findings: readonly FindingForValidation[]): MispredictionRow[] {
  const rows = new Map<string, MispredictionRow>();
  for (const f of findings) {
    const p = predictedClass(f.predictedBand);
    if (p === null) continue;
    const o = observedClass(f.result);
    if (p === o) continue;
    const key = `${p}|${o}|${f.reason ?? ""}`;
    let row = rows.get(key);
    if (!row) {
      row = { predicted: p, observed: o, direction: CLASS_RANK[p] > CLASS_RANK[o] ? "over" : "under", reason: f.reason, count: 0, findings: [] };
      rows.set(key, row);
    }
    row.count += 1;
    row.findings.push({ laCode: f.laCode, indicatorId: f.indicatorId });
  }
  return [...rows.values()].sort((a, b) => b.count - a.count || a.predicted.localeCompare(b.predicted) || a.observed.localeCompare(b.observed));
}

export function summariseValidation(findings: readonly FindingForValidation[]): ValidationSummary {
  return {
    ...agreementOf(findings),
    byIndicator: groupBy(findings, (f) => f.indicatorId),
    byLa: groupBy(findings, (f) => f.laCode),
    byWave: groupBy(findings, (f) => (f.wave == null ? "none" : String(f.wave))),
    byCapabilityBand: groupBy(findings, (f) => f.capabilityBand ?? "unknown"),
    byOfstedTrajectory: groupBy(findings, (f) => f.ofstedTrajectory ?? "unknown"),
    mispredictions: mispredictions(findings),
  };
}
