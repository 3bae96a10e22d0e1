import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import type { RemindDto, StudyDto } from "../../../server/contracts/delphi.ts";
import { api, formatDateTime } from "./api.ts";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";
import { DelphiSettingsForm, type SettingsDraft } from "./delphi-settings-form.tsx";

type Message = { ok: boolean; text: string } | null;

function Status({ message, id }: { message: Message; id: string }) {
  return (
    <div role="status" aria-live="polite" id={id}>
      {message && <p className={message.ok ? "console-ok" : "console-error"}>{message.text}</p>}
    </div>
  );
}

/**
 * Add one panellist; their private link is shown once, to be sent to them. The server keeps only a
 * hash of it, so the link stays on screen until another add succeeds or the researcher hides it: a
 * second add that fails must not lose a link that can never be shown again.
 */
function AddPanellist({ study, onAdded }: { study: StudyDto; onAdded: () => void }) {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [group, setGroup] = useState(study.settings.groups[0]?.key ?? "");
  const [consent, setConsent] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [link, setLink] = useState<{ url: string; name: string } | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim() || !/^[^\s@]+@[^\s@]+$/.test(email.trim())) {
      setMessage({ ok: false, text: "Enter the panellist's name and a valid e-mail address" });
      return;
    }
    try {
      const res = await api<{ panellists: { link: string }[] }>(`/api/admin/delphi/studies/${study.id}/panellists`, {
        method: "POST",
        body: { panellists: [{ name: name.trim(), email: email.trim(), group, consent }] },
      });
      setLink({ url: res.panellists[0].link, name: name.trim() });
      setMessage({ ok: true, text: `Added ${name.trim()}. Send them the private link below: it is shown only once.` });
      setName("");
      setEmail("");
      setConsent(false);
      onAdded();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="panellist-name">Name</label>
          <input id="panellist-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="panellist-email">E-mail address</label>
          <input id="panellist-email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="off" />
        </div>
        <div className="field">
          <label htmlFor="panellist-group">Stakeholder group</label>
          <select id="panellist-group" value={group} onChange={(e) => setGroup(e.target.value)}>
            {study.settings.groups.map((g) => (
              <option key={g.key} value={g.key}>
                {g.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="field checkbox">
        <input id="panellist-consent" type="checkbox" checked={consent} onChange={(e) => setConsent(e.target.checked)} />
        <label htmlFor="panellist-consent">They have consented to take part</label>
      </div>
      <button type="submit">Add the panellist</button>
      <Status message={message} id="panellist-message" />
      {link && (
        <div className="console-section">
          <p>
            Private link for {link.name} (shown only once): <code id="panellist-link" className="break-anywhere">{link.url}</code>
          </p>
          <button type="button" className="button-secondary" onClick={() => setLink(null)}>
            I have sent the link: hide it
          </button>
        </div>
      )}
    </form>
  );
}

function OpenRound({ study, onDone }: { study: StudyDto; onDone: () => void }) {
  const open = study.rounds.find((r) => r.open);
  const [items, setItems] = useState<"all" | "noConsensus">("all");
  const [eligible, setEligible] = useState<"all" | "previousCompleters">("all");
  const [closesAt, setClosesAt] = useState("");
  const [message, setMessage] = useState<Message>(null);

  async function act(e: FormEvent, what: "open" | "close") {
    e.preventDefault();
    try {
      const body = what === "open" ? { items, eligible: study.rounds.length ? eligible : "all", ...(closesAt ? { closesAt: new Date(closesAt).toISOString() } : {}) } : {};
      const { round } = await api<{ round: { number: number; invited: number } }>(`/api/admin/delphi/studies/${study.id}/rounds/${what}`, { method: "POST", body });
      setMessage({ ok: true, text: what === "open" ? `Round ${round.number} is open to ${round.invited} ${round.invited === 1 ? "panellist" : "panellists"}.` : `Round ${round.number} is closed.` });
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  }

  if (open) {
    return (
      <>
        <form onSubmit={(e) => void act(e, "close")}>
          <p>
            Round {open.number} is open{open.closesAt ? ` until ${formatDateTime(open.closesAt)}` : ""}: {open.submitted} of {open.invited} have submitted. Closing it
            freezes the feedback shown in the next round.
          </p>
          <button type="submit">Close round {open.number}</button>
          <Status message={message} id="round-message" />
        </form>
        <RemindButton studyId={study.id} round={open.number} hours={study.settings.reminders?.minIntervalHours ?? 24} onSent={onDone} />
      </>
    );
  }
  return (
    <form onSubmit={(e) => void act(e, "open")}>
      <fieldset className="console-section">
        <legend>Open round {study.rounds.length + 1}</legend>
        <div className="field">
          <label htmlFor="round-items">Items to rate</label>
          <select id="round-items" value={items} onChange={(e) => setItems(e.target.value as typeof items)}>
            <option value="all">Every item</option>
            <option value="noConsensus">Only items without consensus</option>
          </select>
        </div>
        {study.rounds.length > 0 && (
          <div className="field">
            <label htmlFor="round-eligible">Who takes part</label>
            <select id="round-eligible" value={eligible} onChange={(e) => setEligible(e.target.value as typeof eligible)}>
              <option value="all">Every panellist</option>
              <option value="previousCompleters">Only those who submitted the previous round</option>
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor="round-closes">Closes at (optional)</label>
          <input id="round-closes" type="datetime-local" value={closesAt} onChange={(e) => setClosesAt(e.target.value)} />
        </div>
        <button type="submit">Open round {study.rounds.length + 1}</button>
      </fieldset>
      <Status message={message} id="round-message" />
    </form>
  );
}

/** E-mail a reminder (with a fresh private link) to everyone who has not submitted the open round; the server skips anyone reminded within the study's interval. */
function RemindButton({ studyId, round, hours, onSent }: { studyId: string; round: number; hours: number; onSent: () => void }) {
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  async function remind() {
    setBusy(true);
    setMessage({ ok: true, text: "Sending reminders…" });
    try {
      const res = await api<RemindDto>(`/api/admin/delphi/studies/${studyId}/reminders`, { method: "POST", body: {} });
      setMessage({ ok: res.failed === 0, text: res.sentence });
      onSent();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="console-section">
      <p className="hint">
        Reminders go by e-mail to the panellists who have not submitted round {round}, each with a fresh private link; nobody is reminded again within{" "}
        {hours === 1 ? "an hour" : `${hours} hours`} (see Settings). <Link to="/console/emails?template=delphi_reminder">Edit or preview the reminder e-mail</Link>
      </p>
      <button type="button" className="button-secondary" disabled={busy} onClick={() => void remind()}>
        Remind those who have not submitted
      </button>
      <Status message={message} id="remind-message" />
    </div>
  );
}

/** One Delphi study: the panel, rounds and their progress by stakeholder group. */
export function DelphiStudyPage() {
  const { id } = useParams();
  const studyState = useApi<StudyDto>(`/api/admin/delphi/studies/${id}`);
  const { data: study, reload } = studyState;
  const [revokeMsg, setRevokeMsg] = useState<Message>(null);
  const [settingsMsg, setSettingsMsg] = useState<Message>(null);
  const [settingsDraft, setSettingsDraft] = useState<SettingsDraft>(null);
  if (!study) return <Page title="Delphi study"><Loading error={studyState.error} what="the study" reload={reload} /></Page>;
  const groupLabel = new Map(study.settings.groups.map((g) => [g.key, g.label]));
  const c = study.settings.consensus;

  async function revoke(pid: string, name: string) {
    try {
      await api(`/api/admin/delphi/studies/${study!.id}/panellists/${pid}/revoke`, { method: "POST", body: {} });
      setRevokeMsg({ ok: true, text: `${name}'s link no longer works.` });
      reload();
    } catch (err) {
      setRevokeMsg({ ok: false, text: (err as Error).message });
    }
  }

  return (
    <Page title={study.title}>
      <StaleAlert state={studyState} what="the study" />
      <p>
        <Link to={`/console/delphi/${study.id}/results`}>Results, comments and decisions</Link> ·{" "}
        <Link to={`/console/delphi/${study.id}/framework`}>Framework view</Link>
      </p>
      <h2>Consensus rule (version {study.rulesVersion}{study.rulesLocked ? ", locked since round 1 opened" : ""})</h2>
      <p>
        Consensus that an item is critical when at least {c.inMinPctHigh}% rate it 7–9 and fewer than {c.inMaxPctLow}% rate it 1–3; that it is not
        important when at least {c.outMinPctLow}% rate it 1–3 and fewer than {c.outMaxPctHigh}% rate it 7–9. &quot;Unable to rate&quot; is left out.{" "}
        {c.scope === "groupsAndOverall"
          ? `The rule must hold overall and in every stakeholder group where at least ${c.minGroupRaters} panellists rated the item.`
          : "The rule is applied to the whole panel only."}{" "}
        At most {study.settings.stopping.maxRounds} rounds; an item is stable when fewer than {study.settings.stopping.stabilityThresholdPct}% of panellists move
        category between rounds.
      </p>
      <DelphiSettingsForm
        study={study}
        draft={settingsDraft}
        onDraft={setSettingsDraft}
        message={settingsMsg}
        onMessage={setSettingsMsg}
        reloadStudy={reload}
      />
      <h2>Items</h2>
      <p>
        {study.items.length} items: {study.items.filter((i) => i.origin === "catalogue").length} from the indicator catalogue,{" "}
        {study.items.filter((i) => i.origin !== "catalogue").length} added.
      </p>

      <h2>Rounds</h2>
      <OpenRound study={study} onDone={reload} />
      {study.rounds.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Round progress table" tabIndex={0}>
          <table className="console-table">
            <caption>Progress by stakeholder group (submitted of invited)</caption>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Items</th>
                <th scope="col" className="num">All groups</th>
                {study.settings.groups.map((g) => (
                  <th scope="col" className="num" key={g.key}>
                    {g.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {study.rounds.map((r) => (
                <tr key={r.number}>
                  <th scope="row">Round {r.number}</th>
                  <td>{r.open ? "Open" : `Closed ${formatDateTime(r.closedAt)}`}</td>
                  <td className="num">{r.itemIds.length}</td>
                  <td className="num">
                    {r.submitted} of {r.invited}
                  </td>
                  {r.byGroup.map((g) => (
                    <td className="num" key={g.group}>
                      {g.submitted} of {g.invited}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2>Panel</h2>
      <AddPanellist study={study} onAdded={reload} />
      <Status message={revokeMsg} id="revoke-message" />
      {study.panellists.length > 0 && (
        <div className="table-scroll" role="region" aria-label="Panel table" tabIndex={0}>
          <table className="console-table">
            <caption>Panellists ({study.panellists.length})</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">E-mail address</th>
                <th scope="col">Group</th>
                <th scope="col">Consent</th>
                <th scope="col">Last reminded</th>
                <th scope="col">Link</th>
              </tr>
            </thead>
            <tbody>
              {study.panellists.map((p) => (
                <tr key={p.id}>
                  <th scope="row" className="wrap">{p.name}</th>
                  <td className="wrap">{p.email}</td>
                  <td>{groupLabel.get(p.group) ?? p.group}</td>
                  <td>{p.consentAt ? formatDateTime(p.consentAt) : "Not recorded"}</td>
                  <td>{p.lastRemindedAt ? formatDateTime(p.lastRemindedAt) : "Not reminded"}</td>
                  <td>
                    {p.revoked ? (
                      "Withdrawn"
                    ) : (
                      <button type="button" className="button-secondary" onClick={() => void revoke(p.id, p.name)} aria-label={`Withdraw link for ${p.name}`}>
                        Withdraw link
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
