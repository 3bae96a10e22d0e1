/**
 * Feedback reports for researchers (researcher role; state changes need CSRF):
 *   GET  /api/admin/reports                  LAs with a response and their released report, if any
 *   GET  /api/admin/reports/:laCode          preview of one LA's report (JSON)
 *   GET  /api/admin/reports/:laCode.pdf      preview of one LA's report (PDF)
 *   POST /api/admin/reports/release          {all:true} or {laCodes:[…]}, optional dryRun, newSnapshot
 *   POST /api/admin/reports/withdraw         {laCodes:[…]}
 *   GET  /api/admin/reports.zip              every released PDF, as the LAs received them
 * The LA reads its own released report through the respondent API (GET /api/respondent/report).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { userActor } from "../../domain/audit/audit-entry.ts";
import * as service from "../../services/report-service.ts";
import { FeedbackReport, LaCodeParams, ReleaseBody, ReleaseListReply, ReleaseReply, WithdrawBody, WithdrawReply } from "../../contracts/reports.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const reportsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher"); // per-LA reports: viewers see none
  const definitions = () => app.definitions;
  const tags = ["reports"];

  app.get("/admin/reports", { preHandler: researcher, schema: { tags, summary: "LAs with a response and their released feedback report", response: { 200: ReleaseListReply } } }, async () =>
    service.listReleases(pool),
  );

  app.get("/admin/reports.zip", { preHandler: researcher, schema: { tags, summary: "Every released feedback-report PDF in one zip", response: { 200: fileDownload("zip", "The released PDFs") } } }, async (req, reply) => {
    const { stream } = await service.releasedPdfsZip(pool, userActor(req.user!));
    return reply.type("application/zip").header("content-disposition", 'attachment; filename="feedback-reports.zip"').send(stream);
  });

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

  app.post(
    "/admin/reports/release",
    { preHandler: researcher, schema: { tags, summary: "Release feedback reports: all submitted LAs or a list; dryRun lists what would happen", body: ReleaseBody, response: { 200: ReleaseReply } } },
    async (req) => service.releaseReports(pool, definitions(), req.body, userActor(req.user!)),
  );

  app.post(
    "/admin/reports/withdraw",
    { preHandler: researcher, schema: { tags, summary: "Withdraw released feedback reports", body: WithdrawBody, response: { 200: WithdrawReply } } },
    async (req) => service.withdrawReports(pool, req.body.laCodes, userActor(req.user!)),
  );
};

export default reportsRoutes;
