/**
 * The case-study selection form as data: its fields, the reducer that edits them, the request they
 * make, the checks made before asking the server, and where an API error's field is shown.
 */
import { ATTRIBUTES } from "./case-study-result.tsx";
import { DEFAULT_MIN_CHILDREN } from "../../../server/domain/case-studies/small-las.ts";
import type { SmallLaRule } from "../../../server/domain/case-studies/types.ts";

export type SmallLaHandling = SmallLaRule["handling"];

export interface RunRequest {
  wave: 1 | 2;
  k: number;
  seed?: number;
  weights: Record<string, number>;
  constraints: {
    mustInclude: string[];
    mustExclude: string[];
    atMostOnePerRegion: boolean;
    minPerType?: Record<string, number>;
    maxPerType?: Record<string, number>;
  };
  declined: string[];
  keep: string[];
  includeMaybe: boolean;
  smallLas: SmallLaRule;
}

/** What the researcher has typed, kept as text so a half-typed number is not lost. */
export interface RunForm {
  wave: 1 | 2;
  k: string;
  seed: string;
  includeMaybe: boolean;
  /** by attribute key */
  weights: Record<string, string>;
  mustInclude: string;
  mustExclude: string;
  onePerRegion: boolean;
  /** by LA type; blank means no limit */
  minPerType: Record<string, string>;
  maxPerType: Record<string, string>;
  smallHandling: SmallLaHandling;
  minChildren: string;
}

export type RunFormAction =
  | { type: "wave"; wave: 1 | 2 }
  | { type: "text"; field: "k" | "seed" | "mustInclude" | "mustExclude" | "minChildren"; value: string }
  | { type: "smallHandling"; value: SmallLaHandling }
  | { type: "flag"; field: "includeMaybe" | "onePerRegion"; value: boolean }
  | { type: "weight"; attribute: string; value: string }
  | { type: "resetWeights" }
  | { type: "typeLimit"; limit: "minPerType" | "maxPerType"; laType: string; value: string };

function defaultWeights(): Record<string, string> {
  return Object.fromEntries(ATTRIBUTES.map((a) => [a.key, String(a.defaultWeight)]));
}

export function initialRunForm(): RunForm {
  return {
    wave: 1,
    k: "4",
    seed: "",
    includeMaybe: false,
    weights: defaultWeights(),
    mustInclude: "",
    mustExclude: "",
    onePerRegion: false,
    minPerType: {},
    maxPerType: {},
    smallHandling: "exclude",
    minChildren: String(DEFAULT_MIN_CHILDREN),
  };
}

export function runFormReducer(form: RunForm, action: RunFormAction): RunForm {
  switch (action.type) {
    case "wave":
      return { ...form, wave: action.wave };
    case "text":
    case "flag":
      return { ...form, [action.field]: action.value };
    case "weight":
      return { ...form, weights: { ...form.weights, [action.attribute]: action.value } };
    case "smallHandling":
      return { ...form, smallHandling: action.value };
    case "resetWeights":
      return { ...form, weights: defaultWeights() };
    case "typeLimit":
      return { ...form, [action.limit]: { ...form[action.limit], [action.laType]: action.value } };
  }
}

export function parseCodes(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((s) => s.trim()).filter(Boolean))];
}

export function buildRequest(form: RunForm): RunRequest {
  const num = (m: Record<string, string>) => {
    const out: Record<string, number> = {};
    for (const [t, v] of Object.entries(m)) if (v.trim() !== "") out[t] = Number(v);
    return Object.keys(out).length ? out : undefined;
  };
  return {
    wave: form.wave,
    k: Number(form.k),
    seed: form.seed.trim() === "" ? undefined : Number(form.seed),
    weights: Object.fromEntries(Object.entries(form.weights).map(([a, v]) => [a, v.trim() === "" ? NaN : Number(v)])),
    constraints: {
      mustInclude: parseCodes(form.mustInclude),
      mustExclude: parseCodes(form.mustExclude),
      atMostOnePerRegion: form.onePerRegion,
      minPerType: num(form.minPerType),
      maxPerType: num(form.maxPerType),
    },
    declined: [],
    keep: [],
    includeMaybe: form.includeMaybe,
    smallLas: { handling: form.smallHandling, minChildren: form.minChildren.trim() === "" ? NaN : Number(form.minChildren) },
  };
}

