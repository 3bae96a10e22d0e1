/** Every respondent route (method + path as in the OpenAPI document), shared by the security probes. */
export const RESPONDENT_ROUTES = [
  "POST /api/respondent/session",
  "DELETE /api/respondent/session",
  "GET /api/respondent/definition",
  "GET /api/respondent/welcome",
  "GET /api/respondent/response",
  "PATCH /api/respondent/response",
  "POST /api/respondent/response/submit",
  "GET /api/respondent/report",
  "GET /api/respondent/report.pdf",
  "GET /api/respondent/report.csv",
  "GET /api/respondent/handoffs",
  "POST /api/respondent/handoffs",
  "POST /api/respondent/handoffs/:id/cancel",
  "POST /api/respondent/handoffs/:id/accept",
  "GET /api/respondent/contributor",
  "PUT /api/respondent/contributor",
  "DELETE /api/respondent/contributor",
] as const;

/** Every report-link route (an LA reading its released report with its read-only report link). */
export const REPORT_LINK_ROUTES = ["POST /api/report/session", "GET /api/report", "GET /api/report.pdf", "GET /api/report.csv"] as const;
