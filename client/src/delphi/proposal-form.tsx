import { useState, type FormEvent } from "react";
import { panelApi } from "./panellist-api.ts";

/** Round 1 only: propose an indicator the list is missing; the research team decides on each. */
export function ProposalForm() {
  const [name, setName] = useState("");
  const [rationale, setRationale] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [sent, setSent] = useState<string[]>([]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setProblem("Enter the indicator you propose");
      return;
    }
    try {
      await panelApi.propose(name.trim(), rationale.trim());
      setSent((s) => [...s, name.trim()]);
      setName("");
      setRationale("");
      setProblem(null);
    } catch (err) {
      setProblem((err as Error).message);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="panel-item">
      <h2>Propose an indicator</h2>
      <p className="hint">If an indicator that matters is missing, propose it. The research team may add it to the next round.</p>
      <label htmlFor="proposal-name">Indicator</label>
      <input id="proposal-name" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={problem ? true : undefined} aria-describedby={problem ? "proposal-error" : undefined} />
      {problem && (
        <p className="panel-error" id="proposal-error" role="alert">
          {problem}
        </p>
      )}
      <label htmlFor="proposal-rationale">Why it matters (optional)</label>
      <textarea id="proposal-rationale" rows={2} value={rationale} onChange={(e) => setRationale(e.target.value)} />
      <p>
        <button type="submit">Send the proposal</button>
      </p>
      <div role="status" aria-live="polite">
        {sent.length > 0 && <p className="panel-ok">Proposal sent: {sent[sent.length - 1]}</p>}
      </div>
    </form>
  );
}
