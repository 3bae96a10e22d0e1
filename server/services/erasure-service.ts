/**
 * Erasing personal data while keeping each LA's answers (UK GDPR Art. 17 requests, and the
 * retention period). People are replaced by pseudonyms in place:
 *   - an LA contact: name/e-mail/role overwritten, address removed from the e-mail send log;
 *   - a respondent contributor (found by id, name, or the work e-mail they gave): name/role become
 *     "erased contributor <id>", e-mail removed; their answer changes keep
 *     the contributor id, so the history still shows that one (pseudonymous) person made them;
 *   - a Delphi panellist (found by e-mail): name/e-mail overwritten, link revoked; ratings stay under the id;
 *   - a console user: e-mail becomes erased-user-<id>@invalid, password hash removed, sessions ended.
 * Audit entries never held names or addresses (actors are ids), so they stay as they are.
 */
import type pg from "pg";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { eraseContact, findContactsByEmail } from "../repositories/contacts-repository.ts";
import { eraseContactById as eraseCaseStudyContact, findContactIdsByEmail as findCaseStudyContacts } from "../repositories/case-study-fieldwork-repository.ts";
import { erasePanellistsByEmail } from "../repositories/delphi-repository.ts";
import { findUserByEmail } from "../repositories/users-repository.ts";
import { eraseHandoffColleagues } from "../repositories/handoffs-repository.ts";
import { recordAudit, purgeAuditOlderThan } from "../repositories/audit-repository.ts";
import { deleteExpiredSessions } from "../repositories/sessions-repository.ts";
import { eraseUserData } from "./user-admin-service.ts";

const SYSTEM = { actor: "system", actorKind: "system" as const };

export interface ErasureReport {
  contacts: string[];
  contributors: string[];
  users: string[];
}

export async function eraseContactsByEmail(pool: pg.Pool, email: string, dryRun = false): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    const found = await findContactsByEmail(client, email);
    for (const c of dryRun ? [] : found) {
      await eraseContact(client, c.id);
      await recordAudit(client, { ...SYSTEM, action: "contact.erase", laCode: c.laCode, subject: c.id });
    }
    // the same person may be named as a case-study contact
    const caseStudy = await findCaseStudyContacts(client, email);
    if (!dryRun) {
      for (const c of caseStudy) {
        await eraseCaseStudyContact(client, c.id);
        await recordAudit(client, { ...SYSTEM, action: "case_study.contact_erase", laCode: c.laCode, subject: c.id });
      }
    }
    // and as a Delphi panellist
    const panellists = await erasePanellistsByEmail(client, email, dryRun);
    for (const p of dryRun ? [] : panellists) await recordAudit(client, { ...SYSTEM, action: "delphi.panellist_erase", subject: `delphi-panellist:${p.id}` });
    // and as a respondent contributor who gave this work e-mail
    const contributors: { id: string; la_code: string }[] = (
      await client.query(`SELECT id::text AS id, la_code FROM respondent_contributors WHERE lower(email) = lower($1)`, [email])
    ).rows;
    for (const c of dryRun ? [] : contributors) await eraseContributorRow(client, c.id, c.la_code);
    // and as a colleague a section was handed to
    const handoffs = dryRun ? [] : await eraseHandoffColleagues(client, { email });
    return [
      ...handoffs.map((id) => `handoff:${id}`),
      ...found.map((c) => c.id),
      ...caseStudy.map((c) => `case-study-contact:${c.id}`),
      ...panellists.map((p) => `delphi-panellist:${p.id}`),
      ...contributors.map((c) => `contributor:${c.id}`),
    ];
  });
}

async function eraseContributorRow(client: Queryable, id: string, laCode: string): Promise<void> {
  await client.query(`UPDATE respondent_contributors SET name = 'erased contributor ' || id::text, role = '', email = NULL WHERE id = $1`, [id]);
  await client.query(`UPDATE responses SET submitted_by = 'erased contributor ' || $1::text WHERE submitted_by_contributor_id = $1::bigint`, [id]);
  await recordAudit(client, { ...SYSTEM, action: "contributor.erase", laCode, subject: `contributor:${id}` });
}

