import { useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { CaseStudyDetailDto, FindingDto } from "../../../server/contracts/case-study-fieldwork.ts";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";
import { BAND_LABELS, REASON_LABELS, RESULT_LABELS, STATUS_LABELS, PROPOSAL_LABELS } from "./case-study-fieldwork-labels.ts";
import { ContactsAndLog, FindingForm, RecordForm } from "./case-study-la-forms.tsx";
import { ConsultationForm } from "./case-study-consultation-form.tsx";

/** One case-study LA: status and visits, contacts, log, findings per indicator, consultations. */
export function CaseStudyLaPage() {
  const { laCode = "" } = useParams();
  const detail = useApi<CaseStudyDetailDto>(`/api/admin/case-studies/fieldwork/${laCode}`);
  const findings = useApi<{ findings: FindingDto[] }>(`/api/admin/case-studies/findings/${laCode}`);
  const reload = () => {
    detail.reload();
    findings.reload();
  };
  // kept here, for this LA, as the record form is redrawn after a save
  const [recordSaved, setRecordSaved] = useState<{ laCode: string; text: string } | null>(null);
  const d = detail.data;
  return (
    <Page title={d ? `Case study: ${d.la.name}` : "Case study"}>
      <p>
        <Link to="/console/case-studies/fieldwork">All case-study LAs</Link> · <Link to={`/console/scores/${laCode}`}>This LA&apos;s survey scores</Link>
      </p>
      {!d || !findings.data ? (
        <Loading error={detail.error ?? findings.error} what="the case study" reload={reload} />
      ) : (
        <>
          <StaleAlert state={detail} what="the case study" />
          <StaleAlert state={findings} what="the findings" />
          <p>
            Wave {d.la.wave} · {d.la.region} · status: <strong>{STATUS_LABELS[d.record.status] ?? d.record.status}</strong>
            {d.record.declineReason ? ` (${d.record.declineReason})` : ""}
          </p>
          <RecordForm
            key={d.record.updatedAt ?? "new"}
            laCode={laCode}
            record={d.record}
            saved={recordSaved?.laCode === laCode ? recordSaved.text : null}
            onDone={(confirmation) => {
              setRecordSaved({ laCode, text: confirmation });
              reload();
            }}
          />
          <section className="console-section" aria-labelledby="findings-h">
            <h2 id="findings-h">Findings</h2>
            {findings.data.findings.length === 0 ? (
              <p>No findings recorded yet.</p>
            ) : (
              <div className="table-scroll" role="region" aria-label="Findings table" tabIndex={0}>
                <table className="console-table">
                  <caption>What the LA produced, beside what the survey predicted</caption>
                  <thead>
                    <tr>
                      <th scope="col">Indicator</th>
                      <th scope="col">Survey predicted</th>
                      <th scope="col">Result</th>
                      <th scope="col">Reason</th>
                      <th scope="col">Notes</th>
                      <th scope="col">Suggested definition change</th>
                    </tr>
                  </thead>
                  <tbody>
                    {findings.data.findings.map((f) => (
                      <tr key={f.indicatorId} id={`finding-${f.indicatorId}`}>
                        <th scope="row">{f.indicatorName}</th>
                        <td>
                          {BAND_LABELS[f.predictedBand] ?? f.predictedBand}
                          {f.predictedScore != null ? ` (${Math.round(f.predictedScore)})` : ""}
                        </td>
                        <td>{RESULT_LABELS[f.result] ?? f.result}</td>
                        <td>{f.reason ? (REASON_LABELS[f.reason] ?? f.reason) : "—"}</td>
                        <td>{f.notes || "—"}</td>
                        <td>{f.definitionChange ? `${f.definitionChange} (${PROPOSAL_LABELS[f.proposalStatus ?? "proposed"]})` : "—"}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <FindingForm laCode={laCode} detail={d} findings={findings.data.findings} onDone={reload} />
          <ConsultationForm laCode={laCode} detail={d} onDone={reload} />
          <ContactsAndLog laCode={laCode} detail={d} onDone={reload} />
        </>
      )}
    </Page>
  );
}
