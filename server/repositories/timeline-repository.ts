/** Read-only queries that feed an LA's fieldwork timeline (audit_log + the respondent journey's change log). */
import type { Queryable } from "./queryable.ts";
import type { ExportChange, ExportEvent, TimelineChange, TimelineEvent } from "../domain/fieldwork/history-records.ts";
import { decodeOldValue } from "../domain/responses/change-encoding.ts";

/** Old values of long text edits are stored as the edit (change-encoding.ts): give them back whole. */
function withOldValues<T extends { oldValue: unknown; newValue: unknown; oldIsEdit?: boolean }>(rows: T[]): Omit<T, "oldIsEdit">[] {
  return rows.map(({ oldIsEdit, ...row }) => ({ ...row, oldValue: decodeOldValue(row.oldValue, oldIsEdit ?? false, row.newValue) }));
}


export async function listLaChanges(q: Queryable, laCode: string): Promise<TimelineChange[]> {
  const { rows } = await q.query<TimelineChange & { oldIsEdit: boolean }>(
    `SELECT c.version, c.question, c.old_value AS "oldValue", c.new_value AS "newValue", c.old_is_edit AS "oldIsEdit",
            c.contributor_id::text AS "contributorId", p.name AS "contributorName", p.role AS "contributorRole",
            c.source, c.changed_at AS at
       FROM response_changes c
       JOIN responses r ON r.id = c.response_id
       LEFT JOIN respondent_contributors p ON p.id = c.contributor_id
      WHERE r.la_code = $1
      ORDER BY c.id`,
    [laCode],
  );
  return withOldValues(rows);
}


export async function listLaEvents(q: Queryable, laCode: string): Promise<TimelineEvent[]> {
  const { rows } = await q.query<TimelineEvent>(
    `SELECT e.kind, e.at, e.contributor_id::text AS "contributorId", p.name AS "contributorName",
            e.actor_user_id AS "actorUserId", e.reason
       FROM response_events e
       JOIN responses r ON r.id = e.response_id
       LEFT JOIN respondent_contributors p ON p.id = e.contributor_id
      WHERE r.la_code = $1
      ORDER BY e.id`,
    [laCode],
  );
  return rows;
}

/**
 * Display labels for console users: their e-mail while the account's data exists, or — for readers
 * who may not see who did what (`withEmail: false`) — their role only ("a researcher").
 */
export async function userLabels(q: Queryable, ids: string[], opts: { withEmail?: boolean } = {}): Promise<Map<string, string>> {
  const valid = ids.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (valid.length === 0) return new Map();
  const { rows } = await q.query<{ id: string; email: string; role: string; erased: boolean }>(
    `SELECT id::text AS id, email, role, erased_at IS NOT NULL AS erased FROM users WHERE id = ANY($1::uuid[])`,
    [valid],
  );
  const withEmail = opts.withEmail ?? true;
  return new Map(rows.map((r) => [r.id, r.erased ? `erased user ${r.id.slice(0, 8)}` : withEmail ? r.email : `a console user (${r.role})`]));
}


/** Every answer change in a period (optionally one LA), oldest first: for the audit-trail export. */
export async function listChangesForExport(q: Queryable, f: { laCode?: string; since?: Date; until?: Date }): Promise<ExportChange[]> {
  const { rows } = await q.query<ExportChange & { oldIsEdit: boolean }>(
    `SELECT c.id::text AS id, r.la_code AS "laCode", c.version, c.question, c.old_value AS "oldValue", c.new_value AS "newValue", c.old_is_edit AS "oldIsEdit",
            c.contributor_id::text AS "contributorId", p.name AS "contributorName", p.role AS "contributorRole", c.source, c.changed_at AS at
       FROM response_changes c
       JOIN responses r ON r.id = c.response_id
       LEFT JOIN respondent_contributors p ON p.id = c.contributor_id
      WHERE ($1::text IS NULL OR r.la_code = $1) AND ($2::timestamptz IS NULL OR c.changed_at >= $2) AND ($3::timestamptz IS NULL OR c.changed_at < $3)
      ORDER BY c.changed_at, c.id`,
    [f.laCode ?? null, f.since ?? null, f.until ?? null],
  );
  return withOldValues(rows);
}


export async function listEventsForExport(q: Queryable, f: { laCode?: string; since?: Date; until?: Date }): Promise<ExportEvent[]> {
  const { rows } = await q.query<ExportEvent>(
    `SELECT e.id::text AS id, r.la_code AS "laCode", e.kind, e.at, e.contributor_id::text AS "contributorId", p.name AS "contributorName",
            e.actor_user_id AS "actorUserId", e.reason
       FROM response_events e
       JOIN responses r ON r.id = e.response_id
       LEFT JOIN respondent_contributors p ON p.id = e.contributor_id
      WHERE ($1::text IS NULL OR r.la_code = $1) AND ($2::timestamptz IS NULL OR e.at >= $2) AND ($3::timestamptz IS NULL OR e.at < $3)
      ORDER BY e.at, e.id`,
    [f.laCode ?? null, f.since ?? null, f.until ?? null],
  );
  return rows;
}
