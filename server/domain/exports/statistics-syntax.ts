/**
 * What the SPSS syntax, the Stata do-file and the R script of the CSV bundle share: one description
 * per CSV file they read (a "dataset": its variables with labels, value labels, missing codes,
 * measurement level and, for text, the width of its longest value), built from the codebook for
 * responses.csv and from fixed column descriptions for the other tables.
 */
import type { Codebook, CodebookVariable, MissingCode } from "../definitions/types.ts";
import type { ColumnDoc, ColumnKind, ColumnSpec } from "./sheet-types.ts";

/** Labels of the fixed Responses columns (variables of the codebook carry their own). */
export const FIXED_COLUMN_LABELS: Record<string, string> = {
  la_code: "Local authority code (DfE)",
  gss_code: "Local authority code (ONS GSS)",
  la_name: "Local authority",
  region: "Region",
  la_type: "Local authority type",
  status: "Response status",
  definition_version: "Definition version the LA answered",
  migrated: "Answers carried over from an earlier definition version (1 = yes)",
  submitted_at: "Submitted at (UTC)",
  last_saved_at: "Last saved at (UTC)",
  n_contributors: "Number of contributors",
  contributor_names: "Contributor names",
  contributor_emails: "Contributor e-mail addresses",
};

/** Text columns that Stata turns into labelled numbers (their values are few and repeat). */
export const CATEGORICAL_TEXT_COLUMNS = new Set(["region", "la_type", "status", "response_status"]);

export type StatMeasure = "nominal" | "ordinal" | "scale";

export interface StatVariable {
  name: string;
  label: string;
  /** for variables that share a question: the part that tells them apart (choice, row) and the question text */
  labelParts?: { detail: string; stem: string };
  kind: ColumnKind;
  measure: StatMeasure;
  /** value labels, including the labels of missing codes */
  values: { code: number; label: string }[];
  missing: MissingCode[];
  /** text: bytes of the longest value in the CSV (at least 1) */
  width?: number;
}

export interface StatDataset {
  /** file stem: reads `${stem}.csv`, saves `${stem}.sav` / `${stem}.dta`, R object `${stem}` */
  stem: string;
  title: string;
  variables: StatVariable[];
}

export interface SyntaxInput {
  surveyId: string;
  version: number;
  hash: string;
  generatedAt: Date;
  /** responses first; every dataset is read, labelled and saved */
  datasets: StatDataset[];
}

function measureOf(kind: ColumnKind, v: CodebookVariable | undefined): StatMeasure {
  if (v?.measure === "ordinal") return "ordinal";
  if (v && (v.measure === "scale" || v.measure === "date")) return "scale";
  if (v) return "nominal";
  return kind === "number" || kind === "integer" || kind === "date" || kind === "datetime" ? "scale" : "nominal";
}

/** Value labels of a codebook variable plus the labels of its missing codes that are not choices. */
export function valueLabelsOf(v: Pick<CodebookVariable, "values" | "missing">): { code: number; label: string }[] {
  const out = v.values.map((x) => ({ code: x.code, label: x.label }));
  for (const m of v.missing ?? []) if (!out.some((x) => x.code === m.code)) out.push({ code: m.code, label: m.label });
  return out;
}

/** One dataset variable per column, described by the codebook (responses) or by `labels` (other tables). */
export function datasetOf(
  stem: string,
  title: string,
  columns: readonly ColumnSpec[],
  options: { codebook?: Codebook; docs?: ReadonlyMap<string, ColumnDoc>; widths?: ReadonlyMap<string, number> },
): StatDataset {
  const byName = new Map((options.codebook?.variables ?? []).map((v) => [v.name, v]));
  const variables = columns.map((c): StatVariable => {
    const doc = options.docs?.get(c.key);
    if (!byName.has(c.key) && doc) {
      return {
        name: c.key,
        label: doc.label,
        kind: c.kind,
        measure: c.kind === "text" ? "nominal" : (doc.measure ?? measureOf(c.kind, undefined)),
        values: c.kind === "text" ? [] : valueLabelsOf({ values: (doc.values ?? []).map((x) => ({ ...x, value: x.code })), missing: doc.missing ?? [] }),
        missing: c.kind === "text" ? [] : (doc.missing ?? []),
        ...(c.kind === "text" ? { width: Math.min(32767, Math.max(1, options.widths?.get(c.key) ?? 1)) } : {}),
      };
    }
    const v = byName.get(c.key);
    const coded = v && v.values.length > 0 && c.kind === "integer";
    return {
      name: c.key,
      label: v?.label ?? FIXED_COLUMN_LABELS[c.key] ?? c.header,
      ...(v?.labelParts ? { labelParts: v.labelParts } : {}),
      kind: c.kind,
      measure: c.kind === "text" ? "nominal" : measureOf(c.kind, v),
      values: v && c.kind !== "text" ? (coded ? valueLabelsOf(v) : valueLabelsOf({ values: [], missing: v.missing ?? [] })) : [],
      missing: v && c.kind !== "text" && c.kind !== "date" && c.kind !== "datetime" ? (v.missing ?? []) : [],
      ...(c.kind === "text" ? { width: Math.min(32767, Math.max(1, options.widths?.get(c.key) ?? 1)) } : {}),
    };
  });
  return { stem, title, variables };
}

/** Collapses whitespace (labels are single-line in every package). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** Cuts text to at most maxBytes of UTF-8 without splitting a character. */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, "utf8") <= maxBytes) return text;
  let out = "";
  let bytes = 0;
  for (const ch of text) {
    const b = Buffer.byteLength(ch, "utf8");
    if (bytes + b > maxBytes - 3) break;
    out += ch;
    bytes += b;
  }
  return `${out}...`;
}

/** Groups items by a key, keeping first-seen order (one SPSS/Stata/R statement per group). */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    groups.set(k, [...(groups.get(k) ?? []), item]);
  }
  return [...groups.values()];
}

export function valueLabelKey(v: StatVariable): string {
  return JSON.stringify(v.values);
}

export function missingKey(v: StatVariable): string {
  return JSON.stringify(v.missing.map((m) => m.code).sort((a, b) => a - b));
}

/** The header lines every file starts with (as comments). */
export function provenance(input: SyntaxInput): string[] {
  return [
    `${input.surveyId} version ${input.version} (definition hash ${input.hash}).`,
    `Generated ${input.generatedAt.toISOString().slice(0, 19)}Z by the LA Data Capability Audit export.`,
    `Missing codes: 99 Don't know; 98 None and 97 Other where not on an ordered scale; -1 Not asked (routed out). Empty = not answered.`,
  ];
}
