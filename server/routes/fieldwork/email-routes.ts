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
import {
  BatchIdParams,
  BatchReply,
  PreviewBody,
  PreviewReply,
  SendBody,
  SendStartedReply,
  SendsQuery,
  SendsReply,
  TemplateBody,
  TemplateKeyParams,
  TemplateReply,
  TemplatesReply,
} from "../../contracts/email.ts";
import { EmailAdmin } from "../../services/email-admin-service.ts";

const emailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const emails = new EmailAdmin(app.pg.pool, app.config, app.log);
  app.addHook("onClose", async () => emails.close());
  const researcher = app.requireRole("researcher");

  app.get("/admin/email-templates", { preHandler: researcher, schema: { response: { 200: TemplatesReply } } }, async () => emails.templates());

  app.put("/admin/email-templates/:key", { preHandler: researcher, schema: { params: TemplateKeyParams, body: TemplateBody, response: { 200: TemplateReply } } }, async (request) => ({
    template: await emails.updateTemplate(request.params.key, request.body, request.user!),
  }));

  app.post("/admin/emails/preview", { preHandler: researcher, schema: { body: PreviewBody, response: { 200: PreviewReply } } }, async (request) => emails.preview(request.body));

  app.post("/admin/emails/send", { preHandler: researcher, schema: { body: SendBody, response: { 202: SendStartedReply } } }, async (request, reply) =>
    reply.code(202).send(await emails.startSend(request.body, request.user!)),
  );

  app.get(
    "/admin/emails/batches/:batchId",
    { preHandler: researcher, schema: { params: BatchIdParams, response: { 200: BatchReply } } },
    async (request) => emails.batch(request.params.batchId),
  );

  app.get("/admin/emails/sends", { preHandler: researcher, schema: { querystring: SendsQuery, response: { 200: SendsReply } } }, async (request) => ({
    sends: await emails.sends(request.query.laCode),
  }));
};

export default emailRoutes;
