/**
 * Fieldwork dashboard API:
 *   GET /api/admin/fieldwork/summary               (viewer)      counts by status, region, LA type; response rate over time
 *   GET /api/admin/fieldwork/las                   (researcher)  every LA: status, % complete, last activity, contributors
 *   GET /api/admin/fieldwork/las/:laCode           (researcher)  one LA: response, contributors, contacts, e-mails
 *   GET /api/admin/fieldwork/las/:laCode/timeline  (researcher)  the LA's history (answers, submit/reopen, audit trail)
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { FieldworkSummaryReply, LaCodeParams, LaFieldworkReply, LaProgressListReply, LaTimelineReply } from "../../contracts/fieldwork.ts";
import { FieldworkReads } from "../../services/fieldwork-service.ts";

const fieldworkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const fieldwork = new FieldworkReads(app.pg.pool);
  const researcher = app.requireRole("researcher");

  app.get("/admin/fieldwork/summary", { preHandler: app.requireRole("viewer"), schema: { response: { 200: FieldworkSummaryReply } } }, async () => fieldwork.summary());

  app.get("/admin/fieldwork/las", { preHandler: researcher, schema: { response: { 200: LaProgressListReply } } }, async () => fieldwork.las());

  app.get("/admin/fieldwork/las/:laCode", { preHandler: researcher, schema: { params: LaCodeParams, response: { 200: LaFieldworkReply } } }, async (request) => fieldwork.la(request.params.laCode));

  app.get("/admin/fieldwork/las/:laCode/timeline", { preHandler: researcher, schema: { params: LaCodeParams, response: { 200: LaTimelineReply } } }, async (request) =>
    fieldwork.timeline(request.params.laCode, request.user!),
  );
};

export default fieldworkRoutes;
