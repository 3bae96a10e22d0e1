/**
 * Case-study selection for researchers (issue 5):
 *   POST /api/admin/case-studies            run a selection (optionally save it as the wave's selection)
 *   GET  /api/admin/case-studies            saved selections (who, when, parameters, result), newest first
 *   GET  /api/admin/case-studies/typology   Ofsted trajectory x capability band grid
 *   GET  /api/admin/case-studies/objective  the objective in plain words
 * Bad input (k larger than the eligible pool, contradictory constraints, unknown la_code) answers
 * 400/422 with a message naming the problem, and nothing is saved.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { CaseStudyError } from "../../domain/case-studies/errors.ts";
import { objectiveDescription } from "../../domain/case-studies/objective-description.ts";
import { HttpError } from "../../lib/http-errors.ts";
import { listSelections, type SavedSelection } from "../../repositories/case-studies-repository.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";
import { userLabels } from "../../repositories/timeline-repository.ts";
import {
  loadTypology,
  refreshCapabilityScores,
  rerunSavedAfterDecline,
  runSelection,
  saveSelection,
} from "../../services/case-study-service.ts";
import { ListQuery, RunBody, TypologyQuery } from "./case-study-schemas.ts";

/** Domain errors -> HTTP: malformed input and unknown LA codes 400, the rest (valid but impossible) 422. */
export function toHttpError(err: CaseStudyError): HttpError {
  const status = err.code === "INVALID_INPUT" || err.code === "UNKNOWN_LA_CODE" ? 400 : 422;
  return new HttpError(status, err.message, { code: err.code, field: err.field, ...err.details });
}

function savedJson(s: SavedSelection, labels: Map<string, string>) {
  return {
    id: s.id,
    wave: s.wave,
    k: s.k,
    seed: s.seed,
    objective: s.objective,
    is_current: s.isCurrent,
    created_by: s.createdBy,
    created_by_kind: s.createdByKind,
    created_by_label: s.createdByKind === "user" ? (labels.get(s.createdBy) ?? null) : "command line",
    created_at: s.createdAt.toISOString(),
    parameters: s.parameters,
    result: s.result,
  };
}

const caseStudyRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;

  /** Capability comes from la_scores: bring stale scores up to date first (failures keep the stored ones). */
  async function freshScores() {
    try {
      const r = await refreshCapabilityScores(pool);
      if (r.failed.length > 0) app.log.warn({ failed: r.failed }, "some responses could not be scored");
    } catch (err) {
      app.log.warn({ err: { message: (err as Error).message } }, "capability scores not refreshed; using stored scores");
    }
  }

  app.post("/admin/case-studies", { preHandler: app.requireRole("researcher"), schema: { body: RunBody } }, async (request) => {
    const b = request.body;
    await freshScores();
    try {
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
          });
      const saved = b.save ? await saveSelection(pool, run, { actor: userActor(request.user!).actor, actorKind: "user" }) : null;
      return { result: run.result, parameters: run.parameters, saved: saved ? { id: saved.id, created_at: saved.createdAt.toISOString() } : null };
    } catch (err) {
      if (err instanceof CaseStudyError) throw toHttpError(err);
      throw err;
    }
  });

  app.get("/admin/case-studies", { preHandler: app.requireRole("researcher"), schema: { querystring: ListQuery } }, async (request) => {
    const rows = await listSelections(pool, { wave: request.query.wave, limit: request.query.limit ?? 100 });
    const labels = await userLabels(pool, [...new Set(rows.filter((r) => r.createdByKind === "user").map((r) => r.createdBy))]);
    return { selections: rows.map((r) => savedJson(r, labels)) };
  });

  app.get("/admin/case-studies/typology", { preHandler: app.requireRole("researcher"), schema: { querystring: TypologyQuery } }, async (request) => {
    await freshScores();
    try {
      return { grid: await loadTypology(pool, { all: request.query.all }) };
    } catch (err) {
      if (err instanceof CaseStudyError) throw toHttpError(err);
      throw err;
    }
  });

  app.get("/admin/case-studies/objective", { preHandler: app.requireRole("researcher") }, async () => ({ text: objectiveDescription() }));
};

export default caseStudyRoutes;
