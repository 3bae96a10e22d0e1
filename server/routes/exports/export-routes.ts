/**
 * Research exports, researcher role (personal data: admin with a reason):
 *   GET  /api/admin/exports/responses.xlsx?status=submitted|all&includePersonal=true&reason=…
 *   GET  /api/admin/exports/responses.zip?…      (CSV files + SPSS + Stata + R)
 *   POST /api/admin/exports/responses.xlsx|zip   the same options as JSON (the console; CSRF token)
 * Streamed: the file is written into a stream sent as the reply while the database is read in
 * batches. Every export is recorded in the audit trail before it starts.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ExportBody, ExportQuery } from "../../contracts/exports.ts";
import { unauthenticated } from "../../domain/errors.ts";
import { startExportDownload, type ExportOptions } from "../../services/export-download-service.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const SUMMARY = {
  xlsx: "Workbook: About, Responses (codes), Responses (labels), Codebook, Scores, Indicators, LAs, Case studies",
  zip: "Zip of the same tables as CSV files, with SPSS syntax, a Stata do-file and an R script",
} as const;

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const definitions = () => app.definitions;
  const researcher = app.requireRole("researcher");

  async function send(request: FastifyRequest, reply: FastifyReply, format: "xlsx" | "zip", options: ExportOptions) {
    const user = request.user;
    if (!user) throw unauthenticated("Sign in to use the researcher console");
    const download = await startExportDownload(app.pg.pool, definitions(), format, options, user);
    download.written.catch((err: Error) => request.log.error({ err }, "export failed while streaming"));
    return reply
      .header("content-type", download.contentType)
      .header("content-disposition", `attachment; filename="${download.fileName}"`)
      .header("cache-control", "no-store")
      .send(download.stream);
  }

  for (const format of ["xlsx", "zip"] as const) {
    app.get(
      `/admin/exports/responses.${format}`,
      { preHandler: researcher, schema: { tags: ["admin"], summary: SUMMARY[format], querystring: ExportQuery, response: { 200: fileDownload(format, SUMMARY[format]) } } },
      async (request, reply) => send(request, reply, format, request.query),
    );
    app.post(
      `/admin/exports/responses.${format}`,
      { preHandler: researcher, schema: { tags: ["admin"], summary: `${SUMMARY[format]} (options as JSON)`, body: ExportBody, response: { 200: fileDownload(format, SUMMARY[format]) } } },
      async (request, reply) => send(request, reply, format, request.body),
    );
  }
};

export default exportRoutes;
