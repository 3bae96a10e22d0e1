/**
 * A Delphi study's settings: its stakeholder groups, the consensus rule and the stopping rule. The
 * rule is data kept with the study (versioned, locked once round 1 opens) so results can always be
 * recomputed with the rule the panel was told about.
 */
import { unprocessable } from "../errors.ts";

export interface StakeholderGroup {
  key: string;
  label: string;
}

export interface ConsensusRule {
  /** "groupsAndOverall": consensus must hold overall and in every group with enough raters; "overallOnly": overall alone. */
  scope: "groupsAndOverall" | "overallOnly";
  /** consensus in: at least this % rate 7-9 … */
  inMinPctHigh: number;
  /** … and fewer than this % rate 1-3 */
  inMaxPctLow: number;
  /** consensus out: at least this % rate 1-3 … */
  outMinPctLow: number;
  /** … and fewer than this % rate 7-9 */
  outMaxPctHigh: number;
  /** a group counts only when at least this many of its panellists rated the item (also the feedback anonymity threshold) */
  minGroupRaters: number;
}

export interface StoppingRule {
  maxRounds: number;
  /** an item is stable when fewer than this % of the panellists who rated it in both rounds moved category */
  stabilityThresholdPct: number;
  /** when an item needs no further round: consensus or stability (default), both, or stability alone */
  stopWhen?: "consensusOrStable" | "consensusAndStable" | "stable";
}

export interface ReminderSettings {
  /** nobody is reminded again in the same round until this many hours after their last reminder */
  minIntervalHours: number;
}

export interface StudySettings {
  groups: StakeholderGroup[];
  consensus: ConsensusRule;
  stopping: StoppingRule;
  /** absent in studies saved before reminders had settings: DEFAULT_REMINDERS applies */
  reminders?: ReminderSettings;
}

export const DEFAULT_REMINDERS: ReminderSettings = { minIntervalHours: 24 };
/** At most a fortnight: a longer wait would mean one reminder per round whatever the researcher meant. */
export const MAX_REMINDER_INTERVAL_HOURS = 336;

export function reminderInterval(s: StudySettings): number {
  return s.reminders?.minIntervalHours ?? DEFAULT_REMINDERS.minIntervalHours;
}

export const DEFAULT_GROUPS: StakeholderGroup[] = [
  { key: "policy", label: "Policy officials and agencies" },
  { key: "professional", label: "Professional associations" },
  { key: "la_leaders", label: "LA leaders" },
  { key: "practitioners", label: "Practitioners" },
  { key: "children_families", label: "People who speak for children and families" },
];

export const DEFAULT_CONSENSUS: ConsensusRule = {
  scope: "groupsAndOverall",
  inMinPctHigh: 70,
  inMaxPctLow: 15,
  outMinPctLow: 70,
  outMaxPctHigh: 15,
  minGroupRaters: 5,
};

export const DEFAULT_SETTINGS: StudySettings = {
  groups: DEFAULT_GROUPS,
  consensus: DEFAULT_CONSENSUS,
  stopping: { maxRounds: 3, stabilityThresholdPct: 15, stopWhen: "consensusOrStable" },
  reminders: DEFAULT_REMINDERS,
};

/** Refuse settings that cannot be applied, naming the field. */
export function checkSettings(s: StudySettings): void {
  if (s.groups.length === 0) throw unprocessable("settings.groups: give at least one stakeholder group", "groups");
  const keys = new Set<string>();
  s.groups.forEach((g, i) => {
    if (!g.label.trim()) throw unprocessable(`groups[${i}].label: give the group a name`, `groups[${i}].label`);
    if (!/^[a-z0-9_]{1,40}$/.test(g.key)) throw unprocessable(`groups[${i}].key must be lower-case letters, digits or _`, `groups[${i}].key`);
    if (keys.has(g.key)) throw unprocessable(`groups[${i}].key "${g.key}" is used twice`, `groups[${i}].key`);
    keys.add(g.key);
  });
  const c = s.consensus;
  for (const f of ["inMinPctHigh", "inMaxPctLow", "outMinPctLow", "outMaxPctHigh"] as const) {
    if (!(c[f] >= 0 && c[f] <= 100)) throw unprocessable(`consensus.${f} must be a percentage from 0 to 100`, `consensus.${f}`);
  }
  if (!(Number.isInteger(c.minGroupRaters) && c.minGroupRaters >= 1)) throw unprocessable("consensus.minGroupRaters must be a whole number of at least 1", "consensus.minGroupRaters");
  if (!(Number.isInteger(s.stopping.maxRounds) && s.stopping.maxRounds >= 1 && s.stopping.maxRounds <= 10)) throw unprocessable("stopping.maxRounds must be a whole number from 1 to 10", "stopping.maxRounds");
  if (s.reminders) {
    const h = s.reminders.minIntervalHours;
    if (!(Number.isInteger(h) && h >= 1 && h <= MAX_REMINDER_INTERVAL_HOURS)) {
      throw unprocessable(`reminders.minIntervalHours must be a whole number of hours from 1 to ${MAX_REMINDER_INTERVAL_HOURS}`, "reminders.minIntervalHours");
    }
  }
  if (!(s.stopping.stabilityThresholdPct > 0 && s.stopping.stabilityThresholdPct <= 100)) throw unprocessable("stopping.stabilityThresholdPct must be a percentage above 0 and at most 100", "stopping.stabilityThresholdPct");
}

/** JSON with object keys sorted: the database (jsonb) and the HTTP serializer each order keys their own way. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v && typeof v === "object") {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

/** True when the consensus rule or groups differ (the parts that lock when round 1 opens), whatever the key order. */
export function rulesChanged(a: StudySettings, b: StudySettings): boolean {
  return canonical(a.consensus) !== canonical(b.consensus) || canonical(a.groups) !== canonical(b.groups);
}
