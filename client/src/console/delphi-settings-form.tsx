/**
 * A study's settings in the browser: stakeholder groups, the consensus rule and the stopping rule.
 * Once round 1 has opened the groups and the rule are shown read-only with the reason; the
 * stopping rule stays editable. A refusal from the server (422 naming the field, 409) is shown in
 * words next to the form; after a 409 the study is fetched again, as it changed elsewhere.
 */
import { useEffect, useState, type Dispatch, type FormEvent, type SetStateAction } from "react";
import type { SettingsDto, StudyDto } from "../../../server/contracts/delphi.ts";
import { api, ApiError } from "./api.ts";
import { describedBy, ErrorSummary, FieldError, problemFor, type FormProblem } from "./field-error.tsx";

type Message = { ok: boolean; text: string } | null;
type StopWhen = NonNullable<SettingsDto["stopping"]["stopWhen"]>;

const STOP_WHEN: { value: StopWhen; label: string }[] = [
  { value: "consensusOrStable", label: "Consensus is reached or the ratings are stable" },
  { value: "consensusAndStable", label: "Consensus is reached and the ratings are stable" },
  { value: "stable", label: "The ratings are stable (whatever the consensus)" },
];

const REMINDER_LABEL = "Hours before a panellist can be reminded again";

const LOCKED_REASON =
  "Round 1 has opened, so the stakeholder groups and the consensus rule are locked: the panel rates under the rule it was given, and results stay comparable between rounds. The stopping rule can still change.";

