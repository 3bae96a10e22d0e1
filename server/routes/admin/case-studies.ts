/**
 * Case-study selection for researchers:
 *   POST /api/admin/case-studies            run a selection (kept as a run; optionally saved as the wave's selection)
 *   GET  /api/admin/case-studies            saved selections (who, when, parameters, result), newest first
 *   GET  /api/admin/case-studies/typology   Ofsted trajectory x capability band grid
 *   GET  /api/admin/case-studies/objective  the objective in plain words
 * Bad input (k larger than the eligible pool, contradictory constraints, unknown la_code) answers
 * 400/422 with a message naming the problem, and nothing is saved.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { objectiveDescription } from "../../domain/case-studies/objective-description.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import {
  listSavedSelections,
  loadTypology,
  refreshCapabilityScores,
  rerunSavedAfterDecline,
  runSelection,
} from "../../services/case-study-service.ts";
import { keepRun } from "../../services/case-study-run-service.ts";
import { ListQuery, RunBody, TypologyQuery } from "./case-study-schemas.ts";

const caseStudyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  /** Capability comes from la_scores: bring stale scores up to date first (failures keep the stored ones). */
  async function freshScores() {
    try {
      const r = await refreshCapabilityScores(pool, app.definitions);
      if (r.failed.length > 0) app.log.warn({ failed: r.failed }, "some responses could not be scored");
    } catch (err) {
      app.log.warn({ err: { message: (err as Error).message } }, "capability scores not refreshed; using stored scores");
    }
  }

  app.post("/admin/case-studies", { preHandler: app.requireRole("researcher"), schema: { body: RunBody } }, async (request) => {
    const b = request.body;
    await freshScores();
    const run = b.declineSaved?.length
      ? await rerunSavedAfterDecline(pool, b.wave, b.declineSaved)
      : await runSelection(pool, {
          wave: b.wave,
          k: b.k ?? 4,
          seed: b.seed,
          weights: b.weights,
          constraints: b.constraints,
          declined: b.declined,
          keep: b.keep,
          includeMaybe: b.includeMaybe,
          smallLas: b.smallLas,
          leaveOutDeclined: b.leaveOutDeclined,
        });
    const { kept, saved } = await keepRun(pool, run, { save: Boolean(b.save), note: b.note, actor: { actor: userActor(request.user!).actor, actorKind: "user" } });
    return {
      result: run.result,
      parameters: run.parameters,
      saved: saved ? { id: saved.id, created_at: saved.createdAt.toISOString() } : null,
      run: { id: kept.id, createdAt: kept.createdAt.toISOString(), request: kept.request },
    };
  });

  app.get("/admin/case-studies", { preHandler: app.requireRole("researcher"), schema: { querystring: ListQuery } }, async (request) => {
    return { selections: await listSavedSelections(pool, request.query) };
  });

  app.get("/admin/case-studies/typology", { preHandler: app.requireRole("researcher"), schema: { querystring: TypologyQuery } }, async (request) => {
    await freshScores();
    return { grid: await loadTypology(pool, { all: request.query.all }) };
  });

  app.get("/admin/case-studies/objective", { preHandler: app.requireRole("researcher") }, async () => ({ text: objectiveDescription() }));
};

export default caseStudyRoutes;
