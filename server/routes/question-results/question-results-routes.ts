/**
 * Question results (viewer role and above; aggregates only for viewers):
 *   GET /api/admin/question-results?status=               the current questionnaire's questions by page
 *   GET /api/admin/question-results/:question?status=     one question: counts and % overall, by region, by LA type;
 *                                                         free-text answers with their LA for researchers
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { roleSatisfies } from "../../domain/accounts/roles.ts";
import * as service from "../../services/question-results-service.ts";
import { QuestionListReply, QuestionParams, QuestionResultReply, ResultsQuery } from "../../contracts/question-results.ts";

const questionResultsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const viewer = app.requireRole("viewer");

  app.get(
    "/admin/question-results",
    { preHandler: viewer, schema: { tags: ["admin"], summary: "The questionnaire's questions by page, with the number of responding LAs", querystring: ResultsQuery, response: { 200: QuestionListReply } } },
    async (req) => service.listQuestions(pool, app.definitions, req.query.status ?? "submitted"),
  );

  app.get(
    "/admin/question-results/:question",
    {
      preHandler: viewer,
      schema: {
        tags: ["admin"],
        summary: "One question: counts and % of the valid base per answer, overall, by region and by LA type",
        params: QuestionParams,
        querystring: ResultsQuery,
        response: { 200: QuestionResultReply },
      },
    },
    async (req) =>
      service.questionResult(pool, app.definitions, req.params.question, {
        status: req.query.status ?? "submitted",
        detail: roleSatisfies(req.user!.role, ["researcher"]),
      }),
  );
};

export default questionResultsRoutes;