function NumberField({ id, label, value, onChange, disabled, hint, error }: { id: string; label: string; value: number; onChange: (n: number) => void; disabled?: boolean; hint?: string; error?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <FieldError id={`${id}-error`} message={error} />
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={Number.isNaN(value) ? "" : value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-error`)}
        onChange={(e) => onChange(e.target.valueAsNumber)}
      />
    </div>
  );
}

/** Each number's box, its words and the rule the server applies to it (server/domain/delphi/settings.ts). */
const NUMBERS: { field: string; id: string; label: string; get: (d: Editable) => number; ok: (n: number) => boolean; want: string }[] = [
  { field: "consensus.inMinPctHigh", id: "settings-in-high", label: "Critical: at least this % rate 7–9", get: (d) => d.consensus.inMinPctHigh, ok: (n) => n >= 0 && n <= 100, want: "a percentage from 0 to 100" },
  { field: "consensus.inMaxPctLow", id: "settings-in-low", label: "… and fewer than this % rate 1–3", get: (d) => d.consensus.inMaxPctLow, ok: (n) => n >= 0 && n <= 100, want: "a percentage from 0 to 100" },
  { field: "consensus.outMinPctLow", id: "settings-out-low", label: "Not important: at least this % rate 1–3", get: (d) => d.consensus.outMinPctLow, ok: (n) => n >= 0 && n <= 100, want: "a percentage from 0 to 100" },
  { field: "consensus.outMaxPctHigh", id: "settings-out-high", label: "… and fewer than this % rate 7–9", get: (d) => d.consensus.outMaxPctHigh, ok: (n) => n >= 0 && n <= 100, want: "a percentage from 0 to 100" },
  { field: "consensus.minGroupRaters", id: "settings-min-raters", label: "Smallest group judged on its own", get: (d) => d.consensus.minGroupRaters, ok: (n) => Number.isInteger(n) && n >= 1, want: "a whole number of at least 1" },
  { field: "stopping.maxRounds", id: "settings-max-rounds", label: "Maximum number of rounds", get: (d) => d.stopping.maxRounds, ok: (n) => Number.isInteger(n) && n >= 1 && n <= 10, want: "a whole number from 1 to 10" },
  { field: "stopping.stabilityThresholdPct", id: "settings-stability", label: "Stable when fewer than this % move category", get: (d) => d.stopping.stabilityThresholdPct, ok: (n) => n > 0 && n <= 100, want: "a percentage above 0 and at most 100" },
  { field: "reminders.minIntervalHours", id: "settings-reminder-interval", label: REMINDER_LABEL, get: (d) => d.reminders.minIntervalHours, ok: (n) => Number.isInteger(n) && n >= 1 && n <= 336, want: "a whole number from 1 to 336" },
];
const NUMBER_BY_FIELD = new Map(NUMBERS.map((n) => [n.field, n]));

/** Every number that cannot be saved, each in the words of its box, so all are put right in one go. */
function checkNumbers(d: Editable, locked: boolean): FormProblem[] {
  return NUMBERS.filter((n) => !(locked && n.field.startsWith("consensus."))).flatMap((n) => {
    const v = n.get(d);
    if (!Number.isFinite(v)) return [{ field: n.field, message: `Enter a number for “${n.label}”` }];
    return n.ok(v) ? [] : [{ field: n.field, message: `“${n.label}” must be ${n.want}` }];
  });
}

/** Group keys are derived from the label, so researchers only type a name. */
const keyFor = (label: string, taken: Set<string>) => {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 36) || "group";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
};

/** Settings as the form edits them: a study saved before the stop condition or the reminder interval existed gets their defaults. */
type Editable = Omit<SettingsDto, "reminders"> & { reminders: NonNullable<SettingsDto["reminders"]> };

function editable(s: SettingsDto): Editable {
  return { ...s, stopping: { stopWhen: "consensusOrStable", ...s.stopping }, reminders: s.reminders ?? { minIntervalHours: 24 } };
}

/** The person's unsaved settings (`to`) and the saved settings they were changed from (`from`); null until something is changed. */
export type SettingsDraft = { from: Editable; to: Editable } | null;

/** Each unsaved value whose setting is still saved as it was when changed; the others as saved now. */
function overSaved<T extends object>(saved: T, from: T, to: T): T {
  const out = { ...saved };
  for (const k of Object.keys(to) as (keyof T)[]) if (Object.is(saved[k], from[k])) out[k] = to[k];
  return out;
}

/**
 * What the form shows: the saved settings with the person's unsaved changes over them. A change gives
 * way once its setting has been saved since (by this form or by a colleague); once round 1 has opened
 * the groups and the consensus rule show as saved, as they can no longer change.
 */
function shown(saved: Editable, draft: SettingsDraft, locked: boolean): Editable {
  if (!draft) return saved;
  const { from, to } = draft;
  return {
    groups: locked || JSON.stringify(saved.groups) !== JSON.stringify(from.groups) ? saved.groups : to.groups,
    consensus: locked ? saved.consensus : overSaved(saved.consensus, from.consensus, to.consensus),
    stopping: overSaved(saved.stopping, from.stopping, to.stopping),
    reminders: overSaved(saved.reminders, from.reminders, to.reminders),
  };
}

/**
 * The study reloads after a save, a round opening and other actions, and may redraw this form. The page
 * keeps the form's unsaved changes (`draft`, told through `onDraft`) and its last message (`message`,
 * told through `onMessage`) and hands them back, so a reload loses neither: a change is dropped only
 * when its own setting has been saved since, or locked by round 1.
 */
export function DelphiSettingsForm({
  study,
  draft: unsaved,
  onDraft,
  message,
  onMessage,
  reloadStudy,
}: {
  study: StudyDto;
  draft: SettingsDraft;
  onDraft: Dispatch<SetStateAction<SettingsDraft>>;
  message: Message;
  onMessage: (m: Message) => void;
  reloadStudy: () => void;
}) {
  const locked = study.rulesLocked;
  const draft = shown(editable(study.settings), unsaved, locked);
  // once the saved settings change, the draft is taken as made from them, so that a setting changed
  // back to its old saved value later (by a colleague) is not mistaken for an unsaved change here
  useEffect(() => {
    const saved = editable(study.settings);
    onDraft((d) => (d && JSON.stringify(d.from) !== JSON.stringify(saved) ? { from: saved, to: shown(saved, d, locked) } : d));
  }, [study.settings, locked, onDraft]);
  const setDraft = (change: (d: Editable) => Editable) =>
    onDraft((d) => {
      const saved = editable(study.settings);
      return { from: saved, to: change(shown(saved, d, locked)) };
    });
  const [newGroup, setNewGroup] = useState("");
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const errorFor = (field: string) => problemFor(problems, field);
  const setMessage = onMessage;
  const c = draft.consensus;
  const setConsensus = (change: Partial<SettingsDto["consensus"]>) => setDraft((d) => ({ ...d, consensus: { ...d.consensus, ...change } }));
  const setStopping = (change: Partial<SettingsDto["stopping"]>) => setDraft((d) => ({ ...d, stopping: { ...d.stopping, ...change } }));

  function addGroup() {
    const label = newGroup.trim();
    if (!label) {
      setMessage({ ok: false, text: "Enter the name of the stakeholder group to add" });
      return;
    }
    setDraft((d) => ({ ...d, groups: [...d.groups, { key: keyFor(label, new Set(d.groups.map((g) => g.key))), label }] }));
    setNewGroup("");
    setMessage(null);
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    const found = checkNumbers(draft, locked);
    setProblems(found);
    if (found.length > 0) {
      setMessage(null);
      return;
    }
    try {
      const res = await api<{ rulesVersion: number }>(`/api/admin/delphi/studies/${study.id}/settings`, { method: "PUT", body: draft });
      setMessage({ ok: true, text: `Settings saved. The consensus rule is at version ${res.rulesVersion}.` });
      reloadStudy();
    } catch (err) {
      // a refusal naming one of the boxes is said beside it, in its words; any other in the message below
      const field = err instanceof ApiError && typeof err.body.field === "string" ? NUMBER_BY_FIELD.get(err.body.field) : undefined;
      if (field) setProblems([{ field: field.field, message: `“${field.label}” must be ${field.want}` }]);
      else setMessage({ ok: false, text: `Not saved: ${(err as Error).message}` });
      // a 409 means the study moved on from another page (round 1 opened there): without fetching it
      // again the form would stay open for changes that can only be refused. The message is kept by
      // the page, so it outlasts the redraw.
      if (err instanceof ApiError && err.status === 409) reloadStudy();
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
      <ErrorSummary problems={problems} idFor={(f) => NUMBER_BY_FIELD.get(f)?.id} />
      {locked && <p className="hint">{LOCKED_REASON}</p>}
      <fieldset className="console-section" disabled={locked}>
        <legend>Stakeholder groups</legend>
        <ul>
          {draft.groups.map((g, i) => (
            <li key={g.key}>
              {g.label}{" "}
              {!locked && draft.groups.length > 1 && (
                <button type="button" className="button-secondary" aria-label={`Remove the group ${g.label}`} onClick={() => setDraft((d) => ({ ...d, groups: d.groups.filter((_, j) => j !== i) }))}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
        {!locked && (
          <div className="inline-form">
            <div className="field">
              <label htmlFor="settings-new-group">New group</label>
              <input id="settings-new-group" value={newGroup} onChange={(e) => setNewGroup(e.target.value)} />
            </div>
            <button type="button" className="button-secondary" onClick={addGroup}>
              Add the group
            </button>
          </div>
        )}
      </fieldset>
      <fieldset className="console-section" disabled={locked}>
        <legend>Consensus rule</legend>
        <div className="field">
          <label htmlFor="settings-scope">Where the rule must hold</label>
          <select id="settings-scope" value={c.scope} onChange={(e) => setConsensus({ scope: e.target.value as typeof c.scope })}>
            <option value="groupsAndOverall">Overall and in every group with enough raters</option>
            <option value="overallOnly">The whole panel only</option>
          </select>
        </div>
        <div className="inline-form">
          <NumberField id="settings-in-high" error={errorFor("consensus.inMinPctHigh")} label="Critical: at least this % rate 7–9" value={c.inMinPctHigh} onChange={(n) => setConsensus({ inMinPctHigh: n })} />
          <NumberField id="settings-in-low" error={errorFor("consensus.inMaxPctLow")} label="… and fewer than this % rate 1–3" value={c.inMaxPctLow} onChange={(n) => setConsensus({ inMaxPctLow: n })} />
        </div>
        <div className="inline-form">
          <NumberField id="settings-out-low" error={errorFor("consensus.outMinPctLow")} label="Not important: at least this % rate 1–3" value={c.outMinPctLow} onChange={(n) => setConsensus({ outMinPctLow: n })} />
          <NumberField id="settings-out-high" error={errorFor("consensus.outMaxPctHigh")} label="… and fewer than this % rate 7–9" value={c.outMaxPctHigh} onChange={(n) => setConsensus({ outMaxPctHigh: n })} />
        </div>
        <NumberField
          id="settings-min-raters" error={errorFor("consensus.minGroupRaters")}
          label="Smallest group judged on its own"
          hint="A group's consensus and its feedback to the panel are shown only when at least this many of its panellists rated the item."
          value={c.minGroupRaters}
          onChange={(n) => setConsensus({ minGroupRaters: n })}
        />
      </fieldset>
      <fieldset className="console-section">
        <legend>Stopping rule</legend>
        <div className="inline-form">
          <NumberField id="settings-max-rounds" error={errorFor("stopping.maxRounds")} label="Maximum number of rounds" value={draft.stopping.maxRounds} onChange={(n) => setStopping({ maxRounds: n })} />
          <NumberField
            id="settings-stability" error={errorFor("stopping.stabilityThresholdPct")}
            label="Stable when fewer than this % move category"
            hint="Of the panellists who rated an item in two rounds running, the share whose rating moved between 1–3, 4–6 and 7–9."
            value={draft.stopping.stabilityThresholdPct}
            onChange={(n) => setStopping({ stabilityThresholdPct: n })}
          />
        </div>
        <div className="field">
          <label htmlFor="settings-stop-when">An item needs no further round when</label>
          <select id="settings-stop-when" value={draft.stopping.stopWhen ?? "consensusOrStable"} onChange={(e) => setStopping({ stopWhen: e.target.value as StopWhen })}>
            {STOP_WHEN.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </fieldset>
      <fieldset className="console-section">
        <legend>Reminders</legend>
        <NumberField
          id="settings-reminder-interval" error={errorFor("reminders.minIntervalHours")}
          label={REMINDER_LABEL}
          hint="Within a round, nobody is reminded again until this many hours after their last reminder (a whole number from 1 to 336)."
          value={draft.reminders.minIntervalHours}
          onChange={(n) => setDraft((d) => ({ ...d, reminders: { minIntervalHours: n } }))}
        />
      </fieldset>
      <button type="submit">Save the settings</button>
      <div role="status" aria-live="polite" id="settings-message">
        {message && <p className={message.ok ? "console-ok" : "console-error"}>{message.text}</p>}
      </div>
    </form>
  );
}
