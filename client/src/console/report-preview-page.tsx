/** /console/reports/:laCode — a researcher's preview of one LA's feedback report, as the LA would read it. */
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router-dom";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import { ReportView } from "../reports/report-view.tsx";
import { api } from "./api.ts";
import { Page } from "./page.tsx";

export function ReportPreviewPage() {
  const { laCode = "" } = useParams();
  const [report, setReport] = useState<FeedbackReportDto | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    setReport(null);
    setFailure(null);
    api<FeedbackReportDto>(`/api/admin/reports/${encodeURIComponent(laCode)}`).then(setReport, (err: Error) => setFailure(err.message));
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
      {report && <ReportView report={report} />}
    </Page>
  );
}
