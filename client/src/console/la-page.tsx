import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { LaFieldworkDto } from "../../../server/contracts/fieldwork.ts";
import type { ReadableResponseDto } from "../../../server/contracts/response-reading.ts";
import { formatDateTime, hasRole } from "./api.ts";
import { laTypeLabel } from "./labels.ts";
import { LaReopenForm } from "./la-reopen-form.tsx";
import { LaResponseSection } from "./la-response-section.tsx";
import { Loaded, Page, StatusTag, useApi } from "./page.tsx";
import { useSession } from "./session.tsx";
import { UnreadableAnswersPanel } from "./unreadable-answers-panel.tsx";

/** Every LA code is 3 digits; an address with anything else (an ONS code, a typo) names no LA. */
const LA_CODE = /^[0-9]{3}$/;

export function LaPage() {
  const { laCode = "" } = useParams();
  const wellFormed = LA_CODE.test(laCode);
  // a malformed code is not asked about: the server would only refuse it in the words of its schema
  const fieldwork = useApi<LaFieldworkDto>(wellFormed ? `/api/admin/fieldwork/las/${encodeURIComponent(laCode)}` : null);
  const { data, reload } = fieldwork;
  const readable = useApi<ReadableResponseDto>(wellFormed ? `/api/admin/responses/${encodeURIComponent(laCode)}/readable` : null);
  const { user } = useSession();
  // The reopen form goes once the response is no longer submitted, so the page says what happened.
  const [reopened, setReopened] = useState(false);
  const title = data ? `${data.la.name} (${data.la.laCode})` : `LA ${laCode}`;
  const reloadAll = () => {
    reload();
    readable.reload();
  };
  if (!wellFormed) {
    return (
      <Page title="LA not found">
        <p>No LA has the code “{laCode}”. LA codes are 3 digits, like 301.</p>
        <p>
          <Link to="/console/las">Find the LA in the list of all local authorities</Link>
        </p>
      </Page>
    );
  }
  return (
    <Page title={title}>
      <p className="no-print">
        <Link to="/console/las">Back to all local authorities</Link>
      </p>
      <Loaded state={fieldwork} what="this LA">
        {(data) => (
          <>
            <div className="button-row la-actions no-print">
              <Link to={`/console/scores/${data.la.laCode}`}>Scores for {data.la.name}</Link>
              <button type="button" className="button-secondary" onClick={() => window.print()}>
                Print or save as PDF
              </button>
              {hasRole(user, "admin") && data.response.status === "submitted" && (
                <LaReopenForm
                  laCode={data.la.laCode}
                  onReopened={() => {
                    setReopened(true);
                    reloadAll();
                  }}
                />
              )}
            </div>
            {reopened && (
              <p className="console-ok" role="status">
                The response is reopened. The LA can change its answers again and must submit again. Your reason is in the history below.
              </p>
            )}
            <dl className="summary-list">
              <div><dt>Region</dt><dd>{data.la.region}</dd></div>
              <div><dt>Type</dt><dd>{laTypeLabel(data.la.laType)}</dd></div>
              <div><dt>Status</dt><dd><StatusTag status={data.response.status} /></dd></div>
              <div><dt>Complete</dt><dd>{data.response.percentComplete}%</dd></div>
              <div><dt>Started</dt><dd>{formatDateTime(data.response.startedAt)}</dd></div>
              <div><dt>Last activity</dt><dd>{formatDateTime(data.response.lastActivity)}</dd></div>
              <div><dt>Submitted</dt><dd>{formatDateTime(data.response.submittedAt)}</dd></div>
            </dl>

            <section className="console-section" aria-labelledby="contributors-h">
              <h2 id="contributors-h">Contributors</h2>
              {data.contributors.length === 0 ? (
                <p>No one has answered yet.</p>
              ) : (
                <div className="table-scroll" role="region" aria-label="Contributors table" tabIndex={0}>
                  <table className="console-table">
                    <caption className="visually-hidden">People who have answered for this LA</caption>
                    <thead>
                      <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Work e-mail</th><th scope="col">First seen</th><th scope="col">Last seen</th><th scope="col" className="num">Answers changed</th></tr>
                    </thead>
                    <tbody>
                      {data.contributors.map((c) => (
                        <tr key={c.id}>
                          <th scope="row">{c.name}</th><td>{c.role}</td><td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : "Not given"}</td><td>{formatDateTime(c.firstSeenAt)}</td><td>{formatDateTime(c.lastSeenAt)}</td><td className="num">{c.changes}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
            </section>

            <UnreadableAnswersPanel laCode={data.la.laCode} onRepaired={reloadAll} />

            <section className="console-section" aria-labelledby="response-h">
              <h2 id="response-h">Answers</h2>
              <Loaded state={readable} what="the answers">
                {(r) => <LaResponseSection pages={r.pages} />}
              </Loaded>
            </section>

            <section className="console-section" aria-labelledby="contacts-h">
              <h2 id="contacts-h">Contacts and e-mails</h2>
              {data.contacts.length === 0 ? (
                <p>No contacts. <Link to={`/console/contacts?laCode=${data.la.laCode}`}>Add a contact</Link></p>
              ) : (
                <ul>
                  {data.contacts.map((c) => (
                    <li key={c.id}>
                      {c.name} {c.role && `(${c.role})`} – {c.email}
                      {!c.isActive && " – inactive"}
                    </li>
                  ))}
                </ul>
              )}
              {data.emails.length > 0 && (
                <table className="console-table">
                  <caption>E-mails sent to this LA</caption>
                  <thead><tr><th scope="col">When</th><th scope="col">Kind</th><th scope="col">To</th><th scope="col">Outcome</th></tr></thead>
                  <tbody>
                    {data.emails.map((e, i) => (
                      <tr key={i}>
                        <td>{formatDateTime(e.at)}</td><td>{e.kind}</td><td>{e.toAddress}</td>
                        <td>{e.outcome}{e.error ? `: ${e.error}` : ""}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>

            <section className="console-section" aria-labelledby="history-h">
              <h2 id="history-h">History</h2>
              <Loaded state={readable} what="the history">
                {({ history }) =>
                  history.length === 0 ? (
                    <p>Nothing has happened yet.</p>
                  ) : (
                    <>
                      <p className="hint">Newest first. Saves of one answer by one person a few minutes apart or less are shown as one line.</p>
                      <ol className="timeline" id="la-history">
                        {history.map((e, i) => (
                          <li key={i}>
                            <p>
                              <time dateTime={e.at}>{formatDateTime(e.at)}</time> · {e.text}
                            </p>
                          </li>
                        ))}
                      </ol>
                    </>
                  )
                }
              </Loaded>
            </section>
          </>
        )}
      </Loaded>
    </Page>
  );
}
