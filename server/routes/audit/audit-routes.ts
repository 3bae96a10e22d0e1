/**
 * The audit trail (admin):
 *   GET /api/admin/audit?laCode=&action=&since=&until=&limit=    newest last
 *   GET /api/admin/audit/export.csv?laCode=&since=&until=&includePersonal=true
 * The CSV leaves personal data out by default: actors appear as pseudonymous ids; with
 * includePersonal=true an actor_label column adds console users' e-mail addresses. Every export
 * is itself recorded.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { stringify } from "csv-stringify/sync";
import { listAudit, recordAudit, userActor, type AuditFilter } from "../../repositories/audit-repository.ts";
import { userLabels } from "../../repositories/timeline-repository.ts";
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

/** Neutralise spreadsheet formulas in free text (CSV injection). */
function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
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
    const rows = await listAudit(pool, filterOf(q));
    const labels = q.includePersonal ? await userLabels(pool, [...new Set(rows.filter((r) => r.actorKind === "user").map((r) => r.actor))]) : new Map<string, string>();
    const header = ["id", "at", "actor", "actor_kind", ...(q.includePersonal ? ["actor_label"] : []), "action", "la_code", "subject", "details"];
    const body = rows.map((r) => [
      r.id,
      new Date(r.at).toISOString(),
      r.actor,
      r.actorKind,
      ...(q.includePersonal ? [labels.get(r.actor) ?? ""] : []),
      r.action,
      r.laCode ?? "",
      safeCell(r.subject ?? ""),
      safeCell(JSON.stringify(r.details ?? {})),
    ]);
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
