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
  /** leave out LAs whose fieldwork record says they declined */
  leaveOutDeclined: boolean;
}

/** What the researcher has typed, kept as text so a half-typed number is not lost. */
export interface RunForm {
  wave: 1 | 2;
  k: string;
  seed: string;
  includeMaybe: boolean;
  /** by attribute key */
  weights: Record<string, string>;
  /** LA codes, chosen by name */
  mustInclude: string[];
  mustExclude: string[];
  onePerRegion: boolean;
  leaveOutDeclined: boolean;
  /** by LA type; blank means no limit */
  minPerType: Record<string, string>;
  maxPerType: Record<string, string>;
  smallHandling: SmallLaHandling;
  minChildren: string;
}

export type RunFormAction =
  | { type: "wave"; wave: 1 | 2 }
  | { type: "text"; field: "k" | "seed" | "minChildren"; value: string }
  | { type: "las"; field: "mustInclude" | "mustExclude"; codes: string[] }
  | { type: "load"; form: RunForm }
  | { type: "smallHandling"; value: SmallLaHandling }
  | { type: "flag"; field: "includeMaybe" | "onePerRegion" | "leaveOutDeclined"; value: boolean }
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
    mustInclude: [],
    mustExclude: [],
    onePerRegion: false,
    leaveOutDeclined: true,
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
    case "las":
      return { ...form, [action.field]: [...new Set(action.codes)] };
    case "load":
      return action.form;
    case "smallHandling":
      return { ...form, smallHandling: action.value };
    case "resetWeights":
      return { ...form, weights: defaultWeights() };
    case "typeLimit":
      return { ...form, [action.limit]: { ...form[action.limit], [action.laType]: action.value } };
  }
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
      mustInclude: [...form.mustInclude],
      mustExclude: [...form.mustExclude],
      atMostOnePerRegion: form.onePerRegion,
      minPerType: num(form.minPerType),
      maxPerType: num(form.maxPerType),
    },
    declined: [],
    keep: [],
    includeMaybe: form.includeMaybe,
    smallLas: { handling: form.smallHandling, minChildren: form.minChildren.trim() === "" ? NaN : Number(form.minChildren) },
    leaveOutDeclined: form.leaveOutDeclined,
  };
}

/** A kept run's request as the server recorded it (constraints' lists may be missing). */
export interface StoredRequest {
  wave: 1 | 2;
  k: number;
  seed?: number;
  weights?: Record<string, number>;
  constraints?: Partial<RunRequest["constraints"]>;
  declined?: string[];
  keep?: string[];
  includeMaybe?: boolean;
  smallLas?: SmallLaRule;
  leaveOutDeclined?: boolean;
}

/**
 * The form that re-runs a kept run to the same picks: picks it kept are must-includes and LAs it
 * was told had declined are must-excludes (the engine treats both alike).
 */
export function requestToForm(r: StoredRequest): RunForm {
  const base = initialRunForm();
  const text = (m?: Record<string, number>) => Object.fromEntries(Object.entries(m ?? {}).map(([t, n]) => [t, String(n)]));
  return {
    ...base,
    wave: r.wave,
    k: String(r.k),
    seed: r.seed === undefined ? "" : String(r.seed),
    includeMaybe: Boolean(r.includeMaybe),
    weights: { ...base.weights, ...text(r.weights) },
    mustInclude: [...new Set([...(r.constraints?.mustInclude ?? []), ...(r.keep ?? [])])],
    mustExclude: [...new Set([...(r.constraints?.mustExclude ?? []), ...(r.declined ?? [])])],
    onePerRegion: Boolean(r.constraints?.atMostOnePerRegion),
    minPerType: text(r.constraints?.minPerType),
    maxPerType: text(r.constraints?.maxPerType),
    // a run kept before the small-LA rule existed had none
    smallHandling: r.smallLas?.handling ?? "none",
    minChildren: String(r.smallLas?.minChildren ?? DEFAULT_MIN_CHILDREN),
    leaveOutDeclined: r.leaveOutDeclined ?? true,
  };
}

/** The JSON body of POST /api/admin/case-studies for a request. */
export function requestBody(r: RunRequest, extra: { note?: string } = {}) {
  return {
    wave: r.wave,
    k: r.k,
    ...(r.seed !== undefined ? { seed: r.seed } : {}),
    weights: r.weights,
    constraints: {
      mustInclude: r.constraints.mustInclude,
      mustExclude: r.constraints.mustExclude,
      atMostOnePerRegion: r.constraints.atMostOnePerRegion,
      ...(r.constraints.minPerType ? { minPerType: r.constraints.minPerType } : {}),
      ...(r.constraints.maxPerType ? { maxPerType: r.constraints.maxPerType } : {}),
    },
    declined: r.declined,
    keep: r.keep,
    includeMaybe: r.includeMaybe,
    smallLas: { handling: r.smallLas.handling, minChildren: Number.isFinite(r.smallLas.minChildren) ? r.smallLas.minChildren : 0 },
    leaveOutDeclined: r.leaveOutDeclined,
    ...(extra.note ? { note: extra.note } : {}),
  };
}

/** A stored request with every field filled in, for re-running or declining from it. */
export function fullRequest(r: StoredRequest): RunRequest {
  const f = requestToForm(r);
  return { ...buildRequest(f), declined: [...(r.declined ?? [])], keep: [...(r.keep ?? [])], constraints: { ...buildRequest(f).constraints, mustInclude: [...(r.constraints?.mustInclude ?? [])], mustExclude: [...(r.constraints?.mustExclude ?? [])] } };
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
  | "leaveOutDeclined"
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
  const both = r.constraints.mustInclude.filter((c) => r.constraints.mustExclude.includes(c));
  if (both.length) e.mustExclude = "An LA cannot be both included and excluded: remove it from one list";
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
  leaveOutDeclined: "cs-leave-out-declined",
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
  if (f === "leaveOutDeclined") return "leaveOutDeclined";
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
