/**
 * Reminders to the panellists who have not submitted the open round, by e-mail through the service's
 * SMTP sender, from the 'delphi_reminder' e-mail template. Each reminder carries a fresh private
 * link (earlier links keep working). Nobody is reminded twice in the same round within the study's
 * reminder interval (a setting, 24 hours unless changed): the study row is locked while a batch is
 * sent, so two clicks at once cannot both send. Every attempt is recorded, and the batch is in the
 * audit trail by panellist id (no names or addresses).
 */
import type pg from "pg";
import type { Transporter } from "nodemailer";
import { withTransaction } from "../repositories/queryable.ts";
import * as repo from "../repositories/delphi-repository.ts";
import { insertPanellistLink, recentlyReminded, recordReminder } from "../repositories/delphi-reminder-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import type { AuditEntry } from "../domain/audit/audit-entry.ts";
import { conflict, notFound } from "../domain/errors.ts";
import { generateToken, hashToken } from "../domain/responses/tokens.ts";
import { reminderVars } from "../domain/delphi/reminder.ts";
import { reminderInterval } from "../domain/delphi/settings.ts";
import { checkTemplate, render, renderSubject } from "../domain/fieldwork/email-template.ts";
import { findTemplate } from "../repositories/email-repository.ts";
import type { ReminderPreviewDto } from "../contracts/delphi.ts";
import { panellistLink } from "./delphi-service.ts";
import { createSmtpTransport, senderName } from "./email-service.ts";
import type { AppConfig } from "../config.ts";
import { AppError } from "../domain/errors.ts";

