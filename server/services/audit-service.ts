/**
 * Reading and exporting the audit trail. The CSV holds the whole trail: audit_log entries, every
 * answer change (who, when, question, old -> new) and every submission/reopening. It leaves personal
 * data out by default: actors are pseudonymous ids and answers to contact-detail questions are
 * masked; with includePersonal an actor_label column adds console users' e-mails and contributors'
 * names. Every export is recorded.
 */
import { stringify } from "csv-stringify/sync";
import type pg from "pg";
import type { AuditEntryReply, AuditQuery } from "../contracts/audit.ts";
import { userActor } from "../domain/audit/audit-entry.ts";
import { invalid } from "../domain/errors.ts";
import { AUDIT_CSV_COLUMNS, auditCsvRows, safeCell } from "../domain/fieldwork/audit-export.ts";
import { listAudit, recordAudit, type AuditFilter } from "../repositories/audit-repository.ts";
import { listChangesForExport, listEventsForExport, userLabels } from "../repositories/timeline-repository.ts";

function filterOf(q: AuditQuery): AuditFilter {
  const since = q.since ? new Date(`${q.since}T00:00:00Z`) : undefined;
  const until = q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  if (since && until && since >= until) throw invalid("since must be on or before until", "since");
  return { laCode: q.laCode, action: q.action, since, until, limit: q.limit };
}

export async function listAuditEntries(pool: pg.Pool, q: AuditQuery): Promise<AuditEntryReply[]> {
  const rows = await listAudit(pool, filterOf({ ...q, limit: q.limit ?? 1000 }));
  const labels = await userLabels(pool, [...new Set(rows.filter((r) => r.actorKind === "user").map((r) => r.actor))]);
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString(), actorLabel: r.actorKind === "user" ? (labels.get(r.actor) ?? null) : null }));
}

export async function exportAuditCsv(pool: pg.Pool, q: AuditQuery, user: { id: string }): Promise<{ fileName: string; csv: string }> {
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
    ...userActor(user),
    action: "export.audit",
    laCode: q.laCode ?? null,
    details: { rows: rows.length, includePersonal: Boolean(q.includePersonal), since: q.since ?? null, until: q.until ?? null },
  });
  const date = new Date().toISOString().slice(0, 10);
  return { fileName: `audit-trail-${q.laCode ?? "all"}-${date}.csv`, csv: stringify([header, ...body]) };
}
