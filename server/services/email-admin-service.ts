/**
 * The console's e-mail use cases: templates (edit, preview with a real LA's details) and sending a
 * campaign in the background, one batch at a time, with its progress kept in memory for the page to
 * poll (every attempt is also recorded in email_sends, so nothing depends on this memory).
 */
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type { Transporter } from "nodemailer";
import type { FastifyBaseLogger } from "fastify";
import type { AppConfig } from "../config.ts";
import { userActor } from "../domain/audit/audit-entry.ts";
import { conflict, invalid, notFound, AppError } from "../domain/errors.ts";
import { checkTemplate, PLACEHOLDERS, placeholdersFor, render, renderSubject, type TemplateKey } from "../domain/fieldwork/email-template.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { findTemplate, listSends, listTemplates, saveTemplate } from "../repositories/email-repository.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { findLaName, listLas } from "../repositories/reference-data-repository.ts";
import { listContacts } from "../repositories/contacts-repository.ts";
import type { BatchDto, PreviewDto, PreviewInput, SendInput, SendLogEntryDto, SendStartedDto, TemplateDto, TemplateInput, TemplatesDto } from "../contracts/email.ts";
import { createSmtpTransport, planCampaign, senderName, sendCampaign } from "./email-service.ts";

interface Batch {
  status: "running" | "done" | "failed";
  kind: string;
  total: number;
  sent: number;
  failed: number;
  startedBy: string;
  error?: string;
  promise: Promise<unknown>;
}

export class EmailAdmin {
  private transport: Transporter | null = null;
  private readonly batches = new Map<string, Batch>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly config: Pick<AppConfig, "smtp" | "publicUrl" | "tokenTtlDays">,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Lets running sends finish (each e-mail is recorded as it goes), then closes the SMTP pool. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.batches.values()].map((b) => b.promise));
    this.transport?.close();
  }

  private from(): string {
    return this.config.smtp?.from ?? "LA Data Capability Audit";
  }

  private getTransport(): Transporter {
    const smtp = this.config.smtp;
    if (!smtp) throw new AppError("unavailable", "E-mail is not configured: set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM) and restart");
    this.transport ??= createSmtpTransport(smtp);
    return this.transport;
  }

  async templates(): Promise<TemplatesDto> {
    return {
      templates: (await listTemplates(this.pool)).map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString(), placeholders: [...placeholdersFor(t.key)] })),
      placeholders: [...PLACEHOLDERS],
      smtpConfigured: Boolean(this.config.smtp),
    };
  }

  async updateTemplate(key: TemplateKey, draft: TemplateInput, user: { id: string }): Promise<TemplateDto> {
    const problem = checkTemplate(draft, key);
    if (problem) throw invalid(problem.message, problem.field);
    return withTransaction(this.pool, async (client) => {
      await saveTemplate(client, key, draft, user.id);
      await recordAudit(client, { ...userActor(user), action: "email.template_update", subject: key });
      const t = await findTemplate(client, key);
      return { ...t!, updatedAt: t!.updatedAt.toISOString(), placeholders: [...placeholdersFor(key)] };
    });
  }

  async preview(b: PreviewInput): Promise<PreviewDto> {
    const stored = await findTemplate(this.pool, b.kind);
    const draft = { subject: b.subject ?? stored!.subject, body: b.body ?? stored!.body };
    const problem = checkTemplate(draft, b.kind);
    const plan = await planCampaign(this.pool, b.kind, b.laCodes);
    // always a real LA: the one asked for, else the first the send would reach; when the send would
    // reach none, the first LA listed (else in the register), with `receives` false so the page says so
    const sample = (b.laCode ? plan.targets.find((t) => t.laCode === b.laCode) : plan.targets[0]) ?? null;
    const laCode = b.laCode ?? sample?.laCode ?? b.laCodes?.[0] ?? (await listLas(this.pool))[0]?.la_code ?? null;
    if (!laCode) throw notFound("There is no LA in the register to preview the e-mail for: load the reference data first");
    const laName = sample?.laCode === laCode ? sample.laName : await findLaName(this.pool, laCode);
    if (!laName) throw notFound(`No LA with code ${laCode}`);
    // the LA's own contact when it has one, even if this send would not reach it (already submitted)
    const contact = sample?.laCode === laCode ? sample.recipients[0] : (await listContacts(this.pool, laCode)).find((c) => c.isActive);
    const contactName = contact?.name ?? "(the LA contact's name)";
    const vars = {
      la_name: laName,
      la_code: laCode,
      contact_name: contactName,
      link: `${this.config.publicUrl}/r#(personal link created when the e-mail is sent)`,
      deadline: b.deadline ?? "(deadline)",
      sender_name: senderName(this.from()),
    };
    return {
      subject: renderSubject(draft.subject, vars),
      body: render(draft.body, vars),
      problem: problem ? problem.message : null,
      audience: { las: plan.targets.length, contacts: plan.targets.reduce((n, t) => n + t.recipients.length, 0), skipped: plan.skipped },
      previewedAs: { laCode, laName, contactName: contact?.name ?? null, receives: sample?.laCode === laCode },
    };
  }

  /** Starts a send in the background; answers at once with what it will cover. */
  async startSend(b: SendInput, user: { id: string }): Promise<SendStartedDto> {
    const transporter = this.getTransport();
    for (const running of this.batches.values()) {
      if (running.status === "running") throw conflict(`A ${running.kind} send is still running (${running.sent + running.failed} of ${running.total} done); wait for it to finish`);
    }
    const plan = await planCampaign(this.pool, b.kind, b.laCodes);
    const batchId = randomUUID();
    const total = plan.targets.reduce((n, t) => n + t.recipients.length, 0);
    const input = { kind: b.kind, laCodes: b.laCodes, deadline: b.deadline, userId: user.id, publicUrl: this.config.publicUrl, tokenTtlDays: this.config.tokenTtlDays, from: this.from() };
    const batch: Batch = { status: "running", kind: b.kind, total, sent: 0, failed: 0, startedBy: user.id, promise: Promise.resolve() };
    this.batches.set(batchId, batch);
    batch.promise = sendCampaign(this.pool, transporter, input, plan, batchId, (p) => {
      batch.sent = p.sent;
      batch.failed = p.failed;
    }).then(
      (r) => {
        batch.sent = r.sent;
        batch.failed = r.failed;
        batch.status = "done";
      },
      (err: Error) => {
        batch.status = "failed";
        batch.error = err.message;
        this.log.error({ err }, "e-mail batch failed");
      },
    );
    return { batchId, las: plan.targets.length, contacts: total, skipped: plan.skipped };
  }

  batch(batchId: string): BatchDto {
    const batch = this.batches.get(batchId);
    if (!batch) throw notFound(`No e-mail batch ${batchId} since the server started; see the send log`);
    return { batchId, status: batch.status, kind: batch.kind, total: batch.total, sent: batch.sent, failed: batch.failed, error: batch.error ?? null };
  }

  async sends(laCode?: string): Promise<SendLogEntryDto[]> {
    return (await listSends(this.pool, { laCode })).map((s) => ({ ...s, at: s.at.toISOString() }));
  }
}
