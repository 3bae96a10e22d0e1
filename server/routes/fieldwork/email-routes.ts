/**
 * E-mail templates, preview and sending (researcher):
 *   GET  /api/admin/email-templates
 *   PUT  /api/admin/email-templates/:key     { subject, body }
 *   POST /api/admin/emails/preview           { kind, laCode?, laCodes?, subject?, body?, deadline? } -> rendered text + audience
 *   POST /api/admin/emails/send              { kind, laCodes?, deadline } -> 202 { batchId, las, contacts, skipped }; sends in the background
 *   GET  /api/admin/emails/batches/:batchId  progress of a send: { status: running|done|failed, total, sent, failed }
 *   GET  /api/admin/emails/sends?laCode=     every send attempt (who, when, to whom, outcome, error)
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Transporter } from "nodemailer";
import { HttpError } from "../../lib/http-errors.ts";
import { PreviewBody, SendBody, SendsQuery, TemplateBody, TemplateKeyParams } from "./schemas.ts";
import { findTemplate, listSends, listTemplates, saveTemplate } from "../../repositories/email-repository.ts";
import { recordAudit } from "../../repositories/audit-repository.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { checkTemplate, PLACEHOLDERS, render, renderSubject } from "../../domain/fieldwork/email-template.ts";
import { createSmtpTransport, planCampaign, senderName, sendCampaign } from "../../services/email-service.ts";
import { randomUUID } from "node:crypto";
import { Type } from "typebox";

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

const emailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  let transport: Transporter | null = null;
  const batches = new Map<string, Batch>();
  app.addHook("onClose", async () => {
    // let running sends finish (each e-mail is recorded as it goes), then close the SMTP pool
    await Promise.allSettled([...batches.values()].map((b) => b.promise));
    transport?.close();
  });
  function getTransport(): Transporter {
    const smtp = app.config.smtp;
    if (!smtp) throw new HttpError(503, "E-mail is not configured: set SMTP_HOST (and SMTP_PORT, SMTP_USER, SMTP_PASSWORD, SMTP_FROM) and restart");
    transport ??= createSmtpTransport(smtp);
    return transport;
  }
  const from = () => app.config.smtp?.from ?? "LA Data Capability Audit";

  app.get("/admin/email-templates", { preHandler: app.requireRole("researcher") }, async () => ({
    templates: (await listTemplates(pool)).map((t) => ({ ...t, updatedAt: t.updatedAt.toISOString() })),
    placeholders: PLACEHOLDERS,
    smtpConfigured: Boolean(app.config.smtp),
  }));

  app.put(
    "/admin/email-templates/:key",
    { preHandler: app.requireRole("researcher"), schema: { params: TemplateKeyParams, body: TemplateBody } },
    async (request) => {
      const problem = checkTemplate(request.body);
      if (problem) throw new HttpError(400, problem.message, { field: problem.field });
      await saveTemplate(pool, request.params.key, request.body, request.user!.id);
      await recordAudit(pool, { ...userActor(request.user!), action: "email.template_update", subject: request.params.key });
      const t = await findTemplate(pool, request.params.key);
      return { template: { ...t!, updatedAt: t!.updatedAt.toISOString() } };
    },
  );

  app.post("/admin/emails/preview", { preHandler: app.requireRole("researcher"), schema: { body: PreviewBody } }, async (request) => {
    const b = request.body;
    const stored = await findTemplate(pool, b.kind);
    const draft = { subject: b.subject ?? stored!.subject, body: b.body ?? stored!.body };
    const problem = checkTemplate(draft);
    const plan = await planCampaign(pool, b.kind, b.laCodes);
    const sample = (b.laCode ? plan.targets.find((t) => t.laCode === b.laCode) : plan.targets[0]) ?? null;
    let laName = "Example Council";
    let laCode = "000";
    let contactName = "Alex Example";
    if (b.laCode) {
      const { rows } = await pool.query<{ name: string }>(`SELECT name FROM las WHERE la_code = $1`, [b.laCode]);
      if (!rows[0]) throw new HttpError(404, `No LA with code ${b.laCode}`);
      laName = rows[0].name;
      laCode = b.laCode;
    } else if (sample) {
      laName = sample.laName;
      laCode = sample.laCode;
    }
    if (sample && sample.laCode === laCode) contactName = sample.recipients[0]!.name;
    const vars = {
      la_name: laName,
      la_code: laCode,
      contact_name: contactName,
      link: `${app.config.publicUrl}/r#(personal link created when the e-mail is sent)`,
      deadline: b.deadline ?? "(deadline)",
      sender_name: senderName(from()),
    };
    return {
      subject: renderSubject(draft.subject, vars),
      body: render(draft.body, vars),
      problem: problem ? problem.message : null,
      audience: { las: plan.targets.length, contacts: plan.targets.reduce((n, t) => n + t.recipients.length, 0), skipped: plan.skipped },
    };
  });

  app.post("/admin/emails/send", { preHandler: app.requireRole("researcher"), schema: { body: SendBody } }, async (request, reply) => {
    const transporter = getTransport();
    const b = request.body;
    for (const running of batches.values()) {
      if (running.status === "running") throw new HttpError(409, `A ${running.kind} send is still running (${running.sent + running.failed} of ${running.total} done); wait for it to finish`);
    }
    const plan = await planCampaign(pool, b.kind, b.laCodes);
    const batchId = randomUUID();
    const total = plan.targets.reduce((n, t) => n + t.recipients.length, 0);
    const input = { kind: b.kind, laCodes: b.laCodes, deadline: b.deadline, userId: request.user!.id, publicUrl: app.config.publicUrl, tokenTtlDays: app.config.tokenTtlDays, from: from() };
    const batch: Batch = { status: "running", kind: b.kind, total, sent: 0, failed: 0, startedBy: request.user!.id, promise: Promise.resolve() };
    batches.set(batchId, batch);
    batch.promise = sendCampaign(pool, transporter, input, plan, batchId, (p) => {
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
        request.log.error({ err }, "e-mail batch failed");
      },
    );
    return reply.code(202).send({ batchId, las: plan.targets.length, contacts: total, skipped: plan.skipped });
  });

  app.get(
    "/admin/emails/batches/:batchId",
    { preHandler: app.requireRole("researcher"), schema: { params: Type.Object({ batchId: Type.String({ format: "uuid" }) }) } },
    async (request) => {
      const batch = batches.get(request.params.batchId);
      if (!batch) throw new HttpError(404, `No e-mail batch ${request.params.batchId} since the server started; see the send log`);
      return { batchId: request.params.batchId, status: batch.status, kind: batch.kind, total: batch.total, sent: batch.sent, failed: batch.failed, error: batch.error ?? null };
    },
  );

  app.get("/admin/emails/sends", { preHandler: app.requireRole("researcher"), schema: { querystring: SendsQuery } }, async (request) => {
    const sends = await listSends(pool, { laCode: request.query.laCode });
    return { sends: sends.map((s) => ({ ...s, at: s.at.toISOString() })) };
  });
};

export default emailRoutes;
