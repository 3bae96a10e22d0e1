import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { IssuedLinkDto, LaLinkDto, LinkState, ListLinksDto } from "../../../server/contracts/links.ts";
import { api, downloadFile, formatBytes, formatDateTime } from "./api.ts";
import { laMatches } from "./la-search.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import { FilterSelect } from "./filter-select.tsx";

const STATE_LABEL: Record<LinkState, string> = { live: "Working", expired: "Expired", revoked: "Revoked", none: "Never issued" };
const VIEW = { q: "", state: "" } as const;

function isLinkState(s: string): s is LinkState {
  return Object.hasOwn(STATE_LABEL, s);
}

type Pending = { kind: "reissue" | "revoke"; la: LaLinkDto };
type Message = { ok: boolean; text: string; issued?: IssuedLinkDto };

function laLabel(la: { laName: string; laCode: string }): string {
  return `${la.laName} (${la.laCode})`;
}

export function LinksPage() {
  const links = useApi<ListLinksDto>("/api/admin/links");
  const { data, reload } = links;
  const [view, setView] = useUrlState(VIEW);
  const [search, setSearch] = useUrlText("q", view.q, useCallback((q: string) => setView({ q }), [setView]));
  const state = isLinkState(view.state) ? view.state : "";
  const [pending, setPending] = useState<Pending | null>(null);
  const [message, setMessage] = useState<Message | null>(null);
  const [busy, setBusy] = useState(false);
  const [focusTarget, setFocusTarget] = useState<"confirm" | "message" | null>(null);
  const confirmRef = useRef<HTMLHeadingElement>(null);
  const messageRef = useRef<HTMLDivElement>(null);

  // focus moves after React has rendered what it points at
  useEffect(() => {
    if (focusTarget === "confirm") confirmRef.current?.focus();
    if (focusTarget === "message") messageRef.current?.focus();
    if (focusTarget) setFocusTarget(null);
  }, [focusTarget]);

  const shown = useMemo(() => {
    const q = view.q.trim();
    return (data?.links ?? []).filter((l) => (!state || l.state === state) && (!q || laMatches(q, [l.laName, l.laCode, l.region])));
  }, [data, view.q, state]);
  const counts = useMemo(() => {
    const c: Record<LinkState, number> = { live: 0, expired: 0, revoked: 0, none: 0 };
    for (const l of data?.links ?? []) c[l.state]++;
    return c;
  }, [data]);
  const missing = counts.expired + counts.revoked + counts.none;

  function say(m: Message) {
    setMessage(m);
    setFocusTarget("message");
  }

  async function act(kind: "issue" | "reissue" | "revoke", la: LaLinkDto) {
    setPending(null);
    setBusy(true);
    try {
      if (kind === "revoke") {
        const r = await api<{ revoked: number }>(`/api/admin/links/${la.laCode}/revoke`, { method: "POST" });
        say({ ok: true, text: `Revoked ${r.revoked === 1 ? "the link" : `${r.revoked} links`} for ${laLabel(la)}. Anyone using ${r.revoked === 1 ? "it" : "them"} is signed out at their next change.` });
      } else {
        const issued = await api<IssuedLinkDto>(`/api/admin/links/${la.laCode}/${kind}`, { method: "POST" });
        say({ ok: true, text: `New link for ${laLabel(la)}${issued.revoked ? `; the earlier ${issued.revoked === 1 ? "link no longer works" : `${issued.revoked} links no longer work`}` : ""}.`, issued });
      }
      reload();
    } catch (err) {
      say({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  async function downloadMissing() {
    setBusy(true);
    try {
      const file = await downloadFile("/api/admin/links/missing.csv", {}, "la-survey-links.csv");
      say({
        ok: true,
        text: `Downloaded ${file.fileName} (${formatBytes(file.bytes)}) with a new link for each LA that had no working one. The links are not kept anywhere else: keep the file safe and delete it after the mail-merge.`,
      });
      reload();
    } catch (err) {
      say({ ok: false, text: (err as Error).message });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="LA survey links">
      <p>
        Each LA answers through its own private link. A new link is shown once: the service keeps only a fingerprint of it, so it
        cannot be shown again. Every action here is recorded in the audit trail.
      </p>
      <div ref={messageRef} tabIndex={-1} role="status" aria-live="polite">
        {message && (
          <div className={message.ok ? "console-ok" : "console-error"} id="links-message">
            <p className="break-anywhere">{message.text}</p>
            {message.issued && (
              <div className="field">
                <label htmlFor="new-link">Link for {laLabel(message.issued)}</label>
                <p className="hint" id="new-link-hint">
                  Shown only this once. Copy it now and send it to the LA's data lead. It works until {formatDateTime(message.issued.expiresAt)}.
                </p>
                <input id="new-link" readOnly aria-describedby="new-link-hint" value={message.issued.link} onFocus={(e) => e.currentTarget.select()} className="link-box" />
              </div>
            )}
          </div>
        )}
      </div>

      {pending && (
        <section className="console-warning" aria-labelledby="links-confirm-h">
          <h2 id="links-confirm-h" ref={confirmRef} tabIndex={-1}>
            {pending.kind === "revoke" ? `Revoke the link for ${laLabel(pending.la)}?` : `Replace the link for ${laLabel(pending.la)}?`}
          </h2>
          <p>
            {pending.kind === "revoke"
              ? "The link stops working at once and anyone signed in with it is signed out. Their answers are kept. You can issue a new link later."
              : "The current link stops working at once and a new one is shown here. Their answers are kept."}
          </p>
          <div className="button-row">
            <button type="button" disabled={busy} onClick={() => void act(pending.kind, pending.la)}>
              {pending.kind === "revoke" ? "Yes, revoke the link" : "Yes, issue a new link"}
            </button>
            <button type="button" className="button-secondary" onClick={() => setPending(null)}>
              Cancel
            </button>
          </div>
        </section>
      )}

      <Loaded state={links} what="the links">
        {(data) => (
          <>
            <ul className="stat-cards">
              <li className="stat-card"><span className="stat-number">{counts.live}</span> LAs with a working link</li>
              <li className="stat-card"><span className="stat-number">{missing}</span> without one ({counts.none} never issued, {counts.revoked} revoked, {counts.expired} expired)</li>
            </ul>

            <section className="console-section" aria-labelledby="links-csv-h">
              <h2 id="links-csv-h">Mail-merge file</h2>
              <p>
                A CSV file (LA code, name, region and link) for a mail-merge. New links last {data.ttlDays} days. LAs that already have a
                working link are left out: replace a single link in the table below.
              </p>
              <button type="button" disabled={busy || missing === 0} onClick={() => void downloadMissing()}>
                {missing === 0 ? "Every LA has a working link" : `Issue links for the ${missing} LAs without one and download the CSV`}
              </button>
            </section>

            <section className="console-section" aria-labelledby="links-table-h">
              <h2 id="links-table-h">Links by LA</h2>
              <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
                <div className="field">
                  <label htmlFor="links-search">Search by name, code or region</label>
                  <input id="links-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
                </div>
                <FilterSelect id="links-state" label="Link" value={state} onChange={(v) => setView({ state: v })} anyLabel="Any"
                  choices={(Object.keys(STATE_LABEL) as LinkState[]).map((s) => ({ value: s, label: STATE_LABEL[s] }))} />
              </form>
              <p className="hint" role="status">{shown.length} of {data.links.length} LAs shown</p>
              <div className="table-scroll" role="region" aria-label="Links by LA" tabIndex={0}>
                <table className="console-table" id="links-table">
                  <caption className="visually-hidden">Each LA's survey link: when it was issued, last used and when it stops working</caption>
                  <thead>
                    <tr>
                      <th scope="col">LA</th>
                      <th scope="col">Region</th>
                      <th scope="col">Link</th>
                      <th scope="col">Issued</th>
                      <th scope="col">Last used</th>
                      <th scope="col">Expires</th>
                      <th scope="col"><span className="visually-hidden">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {shown.map((l) => (
                      <tr key={l.laCode} id={`link-${l.laCode}`}>
                        <th scope="row">{laLabel(l)}</th>
                        <td>{l.region}</td>
                        <td>
                          {STATE_LABEL[l.state]}
                          {l.liveLinks > 1 && ` (${l.liveLinks} links)`}
                          {l.state === "revoked" && l.revokedAt && <> on {formatDateTime(l.revokedAt)}</>}
                        </td>
                        <td>{l.issuedAt ? formatDateTime(l.issuedAt) : "Never"}</td>
                        <td>{l.lastUsedAt ? formatDateTime(l.lastUsedAt) : "Not used"}</td>
                        <td>{l.expiresAt ? formatDateTime(l.expiresAt) : "—"}</td>
                        <td>
                          <div className="button-row">
                            {l.state === "live" ? (
                              <>
                                <button type="button" className="button-secondary" disabled={busy} onClick={() => { setPending({ kind: "reissue", la: l }); setFocusTarget("confirm"); }}>
                                  Reissue<span className="visually-hidden"> the link for {laLabel(l)}</span>
                                </button>
                                <button type="button" className="button-secondary" disabled={busy} onClick={() => { setPending({ kind: "revoke", la: l }); setFocusTarget("confirm"); }}>
                                  Revoke<span className="visually-hidden"> the link for {laLabel(l)}</span>
                                </button>
                              </>
                            ) : (
                              <button type="button" className="button-secondary" disabled={busy} onClick={() => void act("issue", l)}>
                                Issue a link<span className="visually-hidden"> for {laLabel(l)}</span>
                              </button>
                            )}
                          </div>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
