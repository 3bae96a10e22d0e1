/**
 * Every /api route plugin, registered under the /api prefix by app.ts. Add new route plugins here
 * (one line each). Admin routes go in the console scope below and must use `preHandler: app.requireRole(...)`.
 */
import type { FastifyInstance } from "fastify";
import compressJson from "../plugins/compress-json.ts";
import health from "./health.ts";
import las from "./reference/las.ts";
import adminUsers from "./accounts/users-routes.ts";
import fieldwork from "./fieldwork/fieldwork-routes.ts";
import contacts from "./fieldwork/contacts-routes.ts";
import emails from "./fieldwork/email-routes.ts";
import audit from "./audit/audit-routes.ts";
import respondent from "./respondent/respondent-routes.ts";
import adminResponses from "./respondent/admin-response-routes.ts";
import exportsRoutes from "./exports/export-routes.ts";
import scoresRoutes from "./scores/scores-routes.ts";
import caseStudyRoutes from "./admin/case-studies.ts";
import caseStudyRunRoutes from "./admin/case-study-runs.ts";
import linkRoutes from "./links/link-routes.ts";
import responseReadingRoutes from "./response-reading/response-reading-routes.ts";
import caseStudyFieldworkRoutes from "./case-study-fieldwork/case-study-fieldwork-routes.ts";
import reportsRoutes from "./reports/reports-routes.ts";
import reportLinkRoutes from "./reports/report-link-routes.ts";
import delphiAdminRoutes from "./delphi/delphi-admin-routes.ts";
import delphiPanellistRoutes from "./delphi/delphi-panellist-routes.ts";
import questionResultsRoutes from "./question-results/question-results-routes.ts";
import studyContactRoutes from "./admin/study-contact-routes.ts";

export async function registerApiRoutes(api: FastifyInstance): Promise<void> {
  // Public routes: no console session (respondents, report readers and panellists have their own links).
  await api.register(health);
  await api.register(las);
  await api.register(respondent); // /api/respondent/* (LA link token or session cookie)
  await api.register(reportLinkRoutes); // /api/report, /api/report.pdf, /api/report.csv (an LA's report by its report link)
  await api.register(delphiPanellistRoutes); // /api/delphi/* (panellist link token)
  // The researcher console: sessions, CSRF and the signed-in user exist only in this scope.
  await api.register(async (consoleApi) => {
    await consoleApi.register(compressJson); // the console's JSON replies, brotli or gzip
    await consoleApi.register(consoleApi.consoleSessions); // /api/auth/* (sign in, sign out, who am I)
    await consoleApi.register(adminUsers); // /api/admin/users (console accounts)
    await consoleApi.register(studyContactRoutes); // /api/admin/settings/study-contact (contact and "who runs it" on the LA's first screen)
    await consoleApi.register(fieldwork); // /api/admin/fieldwork/* (dashboard, LA list, LA page, timeline)
    await consoleApi.register(contacts); // /api/admin/contacts (LA contacts, CSV import)
    await consoleApi.register(emails); // /api/admin/email-templates, /api/admin/emails/* (SMTP invitations, reminders)
    await consoleApi.register(audit); // /api/admin/audit (audit trail, CSV export)
    await consoleApi.register(adminResponses); // /api/admin/responses/:laCode/reopen|history
    await consoleApi.register(responseReadingRoutes); // /api/admin/responses/:laCode/readable (an LA's answers and history in words)
    await consoleApi.register(linkRoutes); // /api/admin/links (issue, reissue, revoke LA survey links; mail-merge CSV)
    await consoleApi.register(exportsRoutes); // /api/admin/exports/responses.xlsx|zip (research exports)
    await consoleApi.register(scoresRoutes); // /api/admin/scores, /api/admin/scores/:laCode, /api/admin/indicators/summary (feasibility scores)
    await consoleApi.register(caseStudyFieldworkRoutes); // /api/admin/case-studies/fieldwork|findings|validation|proposals (case-study fieldwork)
    await consoleApi.register(questionResultsRoutes); // /api/admin/question-results[/:question] (results per question)
    await consoleApi.register(reportsRoutes); // /api/admin/reports (feedback reports: list, preview, release, withdraw, report links)
    await consoleApi.register(delphiAdminRoutes); // /api/admin/delphi/* (Delphi studies, panel, rounds, results), /api/admin/framework
    await consoleApi.register(caseStudyRoutes); // /api/admin/case-studies (run, save, list), /typology, /objective (case-study selection)
    await consoleApi.register(caseStudyRunRoutes); // /api/admin/case-studies/runs[/:id[/save]], /declines (kept runs, recorded declines)
  });
}
