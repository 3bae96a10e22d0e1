/**
 * Invitations and reminders by e-mail (nodemailer over SMTP, settings from config SMTP_*).
 * Each LA that gets an e-mail gets a fresh personal link (a new respondent token; earlier links
 * keep working). Every attempt is recorded in email_sends (who, when, to whom, outcome, error)
 * and summarised per LA in the audit trail. Reminders go only to LAs that have not submitted.
 */
import nodemailer, { type Transporter } from "nodemailer";
import { randomUUID } from "node:crypto";
import type { Queryable } from "../repositories/queryable.ts";
import type { SmtpConfig } from "../config.ts";
import { AppError } from "../domain/errors.ts";
import { findTemplate, invitedLaCodes, recordSend } from "../repositories/email-repository.ts";
import { listContacts, type ContactRow } from "../repositories/contacts-repository.ts";
import { listLaFieldwork } from "../repositories/fieldwork-repository.ts";
import { insertToken } from "../repositories/respondent-tokens-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { generateToken, hashToken, respondentLink } from "../domain/responses/tokens.ts";
import { render, renderSubject, type CampaignKind, type TemplateVars } from "../domain/fieldwork/email-template.ts";

export function createSmtpTransport(smtp: SmtpConfig): Transporter {
  return nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? "" } : undefined,
    pool: true,
    maxConnections: 2,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
}

/** "Name <addr>" -> "Name"; a bare address -> the address. */
export function senderName(from: string): string {
  const m = /^\s*"?([^"<]+?)"?\s*<[^>]+>\s*$/.exec(from);
  return m ? m[1]!.trim() : from.trim();
}

export interface CampaignInput {
  kind: CampaignKind;
  /** Limit to these LAs; omit for every eligible LA. */
  laCodes?: string[];
  deadline: string;
  userId: string;
  publicUrl: string;
  tokenTtlDays: number;
  from: string;
}

export interface CampaignResult {
  batchId: string;
  las: number;
  sent: number;
  failed: number;
  skipped: { laCode: string; reason: string }[];
}

export interface CampaignTarget {
  laCode: string;
  laName: string;
  recipients: ContactRow[];
}

/**
 * Who a campaign would reach. Invitations: LAs not yet submitted that have never had an invitation
 * sent (or exactly the LAs listed). Reminders: LAs not yet submitted. Both need an active contact.
 */
export async function planCampaign(db: Queryable, kind: CampaignKind, laCodes?: string[]): Promise<{ targets: CampaignTarget[]; skipped: { laCode: string; reason: string }[] }> {
  const all = await listLaFieldwork(db, { withData: false });
  const wanted = laCodes ? new Set(laCodes) : null;
  if (wanted) {
    const known = new Set(all.map((l) => l.laCode));
    const unknown = [...wanted].filter((c) => !known.has(c));
    if (unknown.length) throw new AppError("invalid", `laCodes includes unknown LA code(s): ${unknown.join(", ")}`, { field: "laCodes" });
  }
  const invited = kind === "invitation" && !wanted ? await invitedLaCodes(db) : new Set<string>();
  const byLa = new Map<string, ContactRow[]>();
  for (const c of await listContacts(db)) if (c.isActive) byLa.set(c.laCode, [...(byLa.get(c.laCode) ?? []), c]);
  const targets: CampaignTarget[] = [];
  const skipped: { laCode: string; reason: string }[] = [];
  for (const la of all) {
    if (wanted && !wanted.has(la.laCode)) continue;
    if (la.status === "submitted") {
      if (wanted) skipped.push({ laCode: la.laCode, reason: "already submitted" });
      continue;
    }
    if (invited.has(la.laCode)) continue;
    const recipients = byLa.get(la.laCode) ?? [];
    if (recipients.length === 0) {
      skipped.push({ laCode: la.laCode, reason: "no active contact" });
      continue;
    }
    targets.push({ laCode: la.laCode, laName: la.name, recipients });
  }
  return { targets, skipped };
}

export interface CampaignProgress {
  sent: number;
  failed: number;
}

/**
 * Send a planned campaign: per LA a fresh link (token), one e-mail per active contact, every
 * attempt recorded. Long-running (one SMTP round trip per e-mail): routes run it in the background.
 */
export async function sendCampaign(
  db: Queryable,
  transport: Transporter,
  input: CampaignInput,
  plan: { targets: CampaignTarget[]; skipped: { laCode: string; reason: string }[] },
  batchId: string = randomUUID(),
  onProgress: (p: CampaignProgress) => void = () => {},
): Promise<CampaignResult> {
  const template = await findTemplate(db, input.kind);
  if (!template) throw new Error(`Template ${input.kind} is missing`);
  const result: CampaignResult = { batchId, las: 0, sent: 0, failed: 0, skipped: plan.skipped };
  const expiresAt = new Date(Date.now() + input.tokenTtlDays * 86_400_000);
  for (const la of plan.targets) {
    result.las++;
    const token = generateToken();
    await insertToken(db, la.laCode, hashToken(token), expiresAt);
    await recordAudit(db, { actor: input.userId, actorKind: "user", action: "token.issue", laCode: la.laCode, details: { via: input.kind, batchId, expiresAt } });
    const link = respondentLink(input.publicUrl, token);
    let sent = 0;
    let failed = 0;
    for (const c of la.recipients) {
      const vars: TemplateVars = {
        la_name: la.laName,
        la_code: la.laCode,
        contact_name: c.name,
        link,
        deadline: input.deadline,
        sender_name: senderName(input.from),
      };
      const subject = renderSubject(template.subject, vars);
      try {
        const info = await transport.sendMail({ from: input.from, to: { name: c.name, address: c.email }, subject, text: render(template.body, vars) });
        const rejected = (info.rejected ?? []).length > 0;
        await recordSend(db, {
          sentBy: input.userId, kind: input.kind, laCode: la.laCode, contactId: c.id, toAddress: c.email, subject,
          outcome: rejected ? "failed" : "sent", error: rejected ? `rejected by server: ${String(info.response ?? "")}` : null,
          messageId: info.messageId ?? null, batchId,
        });
        if (rejected) failed++;
        else sent++;
      } catch (err) {
        failed++;
        const e = err as { message?: string; response?: string };
        await recordSend(db, {
          sentBy: input.userId, kind: input.kind, laCode: la.laCode, contactId: c.id, toAddress: c.email, subject,
          outcome: "failed", error: (e.response ?? e.message ?? String(err)).slice(0, 1000), messageId: null, batchId,
        });
      }
      onProgress({ sent: result.sent + sent, failed: result.failed + failed });
    }
    result.sent += sent;
    result.failed += failed;
    await recordAudit(db, { actor: input.userId, actorKind: "user", action: `email.${input.kind}`, laCode: la.laCode, details: { batchId, sent, failed } });
  }
  return result;
}
