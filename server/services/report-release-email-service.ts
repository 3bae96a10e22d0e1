/**
 * The release e-mail: when researchers release feedback reports, each released LA's active contacts
 * get the 'report_release' template with the LA's new read-only report link. E-mails go out after
 * the release has committed (a mail server that is down never undoes a release); every attempt is
 * in email_sends and each LA's outcome in the audit trail. Researchers preview the e-mail for any LA
 * before releasing.
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Transporter } from "nodemailer";
import type { SmtpConfig } from "../config.ts";
import type { ReleaseBodyDto, ReleaseEmailPreviewDto, ReleaseEmailsDto } from "../contracts/reports.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { AppError, notFound } from "../domain/errors.ts";
import { render, renderSubject, type TemplateVars } from "../domain/fieldwork/email-template.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { listContacts, type ContactRow } from "../repositories/contacts-repository.ts";
import { findTemplate, recordSend } from "../repositories/email-repository.ts";
import { readRegister } from "../repositories/reports-repository.ts";
import { createSmtpTransport, senderName } from "./email-service.ts";
import type { ReportLinkOptions } from "./report-link-service.ts";
import { releaseReports, type ReleaseOutcome } from "./report-service.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;
type Registry = Pick<DefinitionRegistry, "current" | "all">;

export interface ReleaseMailSettings {
  links: ReportLinkOptions;
  /** Unset: e-mail is not configured, so releases send nothing and say so. */
  smtp?: SmtpConfig;
  /** Tests hand in their own transport; otherwise one is opened per release and closed after. */
  transport?: Transporter;
}

const NO_SMTP = "E-mail is not configured (SMTP_HOST), so no release e-mail was sent: give the LAs their report links from the report-links CSV.";

function activeContactsByLa(contacts: ContactRow[]): Map<string, ContactRow[]> {
  const byLa = new Map<string, ContactRow[]>();
  for (const c of contacts) if (c.isActive) byLa.set(c.laCode, [...(byLa.get(c.laCode) ?? []), c]);
  return byLa;
}

const fromOf = (smtp?: SmtpConfig) => smtp?.from ?? "LA Data Capability Audit";

/** Releases (see releaseReports) and then e-mails each released LA's contacts its report link, unless `notify` is false. */
export async function releaseAndNotify(pool: pg.Pool, registry: Registry, body: ReleaseBodyDto, actor: Actor, settings: ReleaseMailSettings): Promise<ReleaseOutcome & { emails: ReleaseEmailsDto }> {
  const outcome = await releaseReports(pool, registry, body, actor, settings.links);
  if (outcome.dryRun || body.notify === false || outcome.links.length === 0) return { ...outcome, emails: null };
  if (!settings.smtp && !settings.transport) return { ...outcome, emails: { sent: 0, failed: 0, noContact: [], notSent: NO_SMTP } };
  const transport = settings.transport ?? createSmtpTransport(settings.smtp!);
  try {
    return { ...outcome, emails: await sendReleaseEmails(pool, transport, outcome.links, actor, fromOf(settings.smtp)) };
  } finally {
    if (!settings.transport) transport.close();
  }
}

async function sendReleaseEmails(pool: pg.Pool, transport: Transporter, links: ReleaseOutcome["links"], actor: Actor, from: string): Promise<NonNullable<ReleaseEmailsDto>> {
  const template = await findTemplate(pool, "report_release");
  if (!template) throw new AppError("unavailable", "The report_release e-mail template is missing: run the database migrations");
  const byLa = activeContactsByLa(await listContacts(pool));
  const batchId = randomUUID();
  const sentBy = actor.actorKind === "user" ? actor.actor : null;
  const result = { sent: 0, failed: 0, noContact: [] as string[], notSent: null };
  for (const { laCode, laName, link } of links) {
    const recipients = byLa.get(laCode) ?? [];
    if (recipients.length === 0) {
      result.noContact.push(laCode);
      continue;
    }
    let sent = 0;
    let failed = 0;
    for (const c of recipients) {
      const vars: TemplateVars = { la_name: laName, la_code: laCode, contact_name: c.name, link, deadline: "", sender_name: senderName(from) };
      const subject = renderSubject(template.subject, vars);
      let outcome: { ok: boolean; error: string | null; messageId: string | null };
      try {
        const info = await transport.sendMail({ from, to: { name: c.name, address: c.email }, subject, text: render(template.body, vars) });
        const rejected = (info.rejected ?? []).length > 0;
        outcome = { ok: !rejected, error: rejected ? `rejected by server: ${String(info.response ?? "")}` : null, messageId: info.messageId ?? null };
      } catch (err) {
        const e = err as { message?: string; response?: string };
        outcome = { ok: false, error: (e.response ?? e.message ?? String(err)).slice(0, 1000), messageId: null };
      }
      await recordSend(pool, {
        sentBy, kind: "report_release", laCode, contactId: c.id, toAddress: c.email, subject,
        outcome: outcome.ok ? "sent" : "failed", error: outcome.error, messageId: outcome.messageId, batchId,
      });
      if (outcome.ok) sent++;
      else failed++;
    }
    result.sent += sent;
    result.failed += failed;
    await recordAudit(pool, { ...actor, action: "email.report_release", laCode, details: { batchId, sent, failed } });
  }
  return result;
}

/** The release e-mail as the LA's first active contact would get it (the link is made at release). */
export async function previewReleaseEmail(pool: pg.Pool, laCode: string, settings: Pick<ReleaseMailSettings, "links" | "smtp">): Promise<ReleaseEmailPreviewDto> {
  const la = (await readRegister(pool)).find((r) => r.laCode === laCode);
  if (!la) throw notFound(`laCode: no LA with code ${laCode}`);
  const template = await findTemplate(pool, "report_release");
  if (!template) throw new AppError("unavailable", "The report_release e-mail template is missing: run the database migrations");
  const recipients = activeContactsByLa(await listContacts(pool, laCode)).get(laCode) ?? [];
  const from = fromOf(settings.smtp);
  const vars: TemplateVars = {
    la_name: la.name,
    la_code: laCode,
    contact_name: recipients[0]?.name ?? "(the LA contact's name)",
    link: `${settings.links.publicUrl}/report#(report link created when the report is released)`,
    deadline: "",
    sender_name: senderName(from),
  };
  return {
    laCode,
    laName: la.name,
    subject: renderSubject(template.subject, vars),
    body: render(template.body, vars),
    recipients: recipients.map((c) => ({ name: c.name, email: c.email })),
    smtpConfigured: Boolean(settings.smtp),
  };
}
