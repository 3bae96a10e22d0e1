/**
 * Feasibility scores API (issue 3), viewer role and above:
 *   GET /api/admin/scores?status=&includeDemo=          the LA x indicator matrix (score + band per cell)
 *   GET /api/admin/scores/:laCode                       one LA: capability profile, every indicator and item with explanations
 *   GET /api/admin/indicators/summary?status=&includeDemo=  national summary per indicator (bands overall / by region / by LA type, barriers)
 * Before reading, stale or missing scores are recomputed (refreshStaleScores), so the views follow
 * responses and rules even if a recompute trigger was missed.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { CAPABILITY_BAND_ORDER } from "../../domain/scoring/capability-profile.ts";
import { NOT_ENOUGH_INFORMATION_LABEL } from "../../domain/scoring/wording.ts";
import { SMALL_GROUP_THRESHOLD, summariseIndicators, withholdSmallGroups } from "../../domain/scoring/summarise-indicators.ts";
import { HttpError } from "../../lib/http-errors.ts";
import { readLaScores, readScoreMatrix, readScoredLas } from "../../repositories/scores-repository.ts";
import { refreshStaleScores } from "../../services/scoring-service.ts";
import { LaCodeParams, LaScoresResponse, MatrixQuery, MatrixResponse, SummaryQuery, SummaryResponse } from "./schemas.ts";

const scoresRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const definitions = () => app.definitions;

  async function fresh() {
    const registry = definitions();
    const current = registry.current();
    const r = await refreshStaleScores(app.pg.pool, registry, { surveyId: current.surveyId });
    if (r.failed.length > 0) app.log.warn({ failed: r.failed }, "some responses could not be scored");
    return current;
  }

  app.get(
    "/admin/scores",
    {
      preHandler: app.requireRole("researcher"), // per-LA data: viewers see aggregates only
      schema: { tags: ["admin"], summary: "Feasibility matrix: every scored LA x indicator (score and band)", querystring: MatrixQuery, response: { 200: MatrixResponse } },
    },
    async (request) => {
      const current = await fresh();
      const las = await readScoreMatrix(app.pg.pool, {
        status: request.query.status ?? "all",
        includeDemo: request.query.includeDemo ?? true,
        surveyId: current.surveyId,
      });
      return {
        surveyId: current.surveyId,
        definitionVersion: current.version,
        rulesId: current.rules.id,
        rulesVersion: current.rules.version,
        bands: [
          ...[...current.rules.bands].sort((a, b) => b.min - a.min).map((b) => ({ id: b.id, label: b.label, min: b.min })),
          { id: "not_enough_information" as const, label: NOT_ENOUGH_INFORMATION_LABEL, min: null },
        ],
        capabilityBands: [...CAPABILITY_BAND_ORDER],
        outcomeAreas: current.catalogue.outcomeAreas.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
        indicators: current.catalogue.indicators.map((i) => ({
          id: i.id,
          name: i.name,
          outcomeArea: i.outcomeArea,
          population: i.population,
          polarity: i.polarity,
          collectedNationally: i.collectedNationally,
        })),
        las,
      };
    },
  );

  app.get(
    "/admin/scores/:laCode",
    {
      preHandler: app.requireRole("researcher"), // per-LA data: viewers see aggregates only
      schema: { tags: ["admin"], summary: "One LA: capability profile and every indicator and data item with its explanation", params: LaCodeParams, response: { 200: LaScoresResponse } },
    },
    async (request) => {
      const { laCode } = request.params;
      const current = await fresh();
      const record = await readLaScores(app.pg.pool, laCode);
      if (!record) {
        const la = await app.pg.pool.query("SELECT 1 FROM las WHERE la_code = $1", [laCode]);
        if (la.rowCount === 0) throw new HttpError(404, `laCode ${laCode} is not an LA in the register`);
        throw new HttpError(404, `laCode ${laCode} has no scores: the LA has no response yet`);
      }
      // The five levels and every dimension's descriptor per level, from the rules the LA was scored with.
      let rules = current.rules;
      try {
        rules = definitions().get(record.surveyId, record.definitionVersion).rules;
      } catch {
        // definition no longer on disk: fall back to the current rules
      }
      const capabilityScale = {
        rulesVersion: rules.version,
        levels: rules.capability.levels.map((l) => ({ level: l.level, name: l.name, min: l.min, descriptor: l.descriptor })),
        dimensions: rules.capability.dimensions.map((d) => ({ id: d.id, name: d.name, cddoTheme: d.cddoTheme, descriptors: { ...d.descriptors } })),
      };
      return { ...record, capabilityScale };
    },
  );

  app.get(
    "/admin/indicators/summary",
    {
      preHandler: app.requireRole("viewer"), // national aggregates
      schema: {
        tags: ["admin"],
        summary: "National summary per indicator: % of responding LAs per band (overall, by region, by LA type), barriers, LAs ready now",
        querystring: SummaryQuery,
        response: { 200: SummaryResponse },
      },
    },
    async (request) => {
      const current = await fresh();
      const status = request.query.status ?? "submitted";
      const includeDemo = request.query.includeDemo ?? true;
      const scored = await readScoredLas(app.pg.pool, { status, includeDemo, surveyId: current.surveyId });
      return {
        surveyId: current.surveyId,
        definitionVersion: current.version,
        rulesId: current.rules.id,
        rulesVersion: current.rules.version,
        status,
        includeDemo,
        respondingLas: scored.length,
        outcomeAreas: current.catalogue.outcomeAreas.map((a) => ({ id: a.id, name: a.name, kind: a.kind })),
        // viewers see aggregates only: nothing from a group small enough to single out an LA
        indicators:
          request.user?.role === "viewer"
            ? scored.length < SMALL_GROUP_THRESHOLD
              ? []
              : summariseIndicators(current.catalogue, current.rules, scored).map(withholdSmallGroups)
            : summariseIndicators(current.catalogue, current.rules, scored),
      };
    },
  );
};

export default scoresRoutes;
