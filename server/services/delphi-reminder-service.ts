/**
 * Reminders to the panellists who have not submitted the open round, by e-mail through the service's
 * SMTP sender. Each reminder carries a fresh private link (earlier links keep working). Nobody is
 * reminded twice in the same round within REMINDER_MIN_INTERVAL_HOURS: the study row is locked while
 * a batch is sent, so two clicks at once cannot both send. Every attempt is recorded, and the batch
 * is in the audit trail by panellist id (no names or addresses).
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
import { REMINDER_MIN_INTERVAL_HOURS, reminderBody, reminderSubject } from "../domain/delphi/reminder.ts";
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
    const recent = await recentlyReminded(db, open.id, new Date(Date.now() - REMINDER_MIN_INTERVAL_HOURS * 3_600_000));
    const result: ReminderResult = { round: open.number, sent: 0, failed: 0, skippedRecent: 0, sentence: "" };
    const reminded: string[] = [];
    for (const p of panel) {
      if (recent.has(p.id)) {
        result.skippedRecent++;
        continue;
      }
      const token = generateToken();
      await insertPanellistLink(db, p.id, hashToken(token));
      const vars = { name: p.name, study: study.title, round: open.number, link: panellistLink(input.publicUrl, token), closesAt: open.closesAt, sender: senderName(input.from) };
      let error: string | null = null;
      try {
        const info = await transport.sendMail({ from: input.from, to: { name: p.name, address: p.email }, subject: reminderSubject(vars), text: reminderBody(vars) });
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
      result.skippedRecent ? `${plural(result.skippedRecent, "panellist was", "panellists were")} already reminded in the last ${REMINDER_MIN_INTERVAL_HOURS} hours` : null,
      panel.length === 0 ? `everyone invited to round ${open.number} has submitted` : null,
    ].filter(Boolean);
    result.sentence = `${parts.join("; ")}.`;
    return result;
  });
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

  close(): void {
    this.transport?.close();
  }
}
