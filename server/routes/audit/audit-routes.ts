/**
 * The audit trail (admin):
 *   GET /api/admin/audit?laCode=&action=&since=&until=&limit=    newest last
 *   GET /api/admin/audit/export.csv?laCode=&since=&until=&includePersonal=true
 * The CSV holds the whole trail: audit_log entries, every answer change (who, when, question,
 * old -> new) and every submission/reopening. It leaves personal data out by default: actors are
 * pseudonymous ids and answers to contact-detail questions are masked; with includePersonal=true an
 * actor_label column adds console users' e-mails and contributors' names. Every export is recorded.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { stringify } from "csv-stringify/sync";
import { listAudit, recordAudit, userActor, type AuditFilter } from "../../repositories/audit-repository.ts";
import { listChangesForExport, listEventsForExport, userLabels } from "../../repositories/timeline-repository.ts";
import { AUDIT_CSV_COLUMNS, auditCsvRows, safeCell } from "../../domain/fieldwork/audit-export.ts";
import { HttpError } from "../../lib/http-errors.ts";

const AuditQuery = Type.Object({
  laCode: Type.Optional(Type.String({ pattern: "^[0-9]{3}$" })),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  since: Type.Optional(Type.String({ format: "date" })),
  until: Type.Optional(Type.String({ format: "date" })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  includePersonal: Type.Optional(Type.Boolean()),
});

function filterOf(q: { laCode?: string; action?: string; since?: string; until?: string; limit?: number }): AuditFilter {
  const since = q.since ? new Date(`${q.since}T00:00:00Z`) : undefined;
  const until = q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  if (since && until && since >= until) throw new HttpError(400, "since must be on or before until", { field: "since" });
  return { laCode: q.laCode, action: q.action, since, until, limit: q.limit };
}

const auditRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  app.get("/admin/audit", { preHandler: app.requireRole("admin"), schema: { querystring: AuditQuery } }, async (request) => {
    const rows = await listAudit(pool, filterOf({ ...request.query, limit: request.query.limit ?? 1000 }));
    const labels = await userLabels(pool, [...new Set(rows.filter((r) => r.actorKind === "user").map((r) => r.actor))]);
    return {
      entries: rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), actorLabel: r.actorKind === "user" ? (labels.get(r.actor) ?? null) : null })),
    };
  });

  app.get("/admin/audit/export.csv", { preHandler: app.requireRole("admin"), schema: { querystring: AuditQuery } }, async (request, reply) => {
    const q = request.query;
    const f = filterOf({ ...q, limit: undefined });
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
