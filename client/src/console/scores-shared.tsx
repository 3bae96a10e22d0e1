/**
 * Shared by the score views (heat map, indicator ranking, LA profile): API shapes, band wording and
 * the band badge. A band is never shown by colour alone: each has a letter, a pattern and its name
 * (visible in the legend, and in every cell's accessible name).
 */
import type { BandId } from "../../../server/domain/definitions/types.ts";
import type { CapabilityProfile, IndicatorExplanation, ItemScore } from "../../../server/domain/scoring/types.ts";
import type { IndicatorSummary } from "../../../server/domain/scoring/summarise-indicators.ts";
import { CAPABILITY_BAND_LABELS, capabilityBandLabel } from "../../../server/domain/scoring/wording.ts";
import type { LaScoresDto, Matrix, MatrixIndicator, MatrixLa, SummaryDto } from "../../../server/contracts/scores.ts";
import "./scores.css";

export type { BandId, CapabilityProfile, IndicatorExplanation, IndicatorSummary, ItemScore };

export type { Matrix, MatrixIndicator, MatrixLa };

/** One LA's scores: the contract, with the explanation parts typed by the pure scoring domain. */
export type LaScores = Omit<LaScoresDto, "capability" | "indicators" | "items"> & {
  capability: CapabilityProfile;
  indicators: IndicatorExplanation[];
  items: ItemScore[];
};

/** The national summary: the contract, with each indicator typed by the pure scoring domain. */
export type Summary = Omit<SummaryDto, "indicators"> & { indicators: IndicatorSummary[] };

export const BAND_ORDER: readonly BandId[] = ["ready_now", "feasible_with_development", "not_feasible_now", "not_enough_information"];

export const BAND_LABEL: Record<BandId, string> = {
  ready_now: "Ready now",
  feasible_with_development: "Feasible with development",
  not_feasible_now: "Not feasible now",
  not_enough_information: "Not enough information",
};

/** One-letter cue printed in every cell, beside the colour and pattern. */
export const BAND_LETTER: Record<BandId, string> = {
  ready_now: "R",
  feasible_with_development: "F",
  not_feasible_now: "N",
  not_enough_information: "?",
};

/** Fill colours for charts (3:1 or more against white, and distinct for common colour-vision deficiencies by lightness). */
export const BAND_FILL: Record<BandId, string> = {
  ready_now: "#00703c",
  feasible_with_development: "#b58800",
  not_feasible_now: "#b10e1e",
  not_enough_information: "#6f777b",
};

/** Capability band names, worded so they never clash with the five dimension level names. */
export const CAPABILITY_LABEL: Record<string, string> = CAPABILITY_BAND_LABELS;

/**
 * An LA's capability status, worded the same on every page: the band, with the score only when there
 * is a band (a score over too few dimensions is not a result to quote).
 */
export function capabilityStatus(la: { capabilityBand: string; capabilityScore: number | null }): string {
  const label = capabilityBandLabel(la.capabilityBand);
  return la.capabilityBand !== "unknown" && la.capabilityScore !== null ? `${label} (score ${la.capabilityScore})` : label;
}

export const OFSTED_ORDER = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"];
export function ofstedLabel(o: string | null): string {
  return o ?? "Not inspected";
}

export function bandName(band: BandId, score: number | null): string {
  return score === null ? BAND_LABEL[band] : `${BAND_LABEL[band]}, score ${score}`;
}

/** A band shown with letter, pattern and (unless `compact`) its name. */
export function BandBadge({ band, score, compact = false }: { band: BandId; score?: number | null; compact?: boolean }) {
  return (
    <span className={`band band-${band}`}>
      <span aria-hidden="true" className="band-letter">
        {BAND_LETTER[band]}
      </span>
      {compact ? <span className="visually-hidden">{BAND_LABEL[band]}</span> : <span> {BAND_LABEL[band]}</span>}
      {score !== undefined && score !== null ? <span className="band-score"> {score}</span> : null}
    </span>
  );
}

/** The key to the heat map's colours, letters and patterns. */
export function BandLegend({ bands }: { bands?: { id: BandId; label: string; min: number | null }[] }) {
  const list = bands ?? BAND_ORDER.map((id) => ({ id, label: BAND_LABEL[id], min: null }));
  return (
    <dl className="band-legend" aria-label="Key to bands">
      {list.map((b) => (
        <div key={b.id}>
          <dt>
            <span className={`band band-${b.id} band-swatch`}>
              <span aria-hidden="true" className="band-letter">
                {BAND_LETTER[b.id]}
              </span>
            </span>
          </dt>
          <dd>
            {b.label}
            {b.min !== null ? ` (score ${b.min} or more)` : b.id === "not_enough_information" ? " (answers missing; never a silent zero)" : ""}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Sortable column header button with aria-sort on its <th>. */
export type SortDir = "ascending" | "descending";
export function sortArrow(active: boolean, dir: SortDir): string {
  return active ? (dir === "ascending" ? " ▲" : " ▼") : " ↕";
}

export function uniqueSorted(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort((a, b) => a.localeCompare(b));
}
