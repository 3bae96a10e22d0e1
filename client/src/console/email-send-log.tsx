import { useCallback, useMemo } from "react";
import type { SendsDto } from "../../../server/contracts/email.ts";
import { formatDateTime } from "./api.ts";
import { laMatches } from "./la-search.ts";
import { Loaded, type ApiState } from "./page.tsx";
import { useUrlState, useUrlText } from "./url-state.ts";
import { FilterSelect } from "./filter-select.tsx";

const OUTCOME_CHOICES = [
  { value: "sent", label: "Sent" },
  { value: "failed", label: "Failed" },
];

const KIND_LABEL: Record<string, string> = { invitation: "Invitation", reminder: "Reminder" };
const VIEW = { logQ: "", logKind: "", logOutcome: "" } as const;

/** A kind the service may add later still reads as words, never as its code. */
export function sendKindLabel(kind: string): string {
  return KIND_LABEL[kind] ?? (kind.charAt(0).toUpperCase() + kind.slice(1)).replace(/[_-]+/g, " ");
}

/**
 * Every send attempt, newest first, with the LA by name. Its search and filters are kept in the
 * address (as on the other console lists), so a researcher can share "every failed reminder".
 */
export function EmailSendLog({ sends, laNames }: { sends: ApiState<SendsDto>; laNames: ReadonlyMap<string, string> }) {
  const [view, setView] = useUrlState(VIEW);
  const [query, setQuery] = useUrlText("logQ", view.logQ, useCallback((logQ: string) => setView({ logQ }), [setView]));
  const kinds = useMemo(() => [...new Set((sends.data?.sends ?? []).map((s) => s.kind))].sort(), [sends.data]);
  const shown = useMemo(
    () =>
      (sends.data?.sends ?? []).filter((s) => {
        if (view.logKind && s.kind !== view.logKind) return false;
        if (view.logOutcome === "sent" && s.outcome !== "sent") return false;
        if (view.logOutcome === "failed" && s.outcome === "sent") return false;
        const q = view.logQ.trim();
        return !q || laMatches(q, [laNames.get(s.laCode ?? "") ?? "", s.laCode ?? "", s.toAddress]);
      }),
    [sends.data, view, laNames],
  );

  return (
    <section className="console-section" aria-labelledby="log-h">
      <h2 id="log-h">Sent e-mails</h2>
      <Loaded state={sends} what="the send log">
        {(log) =>
          log.sends.length === 0 ? (
            <p>Nothing sent yet.</p>
          ) : (
            <>
              <form className="filters" role="search" aria-label="Filter sent e-mails" onSubmit={(e) => e.preventDefault()}>
                <div className="field">
                  <label htmlFor="log-search">LA or address</label>
                  <input id="log-search" type="search" value={query} onChange={(e) => setQuery(e.target.value)} />
                </div>
                <FilterSelect id="log-kind" label="Kind" value={view.logKind} onChange={(v) => setView({ logKind: v })} anyLabel="Any"
                  choices={kinds.map((k) => ({ value: k, label: sendKindLabel(k) }))} />
                <FilterSelect id="log-outcome" label="Outcome" value={view.logOutcome} onChange={(v) => setView({ logOutcome: v })} anyLabel="Any" choices={OUTCOME_CHOICES} />
              </form>
              <p className="hint" role="status">{shown.length} of {log.sends.length} send attempts shown</p>
              <div className="table-scroll" role="region" aria-label="Sent e-mails table" tabIndex={0}>
                <table className="console-table">
                  <caption className="visually-hidden">Every send attempt, newest first</caption>
                  <thead>
                    <tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">LA</th><th scope="col">To</th><th scope="col">Outcome</th><th scope="col">Sent by</th></tr>
                  </thead>
                  <tbody>
                    {shown.map((s) => (
                      <tr key={s.id}>
                        <td>{formatDateTime(s.at)}</td>
                        <td>{sendKindLabel(s.kind)}</td>
                        <td>{s.laCode ? (laNames.get(s.laCode) ?? s.laCode) : ""}</td>
                        <td>{s.toAddress}</td>
                        <td>{s.outcome === "sent" ? "Sent" : `Failed: ${s.error ?? ""}`}</td>
                        <td>{s.sentByEmail ?? ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          )
        }
      </Loaded>
    </section>
  );
}
