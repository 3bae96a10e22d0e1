/**
 * Researcher actions on LA responses: reopen a submitted response (admin, recorded in
 * response_events), and read a response's change history (who changed what, when).
 */
import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { AppError } from "../../domain/errors.ts";
import { reopenResponse, responseHistory } from "../../services/response-service.ts";
import { notifyChanged } from "./respondent-routes.ts";
import { listUnreadableAnswers, repairResponse } from "../../services/response-repair-service.ts";
import { ErrorSchema, HistoryReply, RepairBody, RepairReply, ReopenBody, ReopenParams, ReopenReply, UnreadableReply } from "../../contracts/respondent.ts";

const adminResponseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    "/admin/responses/:laCode/reopen",
    {
      preHandler: app.requireRole("admin"),
      schema: {
        tags: ["admin"],
        summary: "Reopen a submitted response so the LA can change it (recorded)",
        params: ReopenParams,
        body: Type.Optional(ReopenBody),
        response: { 200: ReopenReply, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema },
      },
    },
    async (req) => {
      const user = req.user;
      if (!user) throw new AppError("unauthenticated", "Sign in to use the researcher console");
      const { status } = await reopenResponse(app.pg.pool, req.params.laCode, { id: user.id, email: user.email }, req.body?.reason);
      notifyChanged(app, req.params.laCode, "reopen");
      return { laCode: req.params.laCode, status };
    },
  );

  app.get(
    "/admin/responses/:laCode/unreadable",
    {
      preHandler: app.requireRole("researcher"),
      schema: {
        tags: ["admin"],
        summary: "Stored answers of an LA that no longer fit its questionnaire (left out of the survey page and blocking submit)",
        params: ReopenParams,
        response: { 200: UnreadableReply, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => ({
      laCode: req.params.laCode,
      unreadable: await listUnreadableAnswers(app.pg.pool, app.responseDefinitions, req.params.laCode),
    }),
  );

  app.post(
    "/admin/responses/:laCode/repair",
    {
      preHandler: app.requireRole("admin"),
      schema: {
        tags: ["admin"],
        summary: "Remove an LA's unreadable stored answers (each removal is kept in the history with the reason)",
        params: ReopenParams,
        body: RepairBody,
        response: { 200: RepairReply, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const user = req.user;
      if (!user) throw new AppError("unauthenticated", "Sign in to use the researcher console");
      const reason = req.body.reason.trim();
      if (!reason) throw new AppError("invalid", 'Field "reason" must say why the answers are removed', { field: "reason" });
      const out = await repairResponse(app.pg.pool, app.responseDefinitions, req.params.laCode, { id: user.id, email: user.email }, reason);
      if (out.removed.length > 0) notifyChanged(app, req.params.laCode, "change");
      return { laCode: req.params.laCode, ...out };
    },
  );

  app.get(
    "/admin/responses/:laCode/history",
    {
      preHandler: app.requireRole("researcher"),
      schema: {
        tags: ["admin"],
        summary: "Every change to an LA's response (who, when, old and new value) and its submit/reopen events",
        params: ReopenParams,
        response: { 200: HistoryReply, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => responseHistory(app.pg.pool, req.params.laCode),
  );
};

export default adminResponseRoutes;
