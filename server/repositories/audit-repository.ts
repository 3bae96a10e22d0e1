import type { Queryable } from "./queryable.ts";
import type { AuditEntry, AuditRow } from "../domain/audit/audit-entry.ts";

/** The append-only audit trail (table audit_log, migration 004); entry shapes in domain/audit/audit-entry.ts. */
export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (actor, actor_kind, action, la_code, subject, details) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
    [entry.actor, entry.actorKind, entry.action, entry.laCode ?? null, entry.subject ?? null, JSON.stringify(entry.details ?? {})],
  );
}

export interface AuditFilter {
  laCode?: string;
  action?: string;
  since?: Date;
  until?: Date;
  limit?: number;
  /** Newest first (the console page); the default, oldest first, suits the CSV. */
  newestFirst?: boolean;
}

const COLUMNS = `a.id::text AS id, a.at, a.actor, a.actor_kind AS "actorKind", a.action, a.la_code AS "laCode", a.subject, a.details`;

export async function listAudit(q: Queryable, f: AuditFilter = {}): Promise<AuditRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (f.laCode) {
    params.push(f.laCode);
    where.push(`a.la_code = $${params.length}`);
  }
  if (f.action) {
    params.push(f.action);
    where.push(`a.action = $${params.length}`);
  }
  if (f.since) {
    params.push(f.since);
    where.push(`a.at >= $${params.length}`);
  }
  if (f.until) {
    params.push(f.until);
    where.push(`a.at < $${params.length}`);
  }
  let sql = `SELECT ${COLUMNS} FROM audit_log a ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY ${f.newestFirst ? "a.at DESC, a.id DESC" : "a.at, a.id"}`;
  if (f.limit) {
    params.push(f.limit);
    sql += ` LIMIT $${params.length}`;
  }
  const { rows } = await q.query<AuditRow>(sql, params);
  return rows;
}

/** Delete audit entries older than the retention period (the only permitted deletion; see migration 004). Use a transaction client. */
export async function purgeAuditOlderThan(client: Queryable, cutoff: Date): Promise<number> {
  await client.query(`SET LOCAL app.audit_purge = 'on'`);
  const { rowCount } = await client.query(`DELETE FROM audit_log WHERE at < $1`, [cutoff]);
  await client.query(`SET LOCAL app.audit_purge = 'off'`);
  return rowCount ?? 0;
}

/** Every action recorded so far (for the console's action filter). */
export async function listAuditActions(q: Queryable): Promise<string[]> {
  const { rows } = await q.query<{ action: string }>(`SELECT DISTINCT action FROM audit_log ORDER BY action`);
  return rows.map((r) => r.action);
}

/** LA names by code. */
export async function laNames(q: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await q.query<{ la_code: string; name: string }>(`SELECT la_code, name FROM las WHERE la_code = ANY($1)`, [codes]);
  return new Map(rows.map((r) => [r.la_code, r.name]));
}

/**
 * Delphi study titles for audit subjects: "delphi:<study id>" and "delphi-panellist:<panellist id>"
 * (the panellist's study), keyed by the subject as stored.
 */
export async function delphiSubjectTitles(q: Queryable, subjects: string[]): Promise<Map<string, string>> {
  const ids = (prefix: string) => [...new Set(subjects.filter((s) => s.startsWith(prefix)).map((s) => s.slice(prefix.length)))].filter((id) => /^[0-9]{1,18}$/.test(id));
  const studies = ids("delphi:");
  const panellists = ids("delphi-panellist:");
  if (studies.length === 0 && panellists.length === 0) return new Map();
  const { rows } = await q.query<{ subject: string; title: string }>(
    `SELECT 'delphi:' || s.id::text AS subject, s.title FROM delphi_studies s WHERE s.id = ANY($1::bigint[])
     UNION ALL
     SELECT 'delphi-panellist:' || p.id::text, s.title FROM delphi_panellists p JOIN delphi_studies s ON s.id = p.study_id WHERE p.id = ANY($2::bigint[])`,
    [studies, panellists],
  );
  return new Map(rows.map((r) => [r.subject, r.title]));
}
