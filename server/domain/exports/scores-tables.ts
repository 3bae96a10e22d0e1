/**
 * Scores for analysis: the wide table (one row per LA: status, definition version answered, each
 * indicator's score and band, each capability dimension's level), with column names of at most 32
 * characters that SPSS, Stata and R accept, and the descriptions (labels, value labels, missing
 * codes) the codebook and the syntax files give each column.
 */
import { shortHash } from "../definitions/codebook.ts";
import type { MissingCode } from "../definitions/types.ts";
import { mapRows, SHEETS, type MaybeAsync } from "./build-sheets.ts";
import type { ColumnDoc, ColumnSpec, TableData } from "./sheet-types.ts";

export interface ScoreLayout {
  indicators: readonly { id: string; name: string }[];
  dimensions: readonly { id: string; name: string }[];
  levels: readonly { level: number; name: string }[];
  bands: readonly { id: string; label: string }[];
}

export interface WideScoreRecord {
  laCode: string;
  laName: string;
  region: string;
  laType: string;
  status: string;
  definitionVersion: number | null;
  migrated: boolean | null;
  /** indicator id -> score (null = not enough information) and band id; absent when not scored */
  indicators: ReadonlyMap<string, { score: number | null; band: string }>;
  /** capability dimension id -> level 1-5 (null = not enough information) */
  capability: ReadonlyMap<string, number | null>;
}

/** Band codes, lowest feasibility first (an ordered scale); "not enough information" is declared missing. */
export const BAND_CODES: Record<string, number> = { not_feasible_now: 1, feasible_with_development: 2, ready_now: 3, not_enough_information: 9 };
export const NO_INFORMATION: MissingCode = { code: 9, label: "Not enough information", reason: "no_information" };

/** The stem of an id's columns: at most 26 characters, so "<stem>_score" fits in 32 (long ids: 20 characters + "_" + hash). */
export function columnStem(id: string, prefix = ""): string {
  const base = `${prefix}${id.replace(/^ind_/, "")}`.replace(/[^A-Za-z0-9_]/g, "_");
  return base.length <= 26 ? base : `${base.slice(0, 20).replace(/_+$/, "")}_${shortHash(id)}`;
}

const FIXED: { spec: ColumnSpec; doc: ColumnDoc }[] = [
  { spec: { key: "la_code", header: "la_code", kind: "text", width: 8 }, doc: { label: "Local authority code (DfE)" } },
  { spec: { key: "la_name", header: "la_name", kind: "text", width: 28 }, doc: { label: "Local authority" } },
  { spec: { key: "region", header: "region", kind: "text", width: 22 }, doc: { label: "Region" } },
  { spec: { key: "la_type", header: "la_type", kind: "text", width: 18 }, doc: { label: "Local authority type" } },
  { spec: { key: "status", header: "status", kind: "text", width: 12 }, doc: { label: "Response status" } },
  { spec: { key: "definition_version", header: "definition_version", kind: "integer" }, doc: { label: "Definition version the LA answered" } },
  { spec: { key: "migrated", header: "migrated", kind: "boolean" }, doc: { label: "Answers carried over from an earlier definition version (1 = yes)" } },
];

/** Columns of the wide table with their descriptions, in order. */
export function wideScoreColumns(layout: ScoreLayout): { spec: ColumnSpec; doc: ColumnDoc }[] {
  const bandValues = [...layout.bands.map((b) => ({ code: BAND_CODES[b.id], label: b.label })), { code: NO_INFORMATION.code, label: NO_INFORMATION.label }]
    .filter((b) => b.code !== undefined)
    .sort((a, b) => a.code - b.code);
  const levelValues = layout.levels.map((l) => ({ code: l.level, label: `${l.level} ${l.name}` }));
  const out = [...FIXED];
  for (const ind of layout.indicators) {
    const stem = columnStem(ind.id);
    out.push(
      { spec: { key: `${stem}_score`, header: `${stem}_score`, kind: "integer" }, doc: { label: `Feasibility score 0-100: ${ind.name} (${ind.id}); empty = not enough information`, measure: "scale" } },
      { spec: { key: `${stem}_band`, header: `${stem}_band`, kind: "integer" }, doc: { label: `Feasibility band: ${ind.name} (${ind.id})`, values: bandValues, missing: [NO_INFORMATION], measure: "ordinal" } },
    );
  }
  for (const dim of layout.dimensions) {
    const stem = columnStem(dim.id, "cap_");
    out.push({ spec: { key: `${stem}_level`, header: `${stem}_level`, kind: "integer" }, doc: { label: `Capability level 1-5: ${dim.name}; empty = not enough information`, values: levelValues, measure: "ordinal" } });
  }
  const names = out.map((c) => c.spec.key.toLowerCase());
  if (new Set(names).size !== names.length) throw new Error("two score columns have the same name");
  return out;
}

export function buildScoresWideTable(layout: ScoreLayout, rows: MaybeAsync<WideScoreRecord>): TableData {
  const columns = wideScoreColumns(layout);
  return {
    ...SHEETS.scoresWide,
    columns: columns.map((c) => c.spec),
    columnDocs: new Map(columns.map((c) => [c.spec.key, c.doc])),
    rows: mapRows(rows, (r) => [
      r.laCode, r.laName, r.region, r.laType, r.status, r.definitionVersion, r.migrated,
      ...layout.indicators.flatMap((ind) => {
        const s = r.indicators.get(ind.id);
        return s ? [s.score, BAND_CODES[s.band] ?? null] : [null, null];
      }),
      ...layout.dimensions.map((d) => r.capability.get(d.id) ?? null),
    ]),
  };
}
