/**
 * The audit trail (admin):
 *   GET /api/admin/audit?laCode=&action=&since=&until=&limit=    newest first, in words
 *   GET /api/admin/audit/export.csv?laCode=&since=&until=&includePersonal=true
 * What each holds and leaves out: services/audit-service.ts.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AuditListReply, AuditQuery } from "../../contracts/audit.ts";
import { exportAuditCsv, listAuditEntries } from "../../services/audit-service.ts";
import { fileDownload } from "../../contracts/downloads.ts";

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  app.get(
    "/admin/audit",
    { preHandler: app.requireRole("admin"), schema: { tags: ["admin"], summary: "Audit trail entries, newest first", querystring: AuditQuery, response: { 200: AuditListReply } } },
    async (request) => listAuditEntries(pool, app.definitions, request.query),
  );

  app.get(
    "/admin/audit/export.csv",
    { preHandler: app.requireRole("admin"), schema: { tags: ["admin"], summary: "The whole audit trail as CSV (recorded)", querystring: AuditQuery, response: { 200: fileDownload("csv", "The audit trail, one row per entry") } } },
    async (request, reply) => {
      const { fileName, csv } = await exportAuditCsv(pool, request.query, request.user!);
      return reply
        .header("content-type", "text/csv; charset=utf-8")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("cache-control", "no-store")
        .send(csv);
    },
  );
};

export default auditRoutes;
