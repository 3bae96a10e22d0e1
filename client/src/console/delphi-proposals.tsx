import { useState } from "react";
import type { ProposalDto } from "../../../server/contracts/delphi.ts";
import { api } from "./api.ts";
import { Loading, StaleAlert, useApi } from "./page.tsx";

const STATUS: Record<string, string> = { pending: "Waiting for a decision", accepted: "Accepted as a new item", merged: "Merged into an existing item", declined: "Declined" };

function Decide({ studyId, proposal, items, onDone }: { studyId: string; proposal: ProposalDto; items: { id: string; name: string }[]; onDone: (text: string) => void }) {
  const [reason, setReason] = useState("");
  const [mergeInto, setMergeInto] = useState(items[0]?.id ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const fid = `proposal-${proposal.id}`;
  async function act(action: "accept" | "merge" | "decline") {
    if (!reason.trim()) {
      setProblem("Give a reason: the panel will be told what happened to the proposal");
      return;
    }
    try {
      await api(`/api/admin/delphi/studies/${studyId}/proposals/${proposal.id}/${action}`, { method: "POST", body: { reason: reason.trim(), ...(action === "merge" ? { itemId: mergeInto } : {}) } });
      onDone(`"${proposal.name}": ${action === "accept" ? "accepted" : action === "merge" ? "merged" : "declined"}.`);
    } catch (err) {
      setProblem((err as Error).message);
    }
  }
  return (
    <div>
      <div className="field">
        <label htmlFor={`${fid}-reason`}>Reason for “{proposal.name}”</label>
        <textarea id={`${fid}-reason`} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? `${fid}-error` : undefined} />
        {problem && (
          <p className="console-error" id={`${fid}-error`} role="alert">
            {problem}
          </p>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${fid}-merge`}>Existing item to merge it into</label>
        <select id={`${fid}-merge`} value={mergeInto} onChange={(e) => setMergeInto(e.target.value)}>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="button" onClick={() => void act("accept")} aria-label={`Accept as a new item: ${proposal.name}`}>
          Accept as a new item
        </button>
        <button type="button" className="button-secondary" onClick={() => void act("merge")} aria-label={`Merge into the chosen item: ${proposal.name}`}>
          Merge into the chosen item
        </button>
        <button type="button" className="button-secondary" onClick={() => void act("decline")} aria-label={`Decline: ${proposal.name}`}>
          Decline
        </button>
      </div>
    </div>
  );
}

/** Items the panel proposed in round 1, each accepted (rated from the next round), merged or declined with a reason. */
export function DelphiProposals({ studyId, items, onChange }: { studyId: string; items: { id: string; name: string }[]; onChange: () => void }) {
  const proposals = useApi<{ proposals: ProposalDto[] }>(`/api/admin/delphi/studies/${studyId}/proposals`);
  const { data, reload } = proposals;
  const [message, setMessage] = useState<string | null>(null);
  if (!data) return <Loading error={proposals.error} what="proposals" reload={reload} />;
  return (
    <>
      <StaleAlert state={proposals} what="proposals" />
      <div role="status" aria-live="polite">
        {message && <p className="console-ok">{message}</p>}
      </div>
      {data.proposals.length === 0 && <p>No panellist has proposed an item.</p>}
      {data.proposals.map((p) => (
        <section key={p.id} className="preview" aria-labelledby={`proposal-${p.id}-name`}>
          <h3 id={`proposal-${p.id}-name`}>{p.name}</h3>
          {p.rationale && <p>{p.rationale}</p>}
          <p>
            <strong>{STATUS[p.status] ?? p.status}</strong>
            {p.reason ? `: ${p.reason}` : ""}
          </p>
          {p.status === "pending" && (
            <Decide
              studyId={studyId}
              proposal={p}
              items={items}
              onDone={(text) => {
                setMessage(text);
                reload();
                onChange();
              }}
            />
          )}
        </section>
      ))}
    </>
  );
}