export interface ReminderResult {
  round: number;
  sent: number;
  failed: number;
  /** reminded less than the minimum interval ago, so not reminded again */
  skippedRecent: number;
  sentence: string;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export async function remindNonSubmitters(
  pool: pg.Pool,
  transport: Transporter,
  input: { studyId: string; from: string; publicUrl: string; actor: Pick<AuditEntry, "actor" | "actorKind"> },
): Promise<ReminderResult> {
  return withTransaction(pool, async (db) => {
    const study = await repo.findStudy(db, input.studyId, true);
    if (!study) throw notFound(`No Delphi study with id ${input.studyId}`);
    const open = (await repo.listRounds(db, input.studyId)).find((r) => !r.closed);
    if (!open) throw conflict("No round is open: reminders go only to panellists who have not submitted an open round");
    const waiting = new Set((await repo.listParticipants(db, open.id)).filter((p) => !p.submittedAt).map((p) => p.panellistId));
    const panel = (await repo.listPanellists(db, input.studyId)).filter((p) => waiting.has(p.id) && !p.revokedAt && !p.erasedAt);
    const template = await findTemplate(db, "delphi_reminder");
    if (!template) throw new AppError("unavailable", "The delphi_reminder e-mail template is missing: run the database migrations");
    const intervalHours = reminderInterval(study.settings);
    const recent = await recentlyReminded(db, open.id, new Date(Date.now() - intervalHours * 3_600_000));
    const result: ReminderResult = { round: open.number, sent: 0, failed: 0, skippedRecent: 0, sentence: "" };
    const reminded: string[] = [];
    for (const p of panel) {
      if (recent.has(p.id)) {
        result.skippedRecent++;
        continue;
      }
      const token = generateToken();
      await insertPanellistLink(db, p.id, hashToken(token));
      const vars = reminderVars({ name: p.name, study: study.title, round: open.number, link: panellistLink(input.publicUrl, token), closesAt: open.closesAt, sender: senderName(input.from) });
      let error: string | null = null;
      try {
        const info = await transport.sendMail({ from: input.from, to: { name: p.name, address: p.email }, subject: renderSubject(template.subject, vars), text: render(template.body, vars) });
        if ((info.rejected ?? []).length > 0) error = `rejected by server: ${String(info.response ?? "")}`;
      } catch (err) {
        const e = err as { message?: string; response?: string };
        error = (e.response ?? e.message ?? String(err)).slice(0, 1000);
      }
      await recordReminder(db, { roundId: open.id, panellistId: p.id, sentBy: input.actor.actor, outcome: error ? "failed" : "sent", error });
      if (error) result.failed++;
      else {
        result.sent++;
        reminded.push(p.id);
      }
    }
    await recordAudit(db, {
      ...input.actor,
      action: "delphi.reminders_send",
      subject: `delphi:${input.studyId}`,
      details: { round: open.number, reminded, sent: result.sent, failed: result.failed, skippedRecent: result.skippedRecent },
    });
    const parts = [
      result.sent + result.failed === 0 ? "Nobody was reminded" : `Reminder sent to ${plural(result.sent, "panellist", "panellists")}`,
      result.failed ? `${result.failed} could not be sent (the mail server refused or did not answer; try again later)` : null,
      result.skippedRecent ? `${plural(result.skippedRecent, "panellist was", "panellists were")} already reminded in the last ${plural(intervalHours, "hour", "hours")}` : null,
      panel.length === 0 ? `everyone invited to round ${open.number} has submitted` : null,
    ].filter(Boolean);
    result.sentence = `${parts.join("; ")}.`;
    return result;
  });
}

/**
 * The reminder as a panellist of the study would get it, from the stored template or unsaved edits:
 * addressed to the first panellist still waiting in the open round (else the first on the panel).
 * Without a study, sample values stand in. The link is made when the reminder is sent.
 */
export async function previewReminder(
  pool: pg.Pool,
  input: { studyId?: string; subject?: string; body?: string; from: string; publicUrl: string },
): Promise<ReminderPreviewDto> {
  const stored = await findTemplate(pool, "delphi_reminder");
  if (!stored) throw new AppError("unavailable", "The delphi_reminder e-mail template is missing: run the database migrations");
  const draft = { subject: input.subject ?? stored.subject, body: input.body ?? stored.body };
  const problem = checkTemplate(draft, "delphi_reminder");
  const study = input.studyId ? await repo.findStudy(pool, input.studyId, false) : null;
  if (input.studyId && !study) throw notFound(`No Delphi study with id ${input.studyId}`);
  let name = "(the panellist's name)";
  let round: { number: number; closesAt: Date | null } = { number: 1, closesAt: null };
  if (study) {
    const rounds = await repo.listRounds(pool, study.id);
    const open = rounds.find((r) => !r.closed) ?? rounds.at(-1);
    const panel = (await repo.listPanellists(pool, study.id)).filter((p) => !p.revokedAt && !p.erasedAt);
    let first = panel[0];
    if (open) {
      round = open;
      const waiting = new Set((await repo.listParticipants(pool, open.id)).filter((p) => !p.submittedAt).map((p) => p.panellistId));
      first = panel.find((p) => waiting.has(p.id)) ?? first;
    }
    if (first) name = first.name;
  }
  const vars = reminderVars({
    name,
    study: study?.title ?? "(the study's title)",
    round: round.number,
    link: `${input.publicUrl}/delphi#(private link created when the reminder is sent)`,
    closesAt: round.closesAt,
    sender: senderName(input.from),
  });
  return {
    subject: renderSubject(draft.subject, vars),
    body: render(draft.body, vars),
    problem: problem ? problem.message : null,
    previewedAs: { studyId: study?.id ?? null, studyTitle: study?.title ?? null, panellistName: name, round: round.number },
  };
}

/** The SMTP connection for reminders, opened on first use and closed with the app. */
export class DelphiReminders {
  private transport: Transporter | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Pick<AppConfig, "smtp" | "publicUrl"> | undefined,
  ) {}

  async remind(studyId: string, actor: Pick<AuditEntry, "actor" | "actorKind">): Promise<ReminderResult> {
    // an unknown study is a 404 whether or not e-mail is set up
    if (!(await repo.findStudy(this.pool, studyId, false))) throw notFound(`No Delphi study with id ${studyId}`);
    const smtp = this.config?.smtp;
    if (!smtp) throw new AppError("unavailable", "E-mail is not configured: set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM) and restart");
    this.transport ??= createSmtpTransport(smtp);
    return remindNonSubmitters(this.pool, this.transport, { studyId, from: smtp.from, publicUrl: this.config?.publicUrl ?? "http://localhost:3000", actor });
  }

  async preview(input: { studyId?: string; subject?: string; body?: string }): Promise<ReminderPreviewDto> {
    return previewReminder(this.pool, { ...input, from: this.config?.smtp?.from ?? "LA Data Capability Audit", publicUrl: this.config?.publicUrl ?? "http://localhost:3000" });
  }

  close(): void {
    this.transport?.close();
  }
}
