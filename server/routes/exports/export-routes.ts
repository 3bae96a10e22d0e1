/**
 * Research exports (issue 4), researcher role:
 *   GET /api/admin/exports/responses.xlsx?status=submitted|all&includePersonal=true
 *   GET /api/admin/exports/responses.zip?status=...&includePersonal=...   (CSV files + SPSS + Stata)
 * Streamed: the workbook/zip is written into a PassThrough sent as the reply while the database is
 * read in batches. Every export is recorded in the audit trail before it starts.
 */
import { PassThrough } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { exportTables } from "../../domain/exports/export-tables.ts";
import { writeCsvBundle } from "../../domain/exports/write-csv-bundle.ts";
import { writeWorkbook } from "../../domain/exports/write-workbook.ts";
import { HttpError } from "../../lib/http-errors.ts";
import { userActor } from "../../repositories/audit-repository.ts";
import { exportSources, recordExportAudit, type ExportFormat } from "../../services/export-service.ts";
import { ExportQuery } from "./schemas.ts";

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const definitions = () => app.definitions;

  for (const format of ["xlsx", "zip"] as const) {
    app.get(
      `/admin/exports/responses.${format}`,
      {
        preHandler: app.requireRole("researcher"),
        schema: {
          tags: ["admin"],
          summary:
            format === "xlsx"
              ? "Workbook: About, Responses (codes), Responses (labels), Codebook, Scores, Indicators, LAs, Case studies"
              : "Zip of the same tables as CSV files, with SPSS syntax and a Stata do-file",
          querystring: ExportQuery,
        },
      },
      async (request, reply) => {
        const user = request.user;
        if (!user) throw new HttpError(401, "Sign in to use the researcher console");
        const req = { status: request.query.status ?? "submitted", includePersonal: request.query.includePersonal ?? false, now: new Date() } as const;
        const db = app.pg.pool;
        const { sources, summary } = await exportSources(db, definitions(), req);
        await recordExportAudit(db, userActor(user), { format, ...summary });

        const stream = new PassThrough();
        const write =
          format === "xlsx"
            ? writeWorkbook(stream, exportTables(sources), { created: req.now })
            : writeCsvBundle(stream, exportTables(sources), { codebook: sources.codebook, includePersonal: req.includePersonal, generatedAt: req.now });
        write.catch((err: Error) => {
          request.log.error({ err }, "export failed while streaming");
          stream.destroy(err);
        });
        const stamp = req.now.toISOString().slice(0, 10);
        const name = `${summary.surveyId}-v${summary.version}-responses-${req.status}${req.includePersonal ? "-personal" : ""}-${stamp}.${format}`;
        return reply
          .header("content-type", CONTENT_TYPES[format])
          .header("content-disposition", `attachment; filename="${name}"`)
          .header("cache-control", "no-store")
          .send(stream);
      },
    );
  }
};

export default exportRoutes;