/** A contributor by id, or every contributor of an LA with this exact name (case-insensitive). */
export async function eraseContributors(pool: pg.Pool, sel: { id?: string; laCode?: string; name?: string }, dryRun = false): Promise<string[]> {
  return withTransaction(pool, async (client) => {
    let rows: { id: string; la_code: string }[];
    if (sel.id) {
      rows = (await client.query(`SELECT id::text AS id, la_code FROM respondent_contributors WHERE id = $1 AND name NOT LIKE 'erased contributor %'`, [sel.id])).rows;
    } else if (sel.name) {
      rows = (
        await client.query(
          `SELECT id::text AS id, la_code FROM respondent_contributors WHERE lower(name) = lower($1) AND ($2::text IS NULL OR la_code = $2)`,
          [sel.name, sel.laCode ?? null],
        )
      ).rows;
    } else {
      throw new Error("name a contributor by --contributor-id, or by --contributor-name (optionally with --la-code)");
    }
    if (!dryRun) for (const r of rows) await eraseContributorRow(client, r.id, r.la_code);
    return rows.map((r) => r.id);
  });
}

export async function eraseUserByEmail(pool: pg.Pool, email: string, dryRun = false): Promise<string[]> {
  const user = await findUserByEmail(pool, email);
  if (!user || user.erasedAt) return [];
  if (!dryRun) await withTransaction(pool, (client) => eraseUserData(client, user.id, SYSTEM));
  return [user.id];
}

export interface RetentionReport {
  expiredSessions: number;
  contacts: number;
  contributors: number;
  sendAddresses: number;
  auditEntries: number;
}

/**
 * Apply the retention period (RETENTION_DAYS): erase contacts and contributors not active for
 * that long, blank e-mail addresses in older send records, delete older audit entries, and delete
 * expired sessions. Idempotent.
 */
export async function applyRetention(pool: pg.Pool, retentionDays: number, now = new Date(), dryRun = false): Promise<RetentionReport> {
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return withTransaction(pool, async (client) => {
    const contacts = (await client.query(`SELECT id::text AS id, la_code FROM la_contacts WHERE erased_at IS NULL AND updated_at < $1`, [cutoff])).rows;
    const contributors = (
      await client.query(`SELECT id::text AS id, la_code FROM respondent_contributors WHERE last_seen_at < $1 AND name NOT LIKE 'erased contributor %'`, [cutoff])
    ).rows;
    const sends = (await client.query(`SELECT count(*)::int AS n FROM email_sends WHERE at < $1 AND to_address <> 'erased'`, [cutoff])).rows[0].n as number;
    const audit = (await client.query(`SELECT count(*)::int AS n FROM audit_log WHERE at < $1`, [cutoff])).rows[0].n as number;
    const expired = (await client.query(`SELECT count(*)::int AS n FROM sessions WHERE expires_at <= now()`)).rows[0].n as number;
    if (!dryRun) {
      await eraseHandoffColleagues(client, { before: cutoff });
      for (const c of contacts) {
        await eraseContact(client, c.id);
        await recordAudit(client, { ...SYSTEM, action: "contact.erase", laCode: c.la_code, subject: c.id, details: { reason: "retention" } });
      }
      for (const c of contributors) await eraseContributorRow(client, c.id, c.la_code);
      await client.query(`UPDATE email_sends SET to_address = 'erased' WHERE at < $1 AND to_address <> 'erased'`, [cutoff]);
      await purgeAuditOlderThan(client, cutoff);
      await deleteExpiredSessions(client);
      await recordAudit(client, { ...SYSTEM, action: "privacy.retention", details: { cutoff, contacts: contacts.length, contributors: contributors.length, sends, audit } });
    }
    return { expiredSessions: expired, contacts: contacts.length, contributors: contributors.length, sendAddresses: sends, auditEntries: audit };
  });
}