/** Form fields an API error can name (the server's `field`, e.g. "k", "weights.region", "constraints.mustInclude.0"). */
export type FieldKey =
  | "wave"
  | "k"
  | "seed"
  | "mustInclude"
  | "mustExclude"
  | "atMostOnePerRegion"
  | "minPerType"
  | "maxPerType"
  | "declined"
  | "constraints"
  | "smallLas"
  | `weights.${string}`;

export type FieldErrors = Partial<Record<FieldKey, string>>;

/** Client-side checks that name the field, before asking the server (which checks everything again). */
export function localErrors(r: RunRequest): FieldErrors {
  const e: FieldErrors = {};
  if (!Number.isInteger(r.k) || r.k < 1 || r.k > 6) e.k = "k must be a whole number from 1 to 6 (the exact search goes up to 6)";
  if (r.seed !== undefined && !Number.isInteger(r.seed)) e.seed = "Seed must be a whole number";
  for (const a of ATTRIBUTES) {
    const w = r.weights[a.key];
    if (!Number.isFinite(w) || w < 0 || w > 100) e[`weights.${a.key}`] = `Weight for ${a.label.toLowerCase()} must be a number from 0 to 100`;
  }
  const bad = [...r.constraints.mustInclude, ...r.constraints.mustExclude].filter((c) => !/^[0-9]{3}$/.test(c));
  if (bad.length) {
    const inInclude = r.constraints.mustInclude.some((c) => bad.includes(c));
    e[inInclude ? "mustInclude" : "mustExclude"] = `LA codes are three digits; not a code: ${bad.join(", ")}`;
  }
  for (const [field, m] of [["minPerType", r.constraints.minPerType], ["maxPerType", r.constraints.maxPerType]] as const) {
    for (const [t, n] of Object.entries(m ?? {})) {
      if (!Number.isInteger(n) || n < 0 || n > 6) e[field] = `${field === "minPerType" ? "Minimum" : "Maximum"} for ${t} must be a whole number from 0 to 6`;
    }
  }
  if (r.smallLas.handling !== "none" && (!Number.isInteger(r.smallLas.minChildren) || r.smallLas.minChildren < 0 || r.smallLas.minChildren > 1_000_000)) {
    e.smallLas = "Number of children must be a whole number from 0 to 1,000,000";
  }
  return e;
}

const FIELD_INPUT: Record<string, string> = {
  wave: "cs-wave-1",
  k: "cs-k",
  seed: "cs-seed",
  mustInclude: "cs-include",
  mustExclude: "cs-exclude",
  atMostOnePerRegion: "cs-one-per-region",
  minPerType: "cs-type-limits",
  maxPerType: "cs-type-limits",
  declined: "cs-runs",
  constraints: "cs-constraints",
  smallLas: "cs-min-children",
};

/** The form field an API error names; anything unrecognised is shown with the constraints. */
export function fieldOf(apiField: unknown): FieldKey {
  const f = typeof apiField === "string" ? apiField.replace(/^body\.?/, "") : "";
  if (f.startsWith("weights.")) return f.split(".").slice(0, 2).join(".") as FieldKey;
  if (f === "weights") return "constraints";
  const c = f.replace(/^constraints\.?/, "").split(".")[0];
  if (f.startsWith("constraints")) {
    return (["mustInclude", "mustExclude", "atMostOnePerRegion", "minPerType", "maxPerType"].includes(c) ? c : "constraints") as FieldKey;
  }
  if (f === "keep" || f === "declined" || f === "declineSaved") return "declined";
  if (f === "wave" || f === "k" || f === "seed") return f;
  if (f.startsWith("smallLas")) return "smallLas";
  return "constraints";
}

/** The id of the input an error summary link jumps to. */
export function inputIdFor(field: FieldKey): string {
  return field.startsWith("weights.") ? `cs-w-${field.slice(8)}` : (FIELD_INPUT[field] ?? "cs-constraints");
}

/** The id of the message under that field. */
export function errorIdFor(field: FieldKey): string {
  return `${inputIdFor(field)}-error`;
}
