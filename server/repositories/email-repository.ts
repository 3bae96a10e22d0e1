import type { Queryable } from "./queryable.ts";
import type { TemplateKey } from "../domain/fieldwork/email-template.ts";

export interface TemplateRow {
  key: TemplateKey;
  subject: string;
  body: string;
  updatedAt: Date;
  updatedBy: string | null;
}

export async function listTemplates(q: Queryable): Promise<TemplateRow[]> {
  const { rows } = await q.query<TemplateRow>(
    `SELECT key, subject, body, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM email_templates ORDER BY key`,
  );
  return rows;
}

export async function findTemplate(q: Queryable, key: TemplateKey): Promise<TemplateRow | null> {
  const { rows } = await q.query<TemplateRow>(
    `SELECT key, subject, body, updated_at AS "updatedAt", updated_by AS "updatedBy" FROM email_templates WHERE key = $1`,
    [key],
  );
  return rows[0] ?? null;
}

export async function saveTemplate(q: Queryable, key: TemplateKey, t: { subject: string; body: string }, userId: string): Promise<void> {
  await q.query(`UPDATE email_templates SET subject = $2, body = $3, updated_at = now(), updated_by = $4 WHERE key = $1`, [key, t.subject, t.body, userId]);
}

export interface SendRecord {
  sentBy: string | null;
  kind: "invitation" | "reminder" | "test" | "report_release";
  laCode: string | null;
  contactId: string | null;
  toAddress: string;
  subject: string;
  outcome: "sent" | "failed";
  error: string | null;
  messageId: string | null;
  batchId: string;
}

export async function recordSend(q: Queryable, s: SendRecord): Promise<void> {
  await q.query(
    `INSERT INTO email_sends (sent_by, kind, la_code, contact_id, to_address, subject, outcome, error, message_id, batch_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [s.sentBy, s.kind, s.laCode, s.contactId, s.toAddress, s.subject, s.outcome, s.error, s.messageId, s.batchId],
  );
}

export interface SendRow {
  id: string;
  at: Date;
  sentBy: string | null;
  sentByEmail: string | null;
  kind: string;
  laCode: string | null;
  contactId: string | null;
  toAddress: string;
  subject: string;
  outcome: string;
  error: string | null;
}

export async function listSends(q: Queryable, f: { laCode?: string; limit?: number } = {}): Promise<SendRow[]> {
  const params: unknown[] = [];
  let where = "";
  if (f.laCode) {
    params.push(f.laCode);
    where = `WHERE s.la_code = $1`;
  }
  params.push(f.limit ?? 500);
  const { rows } = await q.query<SendRow>(
    `SELECT s.id::text AS id, s.at, s.sent_by AS "sentBy", u.email AS "sentByEmail", s.kind, s.la_code AS "laCode",
            s.contact_id AS "contactId", s.to_address AS "toAddress", s.subject, s.outcome, s.error
       FROM email_sends s LEFT JOIN users u ON u.id = s.sent_by ${where}
      ORDER BY s.at DESC, s.id DESC LIMIT $${params.length}`,
    params,
  );
  return rows;
}

/** LAs that have had at least one invitation e-mail accepted by the SMTP server. */
export async function invitedLaCodes(q: Queryable): Promise<Set<string>> {
  const { rows } = await q.query<{ la_code: string }>(`SELECT DISTINCT la_code FROM email_sends WHERE kind = 'invitation' AND outcome = 'sent' AND la_code IS NOT NULL`);
  return new Set(rows.map((r) => r.la_code));
}
