// Typology grid: Ofsted trajectory (rows) x data-capability band (columns), with counts and LA names.

import { TRAJECTORIES, TRAJECTORY_LABELS, type OfstedTrajectory } from "./ofsted-trajectory.ts";

export interface TypologyLa {
  la_code: string;
  name: string;
  trajectory: OfstedTrajectory;
  /** Capability band from scoring, e.g. "low" | "developing" | "established" | "advanced" | "unknown". */
  capability_band: string;
}

export interface TypologyCell {
  trajectory: OfstedTrajectory;
  band: string;
  count: number;
  las: { la_code: string; name: string }[];
}

export interface TypologyGrid {
  trajectories: { key: OfstedTrajectory; label: string; total: number }[];
  /** `bandOrder` first (lowest to highest), then any other band seen (e.g. "unknown") in alphabetical order. */
  bands: { key: string; total: number }[];
  /** Row-major: cells[r * bands.length + c]. Also available by key through `cell()`. */
  cells: TypologyCell[];
  total: number;
}

export function buildTypologyGrid(las: readonly TypologyLa[], bandOrder: readonly string[]): TypologyGrid {
  const extra = [...new Set(las.map((l) => l.capability_band).filter((b) => !bandOrder.includes(b)))].sort();
  const bands = [...bandOrder, ...extra];
  const cells: TypologyCell[] = [];
  for (const trajectory of TRAJECTORIES) {
    for (const band of bands) cells.push({ trajectory, band, count: 0, las: [] });
  }
  const sorted = las.slice().sort((a, b) => a.name.localeCompare(b.name, "en-GB") || a.la_code.localeCompare(b.la_code));
  for (const la of sorted) {
    const r = TRAJECTORIES.indexOf(la.trajectory);
    if (r < 0) throw new Error(`trajectory: "${la.trajectory}" for ${la.la_code} is not one of ${TRAJECTORIES.join(", ")}`);
    const cell = cells[r * bands.length + bands.indexOf(la.capability_band)];
    cell.count++;
    cell.las.push({ la_code: la.la_code, name: la.name });
  }
  return {
    trajectories: TRAJECTORIES.map((key, r) => ({
      key,
      label: TRAJECTORY_LABELS[key],
      total: cells.slice(r * bands.length, (r + 1) * bands.length).reduce((s, c) => s + c.count, 0),
    })),
    bands: bands.map((key, c) => ({ key, total: TRAJECTORIES.reduce((s, _t, r) => s + cells[r * bands.length + c].count, 0) })),
    cells,
    total: las.length,
  };
}

export function typologyCell(grid: TypologyGrid, trajectory: OfstedTrajectory, band: string): TypologyCell | undefined {
  return grid.cells.find((c) => c.trajectory === trajectory && c.band === band);
}
