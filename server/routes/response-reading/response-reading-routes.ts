/**
 * Reading an LA's response (researcher):
 *   GET /api/admin/responses/:laCode/readable   answers by page in words, matrices as tables, history in sentences
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ReadableResponseReply, ReadLaParams } from "../../contracts/response-reading.ts";
import { readLaResponse } from "../../services/response-reading-service.ts";

const responseReadingRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/admin/responses/:laCode/readable",
    {
      preHandler: app.requireRole("researcher"),
      schema: {
        tags: ["admin"],
        summary: "An LA's answers by page with question wording and answer labels, and its history in words",
        params: ReadLaParams,
        response: { 200: ReadableResponseReply },
      },
    },
    async (req) => readLaResponse(app.pg.pool, app.responseDefinitions, req.params.laCode, req.user!),
  );
};

export default responseReadingRoutes;
