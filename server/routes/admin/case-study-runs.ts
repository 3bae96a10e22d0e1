/**
 * Kept case-study selection runs and recorded declines (researcher role):
 *   GET  /api/admin/case-studies/runs            every run, saved or not, newest first
 *   GET  /api/admin/case-studies/runs/:id        one run in full: what was asked, what it resolved to, its result
 *   POST /api/admin/case-studies/runs/:id/save   save that run's result as its wave's selection
 *   GET  /api/admin/case-studies/declines        LAs whose fieldwork record says they declined, with the reason
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { getKeptRun, listKeptRuns, recordedDeclines, saveKeptRun } from "../../services/case-study-run-service.ts";
import { DeclinesReply, KeptRunReply, ListRunsQuery, ListRunsReply, RunIdParams, SaveRunReply } from "../../contracts/case-study-runs.ts";

const caseStudyRunRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = { preHandler: app.requireRole("researcher") };

  app.get("/admin/case-studies/runs", { ...researcher, schema: { querystring: ListRunsQuery, response: { 200: ListRunsReply } } }, async (request) => ({
    runs: await listKeptRuns(pool, request.query),
  }));

  app.get("/admin/case-studies/runs/:id", { ...researcher, schema: { params: RunIdParams, response: { 200: KeptRunReply } } }, async (request) => ({
    run: await getKeptRun(pool, request.params.id),
  }));

  app.post("/admin/case-studies/runs/:id/save", { ...researcher, schema: { params: RunIdParams, response: { 200: SaveRunReply } } }, async (request) =>
    saveKeptRun(pool, request.params.id, { actor: userActor(request.user!).actor, actorKind: "user" }),
  );

  app.get("/admin/case-studies/declines", { ...researcher, schema: { response: { 200: DeclinesReply } } }, async () => ({ declines: await recordedDeclines(pool) }));
};

export default caseStudyRunRoutes;
