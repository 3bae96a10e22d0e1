/**
 * Feasibility scores API:
 *   GET /api/admin/scores?status=&includeDemo=          (researcher) the LA x indicator matrix (score + band per cell)
 *   GET /api/admin/scores/:laCode                       (researcher) one LA: capability profile, every indicator and item with explanations
 *   GET /api/admin/indicators/summary?status=&includeDemo=  (viewer) national summary per indicator (bands overall / by region / by LA type, barriers)
 * Per-LA data is researcher-only; viewers see aggregates (services/scores-service.ts).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ScoresReads } from "../../services/scores-service.ts";
import { LaCodeParams, LaScoresResponse, MatrixQuery, MatrixResponse, SummaryQuery, SummaryResponse } from "../../contracts/scores.ts";

const scoresRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const scores = new ScoresReads(app.pg.pool, app.definitions, app.log);

  app.get(
    "/admin/scores",
    {
      preHandler: app.requireRole("researcher"),
      schema: { tags: ["admin"], summary: "Feasibility matrix: every scored LA x indicator (score and band)", querystring: MatrixQuery, response: { 200: MatrixResponse } },
    },
    async (request) => scores.matrix(request.query),
  );

  app.get(
    "/admin/scores/:laCode",
    {
      preHandler: app.requireRole("researcher"),
      schema: { tags: ["admin"], summary: "One LA: capability profile and every indicator and data item with its explanation", params: LaCodeParams, response: { 200: LaScoresResponse } },
    },
    async (request) => scores.la(request.params.laCode),
  );

  app.get(
    "/admin/indicators/summary",
    {
      preHandler: app.requireRole("viewer"),
      schema: {
        tags: ["admin"],
        summary: "National summary per indicator: % of responding LAs per band (overall, by region, by LA type), barriers, LAs ready now",
        querystring: SummaryQuery,
        response: { 200: SummaryResponse },
      },
    },
    async (request) => scores.summary(request.query, request.user!),
  );
};

export default scoresRoutes;
