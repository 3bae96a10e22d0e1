import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router-dom";
import type { CommentDto, ResultsDto, StudyDto } from "../../../server/contracts/delphi.ts";
import { api } from "./api.ts";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";
import { DelphiProposals } from "./delphi-proposals.tsx";
import { DelphiExportSection } from "./delphi-export-section.tsx";
import { AttritionTable, StoppingSummary } from "./delphi-results-summary.tsx";
import { OpenToShow, RatingChart } from "../delphi/rating-chart.tsx";

const CONSENSUS_LABEL: Record<string, string> = { in: "Critical", out: "Not important", none: "No consensus" };
const fmt = (n: number | null) => (n === null ? "—" : String(Math.round(n * 10) / 10));
const pct = (n: number | null) => (n === null ? "—" : `${n}%`);

function Comments({ studyId }: { studyId: string }) {
  const comments = useApi<{ comments: CommentDto[] }>(`/api/admin/delphi/studies/${studyId}/comments`);
  const { data, reload } = comments;
  const [message, setMessage] = useState<string | null>(null);
  async function moderate(c: CommentDto, action: "approve" | "redact") {
    try {
      await api(`/api/admin/delphi/studies/${studyId}/comments/${c.id}/${action}`, { method: "POST", body: {} });
      setMessage(action === "approve" ? `Comment on "${c.itemName}" approved: panellists will see it in the next round.` : `Comment on "${c.itemName}" redacted.`);
      reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  }
  if (!data) return <Loading error={comments.error} what="comments" reload={reload} />;
  const STATUS: Record<string, string> = { pending: "Waiting", approved: "Approved", redacted: "Redacted" };
  return (
    <>
      <StaleAlert state={comments} what="the comments" />
      <div role="status" aria-live="polite">
        {message && <p className="console-ok">{message}</p>}
      </div>
      {data.comments.length === 0 ? (
        <p>No comments yet.</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="Comments table" tabIndex={0}>
          <table className="console-table">
            <caption>Comments: only approved ones are shown to the panel, without names</caption>
            <thead>
              <tr>
                <th scope="col">Round</th>
                <th scope="col">Item</th>
                <th scope="col">Comment</th>
                <th scope="col">Status</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {data.comments.map((c) => (
                <tr key={c.id}>
                  <td>{c.round}</td>
                  <td className="wrap">{c.itemName}</td>
                  <td className="wrap">{c.text}</td>
                  <td>{STATUS[c.status] ?? c.status}</td>
                  <td>
                    <div className="button-row">
                      {c.status !== "approved" && (
                        <button type="button" onClick={() => void moderate(c, "approve")} aria-label={`Approve comment: ${c.text}`}>
                          Approve
                        </button>
                      )}
                      {c.status !== "redacted" && (
                        <button type="button" className="button-secondary" onClick={() => void moderate(c, "redact")} aria-label={`Redact comment: ${c.text}`}>
                          Redact
                        </button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function DecisionForm({ studyId, items, onDone }: { studyId: string; items: { id: string; name: string }[]; onDone: () => void }) {
  const [itemId, setItemId] = useState(items[0]?.id ?? "");
  const [decision, setDecision] = useState<"include" | "exclude" | "">("");
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!decision || !reason.trim()) {
      setMessage({ ok: false, text: "Choose include or exclude and give the meeting's reason" });
      return;
    }
    try {
      await api(`/api/admin/delphi/studies/${studyId}/decisions`, { method: "POST", body: { itemId, decision, reason: reason.trim() } });
      setMessage({ ok: true, text: "Decision recorded." });
      setReason("");
      onDone();
    } catch (err) {
      setMessage({ ok: false, text: (err as Error).message });
    }
  }
  if (items.length === 0) return <p>Every rated item has reached consensus.</p>;
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <div className="field">
        <label htmlFor="decision-item">Item without consensus</label>
        <select id="decision-item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
          {items.map((i) => (
            <option key={i.id} value={i.id}>
              {i.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="console-section">
        <legend>The meeting&apos;s decision</legend>
        <div className="field checkbox">
          <input type="radio" id="decision-include" name="decision" checked={decision === "include"} onChange={() => setDecision("include")} />
          <label htmlFor="decision-include">Include in the framework</label>
        </div>
        <div className="field checkbox">
          <input type="radio" id="decision-exclude" name="decision" checked={decision === "exclude"} onChange={() => setDecision("exclude")} />
          <label htmlFor="decision-exclude">Exclude</label>
        </div>
      </fieldset>
      <div className="field">
        <label htmlFor="decision-reason">Reason</label>
        <textarea id="decision-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
      </div>
      <button type="submit">Record the decision</button>
      <div role="status" aria-live="polite">
        {message && <p className={message.ok ? "console-ok" : "console-error"}>{message.text}</p>}
      </div>
    </form>
  );
}

/** Results per item and round (overall and per stakeholder group), comment moderation and meeting decisions. */
export function DelphiResultsPage() {
  const { id } = useParams();
  const studyState = useApi<StudyDto>(`/api/admin/delphi/studies/${id}`);
  const results = useApi<ResultsDto>(`/api/admin/delphi/studies/${id}/results`);
  const { data: study, reload: reloadStudy } = studyState;
  const { data, reload } = results;
  if (!data || !study) {
    const failed = results.error ? results : studyState;
    return <Page title="Delphi results"><Loading error={failed.error} what={failed === results ? "results" : "the study"} reload={failed.reload} /></Page>;
  }
  const label = new Map(study.settings.groups.map((g) => [g.key, g.label]));
  const rated = data.items.filter((i) => i.rounds.length > 0);
  const undecided = rated.filter((i) => i.rounds[i.rounds.length - 1].consensus === "none");
  return (
    <Page title={`Results: ${study.title}`}>
      <StaleAlert state={studyState} what="the study" />
      <StaleAlert state={results} what="the results" />
      <p>
        <Link to={`/console/delphi/${study.id}`}>Back to the study</Link> · Consensus rule version {data.ruleVersion}. A group&apos;s consensus is
        judged only where at least {study.settings.consensus.minGroupRaters} of its panellists rated the item.
      </p>
      <DelphiExportSection studyId={study.id} />
      <StoppingSummary results={data} />
      <AttritionTable results={data} study={study} />
      <h2>Ratings by item</h2>
      <p className="hint">
        Disagreement is the RAND/UCLA index (the 30th–70th percentile range over IPRAS): above 1 the panel disagrees. The RAND/UCLA column applies that
        method&apos;s rule (median 7–9 or 1–3 without disagreement) beside the study&apos;s own.
      </p>
      {rated.length === 0 && <p>No round has been rated yet.</p>}
      {rated.map((item) => (
        <section key={item.id} aria-labelledby={`item-${item.id}`}>
          <h3 id={`item-${item.id}`}>{item.name}</h3>
          <p className="hint">Stopping rule: {item.stopping.sentence}</p>
          {item.attritionBias && item.attritionBias.left.n > 0 && (
            <p className="hint">
              Attrition bias: in round 1, those who stayed to the last round rated it median {fmt(item.attritionBias.stayed.median)} ({pct(item.attritionBias.stayed.pct7to9)} 7–9,{" "}
              {item.attritionBias.stayed.n} panellists); those who left, median {fmt(item.attritionBias.left.median)} ({pct(item.attritionBias.left.pct7to9)} 7–9,{" "}
              {item.attritionBias.left.n} panellists).
            </p>
          )}
          {item.decision && (
            <p>
              Consensus meeting: {item.decision.decision === "include" ? "included" : "excluded"} ({item.decision.reason})
            </p>
          )}
          <div className="table-scroll" role="region" aria-label={`Results for ${item.name}`} tabIndex={0}>
            <table className="console-table">
              <caption className="visually-hidden">Results for {item.name} by round and stakeholder group</caption>
              <thead>
                <tr>
                  <th scope="col">Round and group</th>
                  <th scope="col" className="num">Responded</th>
                  <th scope="col" className="num">Rated</th>
                  <th scope="col" className="num">Unable</th>
                  <th scope="col" className="num">Median (IQR)</th>
                  <th scope="col" className="num">1–3</th>
                  <th scope="col" className="num">4–6</th>
                  <th scope="col" className="num">7–9</th>
                  <th scope="col" className="num">Moved category</th>
                  <th scope="col">Consensus</th>
                  <th scope="col">Whole panel only</th>
                  <th scope="col" className="num">Disagreement</th>
                  <th scope="col">RAND/UCLA</th>
                </tr>
              </thead>
              <tbody>
                {item.rounds.flatMap((r) => [
                  <tr key={`${r.round}`}>
                    <th scope="row">Round {r.round}: everyone</th>
                    <td className="num">{r.nResponded} of {r.nInvited}</td>
                    <td className="num">{r.nRated}</td>
                    <td className="num">{r.nUnable}</td>
                    <td className="num">{fmt(r.median)} ({fmt(r.q1)}–{fmt(r.q3)})</td>
                    <td className="num">{pct(r.pct1to3)}</td>
                    <td className="num">{pct(r.pct4to6)}</td>
                    <td className="num">{pct(r.pct7to9)}</td>
                    <td className="num">{pct(r.stability)}</td>
                    <td>{CONSENSUS_LABEL[r.consensus]}</td>
                    <td>{CONSENSUS_LABEL[r.consensusOverallOnly]}</td>
                    <td className="num">{r.disagreement ? `${r.disagreement.index}${r.disagreement.disagree ? " (disagree)" : ""}` : "—"}</td>
                    <td>{CONSENSUS_LABEL[r.consensusRandUcla]}</td>
                  </tr>,
                  ...r.byGroup.map((g) => (
                    <tr key={`${r.round}-${g.group}`}>
                      <th scope="row">Round {r.round}: {label.get(g.group) ?? g.group}</th>
                      <td className="num">{g.nResponded} of {g.nInvited}</td>
                      <td className="num">{g.nRated}</td>
                      <td className="num">{g.nUnable}</td>
                      <td className="num">{fmt(g.median)} ({fmt(g.q1)}–{fmt(g.q3)})</td>
                      <td className="num">{pct(g.pct1to3)}</td>
                      <td className="num">{pct(g.pct4to6)}</td>
                      <td className="num">{pct(g.pct7to9)}</td>
                      <td className="num">—</td>
                      <td>{g.consensus ? CONSENSUS_LABEL[g.consensus] : "Too few raters"}</td>
                      <td>—</td>
                      <td className="num">—</td>
                      <td>—</td>
                    </tr>
                  )),
                ])}
              </tbody>
            </table>
          </div>
          {item.rounds.some((r) => r.nRated + r.nUnable > 0) ? (
            <OpenToShow summary={`Distribution of ratings of “${item.name}” by round (chart and table)`}>
              <RatingChart
                title={`ratings of “${item.name}” by round`}
                caption={`Ratings of “${item.name}” by round (number of panellists)`}
                series={item.rounds.map((r) => ({ label: `Round ${r.round}`, distribution: r.distribution, unable: r.nUnable }))}
              />
            </OpenToShow>
          ) : (
            <p className="hint">Nobody has rated this item yet.</p>
          )}
        </section>
      ))}
      <h2>Items proposed by the panel</h2>
      <DelphiProposals studyId={study.id} items={study.items} onChange={reloadStudy} />
      <h2>Comments</h2>
      <Comments studyId={study.id} />
      <h2>Consensus meeting decisions</h2>
      <DecisionForm studyId={study.id} items={undecided} onDone={reload} />
    </Page>
  );
}
