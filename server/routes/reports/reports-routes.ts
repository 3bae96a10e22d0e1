/**
 * Feedback reports for researchers (researcher role; state changes need CSRF):
 *   GET  /api/admin/reports                  LAs with a response and their released report, if any
 *   GET  /api/admin/reports/:laCode          preview of one LA's report (JSON)
 *   GET  /api/admin/reports/:laCode.pdf      preview of one LA's report (PDF)
 *   POST /api/admin/reports/release          {all:true} or {laCodes:[…]}, optional dryRun, newSnapshot, notify:
 *                                            a dry run answers 200 with what would happen; a release answers
 *                                            202 with a background job (each released LA's contacts are
 *                                            e-mailed its report link unless notify is false); 409 while one runs
 *   GET  /api/admin/reports/release-jobs/latest   the latest release job (null before the first)
 *   GET  /api/admin/reports/release-jobs/:id      one release job's progress and outcome per LA
 *   GET  /api/admin/reports/:laCode/release-email   preview of the release e-mail
 *   POST /api/admin/reports/withdraw         {laCodes:[…]}
 *   GET  /api/admin/reports.zip              every released PDF, as the LAs received them
 *   GET  /api/admin/reports/links.csv        admin: a fresh report link for every released LA (mail merge)
 *   POST /api/admin/reports/:laCode/links/revoke   admin: stop the LA's report links
 * Each release issues the LA a read-only report link (report-link-routes.ts); the LA also reads its
 * released report through the respondent API (GET /api/respondent/report).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { userActor } from "../../domain/audit/audit-entry.ts";
import * as service from "../../services/report-service.ts";
import { reportLinksCsv, revokeReportLinksOf } from "../../services/report-link-service.ts";
import { previewReleaseEmail, releaseAndNotify } from "../../services/report-release-email-service.ts";
import { getReleaseJob, latestReleaseJob, startReleaseJob, stopReleaseJobs } from "../../services/report-release-job-service.ts";
import { LatestReleaseJobReply, ReleaseJobParams, ReleaseJobReply } from "../../contracts/report-release-jobs.ts";
import {
  FeedbackReport,
  LaCodeParams,
  ReleaseBody,
  ReleaseEmailPreviewReply,
  ReleaseListReply,
  ReleaseReply,
  RevokeReportLinksReply,
  WithdrawBody,
  WithdrawReply,
} from "../../contracts/reports.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher"); // per-LA reports: viewers see none
  const admin = app.requireRole("admin"); // report links open a report: like survey links, admins give them out
  const linkOptions = () => ({ publicUrl: app.config.publicUrl, ttlDays: app.config.reportLinkTtlDays });
  const definitions = () => app.definitions;
  const tags = ["reports"];

  app.get("/admin/reports", { preHandler: researcher, schema: { tags, summary: "LAs with a response and their released feedback report", response: { 200: ReleaseListReply } } }, async () =>
    service.listReleases(pool, Boolean(app.config.smtp)),
  );

  app.get("/admin/reports.zip", { preHandler: researcher, schema: { tags, summary: "Every released feedback-report PDF in one zip", response: { 200: fileDownload("zip", "The released PDFs") } } }, async (req, reply) => {
    const { stream } = await service.releasedPdfsZip(pool, userActor(req.user!));
    return reply.type("application/zip").header("content-disposition", 'attachment; filename="feedback-reports.zip"').send(stream);
  });

  app.get(
    "/admin/reports/links.csv",
    { preHandler: admin, schema: { tags, summary: "A fresh report link for every released LA: the mail-merge CSV la_code,la_name,link (shown once; earlier links keep working)", response: { 200: fileDownload("csv", "Mail-merge CSV of the new report links") } } },
    async (req, reply) => {
      const { csv, issued } = await reportLinksCsv(pool, linkOptions(), userActor(req.user!));
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="report-links-${new Date().toISOString().slice(0, 10)}.csv"`)
        .header("cache-control", "no-store")
        .header("x-links-issued", String(issued))
        .send(csv);
    },
  );

  app.post(
    "/admin/reports/:laCode/links/revoke",
    { preHandler: admin, schema: { tags, summary: "Stop an LA's report links (409 when none works)", params: LaCodeParams, response: { 200: RevokeReportLinksReply } } },
    async (req) => ({ laCode: req.params.laCode, revoked: await revokeReportLinksOf(pool, req.params.laCode, userActor(req.user!)) }),
  );

  app.get(
    "/admin/reports/:laCode/release-email",
    { preHandler: researcher, schema: { tags, summary: "Preview the e-mail an LA's contacts get when its report is released", params: LaCodeParams, response: { 200: ReleaseEmailPreviewReply } } },
    async (req) => previewReleaseEmail(pool, req.params.laCode, { links: linkOptions(), smtp: app.config.smtp }),
  );

  app.get(
    "/admin/reports/:laCode.pdf",
    { preHandler: researcher, schema: { tags, summary: "Preview one LA's feedback report as a PDF", params: LaCodeParams, response: { 200: fileDownload("pdf", "The report as it would be released") } } },
    async (req, reply) => {
      const pdf = await service.previewReportPdf(pool, definitions(), req.params.laCode);
      return reply.type("application/pdf").header("content-disposition", `attachment; filename="feedback-report-${req.params.laCode}.pdf"`).send(pdf);
    },
  );

  app.get(
    "/admin/reports/:laCode",
    { preHandler: researcher, schema: { tags, summary: "Preview one LA's feedback report", params: LaCodeParams, response: { 200: FeedbackReport } } },
    async (req) => service.previewReport(pool, definitions(), req.params.laCode),
  );

  // a clean stop marks a running release interrupted after its current LA, rather than leaving it to look alive
  app.addHook("preClose", async () => stopReleaseJobs(pool));

  app.post(
    "/admin/reports/release",
    {
      preHandler: researcher,
      schema: {
        tags,
        summary: "Release feedback reports: all submitted LAs or a list. A dry run answers 200 with what would happen; a release answers 202 with the background job to follow",
        body: ReleaseBody,
        response: { 200: ReleaseReply, 202: ReleaseJobReply },
      },
    },
    async (req, reply) => {
      const settings = { links: linkOptions(), smtp: app.config.smtp };
      if (req.body.dryRun === true) {
        const r = await releaseAndNotify(pool, definitions(), req.body, userActor(req.user!), settings);
        return { released: r.released, skipped: r.skipped, dryRun: r.dryRun, snapshotId: r.snapshotId, emails: r.emails };
      }
      const job = await startReleaseJob(pool, definitions(), req.body, userActor(req.user!), settings);
      return reply.code(202).header("location", `/api/admin/reports/release-jobs/${job.id}`).send(job);
    },
  );

  app.get(
    "/admin/reports/release-jobs/latest",
    { preHandler: researcher, schema: { tags, summary: "The latest release job, running or finished (null before the first)", response: { 200: LatestReleaseJobReply } } },
    async () => ({ job: await latestReleaseJob(pool) }),
  );

  app.get(
    "/admin/reports/release-jobs/:id",
    { preHandler: researcher, schema: { tags, summary: "A release job's progress and each LA's outcome", params: ReleaseJobParams, response: { 200: ReleaseJobReply } } },
    async (req) => getReleaseJob(pool, req.params.id),
  );

  app.post(
    "/admin/reports/withdraw",
    { preHandler: researcher, schema: { tags, summary: "Withdraw released feedback reports", body: WithdrawBody, response: { 200: WithdrawReply } } },
    async (req) => service.withdrawReports(pool, req.body.laCodes, userActor(req.user!)),
  );
};

export default reportsRoutes;
