// Plain-English rationale per pick (what it adds to the sample's variation) and the coverage table.

import { TRAJECTORY_CLAUSES, type OfstedTrajectory } from "./ofsted-trajectory.ts";
import { capabilityBandLabel } from "../scoring/wording.ts";
import { BAND, NOT_INSPECTED, categoricalValue, numericValue, type SelectionModel } from "./selection-model.ts";
import {
  ATTRIBUTE_LABELS,
  CATEGORICAL_ATTRIBUTES,
  NUMERIC_ATTRIBUTES,
  type CoverageRow,
  type NumericAttribute,
  type NumericCoverageRow,
} from "./types.ts";

const TRAJECTORY_PHRASES: Record<OfstedTrajectory, string> = {
  improved: "LA whose Ofsted judgement improved between its first and latest ILACS inspection",
  declined: "LA whose Ofsted judgement declined between its first and latest ILACS inspection",
  stable_good_outstanding: "LA that stayed good or outstanding across its ILACS inspections",
  stable_ri_inadequate: "LA that stayed at requires improvement or inadequate across its ILACS inspections",
  single_inspection: "LA with a single ILACS inspection",
  not_inspected: "LA with no ILACS inspection",
};

function ordinal(n: number): string {
  const m100 = n % 100;
  if (m100 >= 11 && m100 <= 13) return `${n}th`;
  return `${n}${["th", "st", "nd", "rd"][n % 10] ?? "th"}`;
}

export function formatNumeric(attr: NumericAttribute, v: number): string {
  switch (attr) {
    case "fsm_pct":
      return `${Math.round(v * 10) / 10}%`;
    case "capability_score":
      return String(Math.round(v * 10) / 10);
    default:
      return Math.round(v).toLocaleString("en-GB");
  }
}

function uniquePhrase(model: SelectionModel, a: number, value: string): string {
  switch (CATEGORICAL_ATTRIBUTES[a]) {
    case "region":
      return `the only LA from ${value}`;
    case "la_type":
      return /(authority|council|district|borough)$/i.test(value) ? `the only ${value}` : `the only LA of type "${value}"`;
    case "ofsted":
      return value === NOT_INSPECTED ? "the only LA without an ILACS judgement" : `the only LA judged ${value}`;
    case "trajectory":
      return `the only ${TRAJECTORY_PHRASES[value as OfstedTrajectory]}`;
    case "capability_band": {
      const present = model.catValues[BAND];
      const where =
        present.length > 1 && value === present[0]
          ? ", the lowest band among eligible LAs"
          : present.length > 1 && value === present[present.length - 1]
            ? ", the highest band among eligible LAs"
            : "";
      return `the only LA in the band “${capabilityBandLabel(value)}”${where}`;
    }
  }
}

/** Rationale for pick `i` of `set` (indices into model.las). */
export function explainPick(model: SelectionModel, set: readonly number[], i: number, contribution: number): string {
  const la = model.las[i];
  const adds: string[] = [];
  const shares: string[] = [];
  CATEGORICAL_ATTRIBUTES.forEach((attr, a) => {
    const code = model.catCodes[a][i];
    if (code < 0) return;
    const same = set.filter((j) => j !== i && model.catCodes[a][j] === code);
    const value = model.catValues[a][code];
    if (same.length === 0) adds.push(uniquePhrase(model, a, value));
    else if (attr === "region" || attr === "la_type") {
      shares.push(`its ${ATTRIBUTE_LABELS[attr]} (${value}) with ${same.map((j) => model.las[j].name).join(" and ")}`);
    }
  });
  const extremes: string[] = [];
  NUMERIC_ATTRIBUTES.forEach((attr, a) => {
    const v = numericValue(la, a);
    if (v == null || set.length < 2) return;
    const ranks = model.numRanks[a];
    const others = set.filter((j) => j !== i && numericValue(model.las[j], a) != null).map((j) => ranks[j]);
    if (others.length === 0) return;
    const pct = ordinal(Math.round(ranks[i] * 100));
    if (ranks[i] > Math.max(...others)) extremes.push(`the highest ${ATTRIBUTE_LABELS[attr]} in the sample (${formatNumeric(attr, v)}, ${pct} percentile of eligible LAs)`);
    else if (ranks[i] < Math.min(...others)) extremes.push(`the lowest ${ATTRIBUTE_LABELS[attr]} in the sample (${formatNumeric(attr, v)}, ${pct} percentile of eligible LAs)`);
  });
  const sentences: string[] = [];
  const ofsted = la.ofsted ? `Ofsted ${la.ofsted}, ${TRAJECTORY_CLAUSES[la.trajectory]}` : `Ofsted: ${TRAJECTORY_CLAUSES[la.trajectory]}`;
  sentences.push(`${la.name} (${la.la_type}, ${la.region}; ${ofsted}; ${capabilityBandLabel(categoricalValue(la, BAND))}).`);
  if (adds.length) sentences.push(`It is ${joinList(adds)}.`);
  if (extremes.length) sentences.push(`It has ${joinList(extremes)}.`);
  if (!adds.length && !extremes.length) sentences.push("It adds no category of its own; it is chosen for its distance from the other picks on the numeric measures.");
  if (shares.length) sentences.push(`It shares ${joinList(shares)}.`);
  sentences.push(`Without it the objective would fall by ${(contribution * 100).toFixed(1)} points (of 100).`);
  return sentences.join(" ");
}

function joinList(xs: string[]): string {
  if (xs.length <= 1) return xs.join("");
  return `${xs.slice(0, -1).join("; ")}; and ${xs[xs.length - 1]}`;
}

export function describeCoverage(model: SelectionModel, set: readonly number[]): { categorical: CoverageRow[]; numeric: NumericCoverageRow[] } {
  const categorical: CoverageRow[] = CATEGORICAL_ATTRIBUTES.map((attr, a) => {
    const codes = model.catCodes[a];
    const present = new Set<number>();
    for (let i = 0; i < model.n; i++) if (codes[i] >= 0) present.add(codes[i]);
    const covered = model.catValues[a]
      .map((value, code) => ({ value, code, members: set.filter((i) => codes[i] === code) }))
      .filter((x) => x.members.length > 0)
      .map((x) => ({ value: x.value, count: x.members.length, la_codes: x.members.map((i) => model.las[i].la_code).sort() }));
    const notCovered = model.catValues[a].filter((_v, code) => present.has(code) && !set.some((i) => codes[i] === code));
    return { attribute: attr, label: ATTRIBUTE_LABELS[attr], covered, not_covered: notCovered };
  });
  const numeric: NumericCoverageRow[] = NUMERIC_ATTRIBUTES.map((attr, a) => {
    const vals = (idx: readonly number[]) => idx.map((i) => numericValue(model.las[i], a)).filter((v): v is number => v != null);
    const all = vals(model.las.map((_c, i) => i));
    const sample = vals(set);
    const ranks = set.map((i) => model.numRanks[a][i]);
    return {
      attribute: attr,
      label: ATTRIBUTE_LABELS[attr],
      sample_min: sample.length ? Math.min(...sample) : null,
      sample_max: sample.length ? Math.max(...sample) : null,
      eligible_min: all.length ? Math.min(...all) : null,
      eligible_max: all.length ? Math.max(...all) : null,
      rank_span: ranks.length ? Math.max(...ranks) - Math.min(...ranks) : 0,
    };
  });
  return { categorical, numeric };
}
