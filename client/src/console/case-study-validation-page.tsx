import { Link } from "react-router-dom";
import type { Static } from "typebox";
import type { ProposalsReply, ValidationDto } from "../../../server/contracts/case-study-fieldwork.ts";
import { api } from "./api.ts";
import { Loaded, Page, useApi } from "./page.tsx";
import { CLASS_LABELS, PROPOSAL_LABELS } from "./case-study-fieldwork-labels.ts";

const CLASSES = ["ready", "develop", "notNow"] as const;

const pct = (x: number | null) => (x == null ? "—" : `${Math.round(x * 100)}%`);
const kappaText = (x: number | null) => (x == null ? "—" : x.toFixed(2));

type Group = ValidationDto["byLa"][number];

function GroupTable({ id, caption, groups }: { id: string; caption: string; groups: Group[] }) {
  if (groups.length === 0) return null;
  return (
    <div className="table-scroll" role="region" aria-label={caption} tabIndex={0}>
      <table className="console-table" id={id}>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Findings with a prediction</th>
            <th scope="col">Not enough information</th>
            <th scope="col">Agreement</th>
            <th scope="col">Kappa</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.key}>
              <th scope="row">{g.label}</th>
              <td>{g.n}</td>
              <td>{g.nNotEnoughInformation}</td>
              {g.note ? <td colSpan={2}>{g.note}</td> : (
                <>
                  <td>{pct(g.agreement)}</td>
                  <td>{kappaText(g.kappa)}</td>
                </>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Proposals() {
  const proposals = useApi<Static<typeof ProposalsReply>>("/api/admin/case-studies/proposals");
  const { reload } = proposals;
  async function set(laCode: string, indicatorId: string, status: string) {
    await api(`/api/admin/case-studies/proposals/${laCode}/${encodeURIComponent(indicatorId)}`, { method: "PUT", body: { status } });
    reload();
  }
  return (
    <section className="console-section" aria-labelledby="proposals-h">
      <h2 id="proposals-h">Definition changes proposed by case studies</h2>
      <Loaded state={proposals} what="proposals">
        {(data) =>
          data.proposals.length === 0 ? (
            <p>No changes proposed yet.</p>
          ) : (
            <ul className="summary-list">
              {data.proposals.map((p) => (
                <li key={`${p.laCode}-${p.indicatorId}`}>
                  <strong>{p.indicatorName}</strong> — {p.change} <span className="hint">({p.laName}; {PROPOSAL_LABELS[p.status] ?? p.status})</span>
                  <div className="button-row">
                    <button type="button" className="button-secondary" onClick={() => void set(p.laCode, p.indicatorId, "accepted")} aria-label={`Accept the change to ${p.indicatorName} from ${p.laName}`}>
                      Accept
                    </button>
                    <button type="button" className="button-secondary" onClick={() => void set(p.laCode, p.indicatorId, "rejected")} aria-label={`Reject the change to ${p.indicatorName} from ${p.laName}`}>
                      Reject
                    </button>
                  </div>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </section>
  );
}

/** How often the survey's bands matched what case-study LAs could actually produce. */
export function CaseStudyValidationPage() {
  const validation = useApi<ValidationDto>("/api/admin/case-studies/validation");
  const { data } = validation;
  const count = (p: string, o: string) => data?.confusion.find((c) => c.predicted === p && c.observed === o)?.count ?? 0;
  return (
    <Page title="Did the survey predict the case studies?">
      <p>
        Each finding compares the band the survey gave an indicator (when the finding was recorded) with what the LA&apos;s analysts produced. Ready now
        should mean produced; feasible with development should mean produced with differences or by hand; not feasible now should mean not produced.
        Findings where the survey had not enough information are counted apart. Agreement and Cohen&apos;s kappa are shown only from 10 findings up.
      </p>
      <p>
        <Link to="/console/case-studies/fieldwork">Record findings for a case-study LA</Link>
      </p>
      <Loaded state={validation} what="validation">
        {(data) => (
          <>
            <ul className="stat-cards">
              <li className="stat-card">
                <span className="stat-number">{data.n}</span> findings with a prediction
              </li>
              <li className="stat-card">
                <span className="stat-number">{data.nNotEnoughInformation}</span> with not enough information
              </li>
              <li className="stat-card">
                <span className="stat-number">{pct(data.agreement)}</span> agreement
              </li>
              <li className="stat-card">
                <span className="stat-number">{kappaText(data.kappa)}</span> Cohen&apos;s kappa
              </li>
            </ul>
            {data.note && <p className="console-warning">{data.note}</p>}
            <div className="table-scroll" role="region" aria-label="Predicted against observed" tabIndex={0}>
              <table className="console-table" id="confusion">
                <caption>Predicted (rows) against observed (columns)</caption>
                <thead>
                  <tr>
                    <td />
                    {CLASSES.map((o) => (
                      <th key={o} scope="col">
                        Observed: {CLASS_LABELS[o]}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {CLASSES.map((p) => (
                    <tr key={p}>
                      <th scope="row">Predicted: {CLASS_LABELS[p]}</th>
                      {CLASSES.map((o) => (
                        <td key={o}>{count(p, o)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <section className="console-section" aria-labelledby="wrong-h">
              <h2 id="wrong-h">Where the survey was wrong, and why</h2>
              {data.mispredictions.length === 0 ? (
                <p>No wrong predictions recorded.</p>
              ) : (
                <ul>
                  {data.mispredictions.map((m, i) => (
                    <li key={i}>
                      <strong>
                        {m.direction === "over" ? "Too hopeful" : "Too cautious"}: predicted {CLASS_LABELS[m.predicted]}, observed {CLASS_LABELS[m.observed]}
                      </strong>{" "}
                      — {m.reasonLabel}, {m.count} finding{m.count === 1 ? "" : "s"}:{" "}
                      {m.findings.map((f, j) => (
                        <span key={`${f.laCode}-${f.indicatorId}`}>
                          {j > 0 ? ", " : ""}
                          <Link to={`/console/case-studies/fieldwork/${f.laCode}#finding-${f.indicatorId}`}>
                            {f.indicatorName} in {f.laName}
                          </Link>
                        </span>
                      ))}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="console-section" aria-labelledby="groups-h">
              <h2 id="groups-h">By group</h2>
              <GroupTable id="by-wave" caption="By wave" groups={data.byWave} />
              <GroupTable id="by-band" caption="By capability band" groups={data.byCapabilityBand} />
              <GroupTable id="by-trajectory" caption="By Ofsted trajectory" groups={data.byOfstedTrajectory} />
              <GroupTable id="by-la" caption="By LA" groups={data.byLa} />
              <GroupTable id="by-indicator" caption="By indicator" groups={data.byIndicator} />
            </section>
            <Proposals />
          </>
        )}
      </Loaded>
    </Page>
  );
}
