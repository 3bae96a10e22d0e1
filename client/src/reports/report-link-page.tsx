/**
 * /report#<token> — an LA reads its released feedback report with its read-only report link. The
 * token is exchanged once for an HttpOnly cookie and removed from the address; only the LA behind
 * the link can come back (the server takes it from the link, never from the page). The link opens
 * nothing else: not the questionnaire.
 */
import type { FeedbackReportDto, ReportSessionDto } from "../../../server/contracts/reports.ts";
import { ApiError } from "../api-error.ts";
import { FeedbackReportPage } from "./feedback-report-page.tsx";

async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: body !== undefined ? { "content-type": "application/json" } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new ApiError(res.status, String(parsed.message ?? res.statusText), parsed);
  return parsed as T;
}

const exchangeToken = (token: string) => call<ReportSessionDto>("POST", "/api/report/session", { token });
const loadReport = () => call<FeedbackReportDto>("GET", "/api/report");
// 400: a token of the wrong shape, which is a damaged link like any other
const badLinkStatuses = [400, 401, 429];

export default function ReportLinkPage() {
  return (
    <FeedbackReportPage
      exchangeToken={exchangeToken}
      loadReport={loadReport}
      downloadPath="/api/report"
      badLinkStatuses={badLinkStatuses}
      notReleasedText="This report is not available at the moment. The research team will e-mail you when it is."
      badLinkHelp="Open the full link from the e-mail that told you your report was ready. If it still does not work, reply to that e-mail."
    />
  );
}
