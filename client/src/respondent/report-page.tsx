/**
 * /r/report — the LA's own feedback report, read with the session its survey link opened (or with
 * the link itself: `/r/report#<token>` exchanges it like the survey page does). Only this LA's report
 * can come back: the server picks it from the session, never from the address.
 */
import { FeedbackReportPage } from "../reports/feedback-report-page.tsx";
import { respondentApi } from "./api.ts";
import "./respondent.css";

const badLinkStatuses = [401, 429];

export default function ReportPage() {
  return (
    <FeedbackReportPage
      exchangeToken={respondentApi.exchangeToken}
      loadReport={respondentApi.report}
      downloadPath="/api/respondent/report"
      badLinkStatuses={badLinkStatuses}
      // the release e-mail goes to the contacts the invitation went to, not to whoever reads this page
      notReleasedText="Your report has not been released yet. When it is, it appears on this page, and the research team e-mails the people your authority's survey invitation was sent to."
      badLinkHelp="Open the full link from your invitation e-mail first, then come back to this page."
      backLink={{ href: "/r", text: "Back to the survey" }}
    />
  );
}
