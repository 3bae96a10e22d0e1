/**
 * Case-study selection for researchers:
 *   POST /api/admin/case-studies            run a selection (kept as a run; optionally saved as the wave's selection)
 *   GET  /api/admin/case-studies            saved selections (who, when, parameters, result), newest first
 *   GET  /api/admin/case-studies/typology   Ofsted trajectory x capability band grid
 *   GET  /api/admin/case-studies/objective  the objective in plain words
 * Bad input (k larger than the eligible pool, contradictory constraints, unknown LA code) answers
 * 400/422 with a message naming the problem, and nothing is saved.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { objectiveDescription } from "../../domain/case-studies/objective-description.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { listSavedSelections, refreshCapabilityScores, typology } from "../../services/case-study-service.ts";
import { runFromRequest } from "../../services/case-study-run-service.ts";
import { ListQuery, ObjectiveReply, RunBody, RunReply, SelectionListReply, TypologyQuery, TypologyReply } from "../../contracts/case-studies.ts";

const caseStudyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const researcher = app.requireRole("researcher");
  const tags = ["case studies"];

  /** Capability comes from la_scores: bring stale scores up to date first (failures keep the stored ones). */
  async function freshScores() {
    try {
      const r = await refreshCapabilityScores(pool, app.definitions);
      if (r.failed.length > 0) app.log.warn({ failed: r.failed }, "some responses could not be scored");
    } catch (err) {
      app.log.warn({ err: { message: (err as Error).message } }, "capability scores not refreshed; using stored scores");
    }
  }

  app.post(
    "/admin/case-studies",
    { preHandler: researcher, schema: { tags, summary: "Run a case-study selection (kept as a run; optionally saved as the wave's selection)", body: RunBody, response: { 200: RunReply } } },
    async (request) => {
      await freshScores();
      return runFromRequest(pool, request.body, { actor: userActor(request.user!).actor, actorKind: "user" });
    },
  );

  app.get(
    "/admin/case-studies",
    { preHandler: researcher, schema: { tags, summary: "Saved case-study selections, newest first", querystring: ListQuery, response: { 200: SelectionListReply } } },
    async (request) => ({ selections: await listSavedSelections(pool, request.query) }),
  );

  app.get(
    "/admin/case-studies/typology",
    { preHandler: researcher, schema: { tags, summary: "Ofsted trajectory x capability band grid", querystring: TypologyQuery, response: { 200: TypologyReply } } },
    async (request) => {
      await freshScores();
      return { grid: await typology(pool, { all: request.query.all }) };
    },
  );

  app.get(
    "/admin/case-studies/objective",
    { preHandler: researcher, schema: { tags, summary: "How a selection is scored, in plain words", response: { 200: ObjectiveReply } } },
    async () => ({ text: objectiveDescription() }),
  );
};

export default caseStudyRoutes;
