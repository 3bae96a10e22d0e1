/**
 * The audit trail (admin):
 *   GET /api/admin/audit?laCode=&action=&since=&until=&limit=    newest first, in words (services/audit-service.ts)
 *   GET /api/admin/audit/export.csv?laCode=&since=&until=&includePersonal=true
 * The CSV holds the whole trail: audit_log entries, every answer change (who, when, question,
 * old -> new) and every submission/reopening. It leaves personal data out by default: actors are
 * pseudonymous ids and answers to contact-detail questions are masked; with includePersonal=true an
 * actor_label column adds console users' e-mails and contributors' names. Every export is recorded.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { stringify } from "csv-stringify/sync";
import { listAudit, recordAudit, userActor } from "../../repositories/audit-repository.ts";
import { listChangesForExport, listEventsForExport, userLabels } from "../../repositories/timeline-repository.ts";
import { AUDIT_CSV_COLUMNS, auditCsvRows, safeCell } from "../../domain/fieldwork/audit-export.ts";
import { loadDefinitions } from "../../domain/definitions/load-definitions.ts";
import { auditFilter, listAuditEntries } from "../../services/audit-service.ts";
import { AuditListReply, AuditQuery } from "../../contracts/audit.ts";

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  app.get(
    "/admin/audit",
    { preHandler: app.requireRole("admin"), schema: { querystring: AuditQuery, response: { 200: AuditListReply } } },
    async (request) => listAuditEntries(pool, loadDefinitions(), request.query),
  );

  app.get("/admin/audit/export.csv", { preHandler: app.requireRole("admin"), schema: { querystring: AuditQuery } }, async (request, reply) => {
    const q = request.query;
    const f = auditFilter({ ...q, limit: undefined });
    const [audit, changes, events] = await Promise.all([
      listAudit(pool, f),
      listChangesForExport(pool, { laCode: f.laCode, since: f.since, until: f.until }),
      listEventsForExport(pool, { laCode: f.laCode, since: f.since, until: f.until }),
    ]);
    const userIds = [...audit.filter((r) => r.actorKind === "user").map((r) => r.actor), ...events.map((e) => e.actorUserId).filter((x): x is string => !!x)];
    const labels = q.includePersonal ? await userLabels(pool, [...new Set(userIds)]) : new Map<string, string>();
    const rows = auditCsvRows(audit, changes, events, labels, Boolean(q.includePersonal));
    const header = [...AUDIT_CSV_COLUMNS.slice(0, 4), ...(q.includePersonal ? ["actor_label"] : []), ...AUDIT_CSV_COLUMNS.slice(4)];
    const body = rows.map((r) => {
      const cells = r.cells.map(safeCell);
      return q.includePersonal ? [...cells.slice(0, 4), safeCell(r.label), ...cells.slice(4)] : cells;
    });
    await recordAudit(pool, {
      ...userActor(request.user!),
      action: "export.audit",
      laCode: q.laCode ?? null,
      details: { rows: rows.length, includePersonal: Boolean(q.includePersonal), since: q.since ?? null, until: q.until ?? null },
    });
    const date = new Date().toISOString().slice(0, 10);
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", `attachment; filename="audit-trail-${q.laCode ?? "all"}-${date}.csv"`)
      .header("cache-control", "no-store")
      .send(stringify([header, ...body]));
  });
};

export default auditRoutes;
