/**
 * /console/reports/:laCode — a researcher's preview of one LA's feedback report, as the LA would read
 * it, and of the e-mail its contacts get when it is released (with the LA's report link).
 */
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { FeedbackReportDto, ReleaseEmailPreviewDto } from "../../../server/contracts/reports.ts";
import { ReportView } from "../reports/report-view.tsx";
import { api } from "./api.ts";
import { Page } from "./page.tsx";

export function ReportPreviewPage() {
  const { laCode = "" } = useParams();
  const [report, setReport] = useState<FeedbackReportDto | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [email, setEmail] = useState<ReleaseEmailPreviewDto | null>(null);
  useEffect(() => {
    setReport(null);
    setFailure(null);
    setEmail(null);
    api<FeedbackReportDto>(`/api/admin/reports/${encodeURIComponent(laCode)}`).then(setReport, (err: Error) => setFailure(err.message));
    api<ReleaseEmailPreviewDto>(`/api/admin/reports/${encodeURIComponent(laCode)}/release-email`).then(setEmail, () => setEmail(null));
  }, [laCode]);
  return (
    <Page title={report ? `Preview: ${report.title}` : "Preview a feedback report"}>
      <p>
        <Link to="/console/reports">Back to feedback reports</Link>
        {report && (
          <>
            {" · "}
            <a href={`/api/admin/reports/${report.laCode}.pdf`} download>
              Download the PDF preview
            </a>
          </>
        )}
      </p>
      {failure && (
        <div className="error-summary" role="alert">
          <h2>There is a problem</h2>
          <p>{failure}</p>
        </div>
      )}
      {!report && !failure && <p role="status">Loading…</p>}
      {report && email && <ReleaseEmailPreview email={email} />}
      {report && <ReportView report={report} />}
    </Page>
  );
}

function ReleaseEmailPreview({ email }: { email: ReleaseEmailPreviewDto }) {
  return (
    <section aria-labelledby="release-email-heading" className="preview">
      <h2 id="release-email-heading">The e-mail sent when this report is released</h2>
      {!email.smtpConfigured && <p>E-mail is not configured on this server, so releasing sends nothing: give the LA its link from the report-links CSV.</p>}
      <p>
        {email.recipients.length === 0
          ? `${email.laName} has no active contact, so nobody will be e-mailed: add a contact on the Contacts page first.`
          : `To: ${email.recipients.map((r) => `${r.name} <${r.email}>`).join(", ")}`}
      </p>
      <p>Subject: {email.subject}</p>
      <pre className="mail-body">{email.body}</pre>
      <p>The link is made when the report is released and opens only this LA's report, never its questionnaire.</p>
    </section>
  );
}
