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
  if (outcome.dryRun || outcome.links.length === 0) return { ...outcome, emails: null };
  const mailer = await openReleaseMailer(pool, settings, actor, body.notify !== false);
  if (mailer.off === NOTIFY_OFF) return { ...outcome, emails: null };
  if (mailer.off) return { ...outcome, emails: { sent: 0, failed: 0, noContact: [], notSent: mailer.off } };
  try {
    const result = { sent: 0, failed: 0, noContact: [] as string[], notSent: null };
    for (const l of outcome.links) {
      const r = await mailer.send(l.laCode, l.laName, l.link);
      result.sent += r.sent;
      result.failed += r.failed;
      if (r.state === "no_contact") result.noContact.push(l.laCode);
    }
    return { ...outcome, emails: result };
  } finally {
    mailer.close();
  }
}

export const NOTIFY_OFF = "The release was started without e-mails (notify: false).";

/** What one LA's release e-mail came to: every contact sent, some failed, nobody to e-mail, or e-mail off. */
export interface LaMailOutcome {
  state: "sent" | "failed" | "no_contact" | "off";
  sent: number;
  failed: number;
}

export interface ReleaseMailer {
  /** Why no release e-mail goes out at all (notify false, e-mail not configured); null when they do. */
  off: string | null;
  send(laCode: string, laName: string, link: string): Promise<LaMailOutcome>;
  close(): void;
}

/**
 * Sends release e-mails one LA at a time (each send in email_sends, each LA's outcome in the audit
 * trail), so a release job can record each LA's e-mail as it goes.
 */
export async function openReleaseMailer(pool: pg.Pool, settings: ReleaseMailSettings, actor: Actor, notify: boolean): Promise<ReleaseMailer> {
  const offMailer = (off: string): ReleaseMailer => ({ off, send: async () => ({ state: "off", sent: 0, failed: 0 }), close: () => {} });
  if (!notify) return offMailer(NOTIFY_OFF);
  if (!settings.smtp && !settings.transport) return offMailer(NO_SMTP);
  const template = await findTemplate(pool, "report_release");
  if (!template) throw new AppError("unavailable", "The report_release e-mail template is missing: run the database migrations");
  const transport: Transporter = settings.transport ?? createSmtpTransport(settings.smtp!);
  const from = fromOf(settings.smtp);
  const batchId = randomUUID();
  const sentBy = actor.actorKind === "user" ? actor.actor : null;
  return {
    off: null,
    close: () => {
      if (!settings.transport) transport.close();
    },
    async send(laCode, laName, link) {
      // read per LA: contacts added while a long release runs still get its e-mail
      const recipients = activeContactsByLa(await listContacts(pool, laCode)).get(laCode) ?? [];
      if (recipients.length === 0) return { state: "no_contact", sent: 0, failed: 0 };
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
      await recordAudit(pool, { ...actor, action: "email.report_release", laCode, details: { batchId, sent, failed } });
      return { state: failed > 0 ? "failed" : "sent", sent, failed };
    },
  };
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
