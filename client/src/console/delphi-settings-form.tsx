/**
 * A study's settings in the browser: stakeholder groups, the consensus rule and the stopping rule.
 * Once round 1 has opened the groups and the rule are shown read-only with the reason; the
 * stopping rule stays editable. A refusal from the server (422 naming the field, 409) is shown in
 * words next to the form.
 */
import { useState, type FormEvent } from "react";
import type { SettingsDto, StudyDto } from "../../../server/contracts/delphi.ts";
import { api } from "./api.ts";

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

function NumberField({ id, label, value, onChange, disabled, hint }: { id: string; label: string; value: number; onChange: (n: number) => void; disabled?: boolean; hint?: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      <input id={id} type="number" inputMode="decimal" value={Number.isNaN(value) ? "" : value} disabled={disabled} aria-describedby={hint ? `${id}-hint` : undefined} onChange={(e) => onChange(e.target.valueAsNumber)} />
    </div>
  );
}

/** Group keys are derived from the label, so researchers only type a name. */
const keyFor = (label: string, taken: Set<string>) => {
  const base = label.toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 36) || "group";
  let key = base;
  for (let n = 2; taken.has(key); n++) key = `${base}_${n}`;
  return key;
};

/**
 * The page remounts this form (by key) once a save changes the rule or the stopping rule, or round 1
 * opens, so the draft starts again from what the server holds. The page keeps the form's last
 * message (`message`, told through `onMessage`) and hands it back, or a confirmation or refusal would
 * vanish with the old form as soon as the study reloaded.
 */
export function DelphiSettingsForm({ study, message, onMessage, onSaved }: { study: StudyDto; message: Message; onMessage: (m: Message) => void; onSaved: () => void }) {
  const [draft, setDraft] = useState<SettingsDto>(() => ({ ...study.settings, stopping: { stopWhen: "consensusOrStable", ...study.settings.stopping }, reminders: study.settings.reminders ?? { minIntervalHours: 24 } }));
  const [newGroup, setNewGroup] = useState("");
  const setMessage = onMessage;
  const locked = study.rulesLocked;
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
    const numbers: [string, number][] = [
      ["Critical: at least this % rate 7–9", c.inMinPctHigh],
      ["… and fewer than this % rate 1–3", c.inMaxPctLow],
      ["Not important: at least this % rate 1–3", c.outMinPctLow],
      ["… and fewer than this % rate 7–9", c.outMaxPctHigh],
      ["Smallest group judged on its own", c.minGroupRaters],
      ["Maximum number of rounds", draft.stopping.maxRounds],
      ["Stable when fewer than this % move category", draft.stopping.stabilityThresholdPct],
      [REMINDER_LABEL, draft.reminders?.minIntervalHours ?? Number.NaN],
    ];
    const empty = numbers.find(([, n]) => !Number.isFinite(n));
    if (empty) {
      setMessage({ ok: false, text: `Not saved: enter a number for “${empty[0]}”` });
      return;
    }
    try {
      const res = await api<{ rulesVersion: number }>(`/api/admin/delphi/studies/${study.id}/settings`, { method: "PUT", body: draft });
      setMessage({ ok: true, text: `Settings saved. The consensus rule is at version ${res.rulesVersion}.` });
      onSaved();
    } catch (err) {
      setMessage({ ok: false, text: `Not saved: ${(err as Error).message}` });
    }
  }

  return (
    <form onSubmit={(e) => void save(e)} noValidate aria-labelledby="settings-heading">
      <h2 id="settings-heading">Settings</h2>
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
          <NumberField id="settings-in-high" label="Critical: at least this % rate 7–9" value={c.inMinPctHigh} onChange={(n) => setConsensus({ inMinPctHigh: n })} />
          <NumberField id="settings-in-low" label="… and fewer than this % rate 1–3" value={c.inMaxPctLow} onChange={(n) => setConsensus({ inMaxPctLow: n })} />
        </div>
        <div className="inline-form">
          <NumberField id="settings-out-low" label="Not important: at least this % rate 1–3" value={c.outMinPctLow} onChange={(n) => setConsensus({ outMinPctLow: n })} />
          <NumberField id="settings-out-high" label="… and fewer than this % rate 7–9" value={c.outMaxPctHigh} onChange={(n) => setConsensus({ outMaxPctHigh: n })} />
        </div>
        <NumberField
          id="settings-min-raters"
          label="Smallest group judged on its own"
          hint="A group's consensus and its feedback to the panel are shown only when at least this many of its panellists rated the item."
          value={c.minGroupRaters}
          onChange={(n) => setConsensus({ minGroupRaters: n })}
        />
      </fieldset>
      <fieldset className="console-section">
        <legend>Stopping rule</legend>
        <div className="inline-form">
          <NumberField id="settings-max-rounds" label="Maximum number of rounds" value={draft.stopping.maxRounds} onChange={(n) => setStopping({ maxRounds: n })} />
          <NumberField
            id="settings-stability"
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
          id="settings-reminder-interval"
          label={REMINDER_LABEL}
          hint="Within a round, nobody is reminded again until this many hours after their last reminder (a whole number from 1 to 336)."
          value={draft.reminders?.minIntervalHours ?? Number.NaN}
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
