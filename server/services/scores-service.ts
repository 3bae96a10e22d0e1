/**
 * Feasibility scores as the console reads them. Before reading, stale or missing scores are
 * recomputed (refreshStaleScores), so the views follow responses and rules even if a recompute
 * trigger was missed. Viewers get aggregates only: nothing from a group small enough to single out an LA.
 */
import type pg from "pg";
import type { FastifyBaseLogger } from "fastify";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { notFound } from "../domain/errors.ts";
import { CAPABILITY_BAND_ORDER } from "../domain/scoring/capability-profile.ts";
import { NOT_ENOUGH_INFORMATION_LABEL } from "../domain/scoring/wording.ts";
import { SMALL_GROUP_THRESHOLD, summariseIndicators, withholdSmallGroups } from "../domain/scoring/summarise-indicators.ts";
import { findLaName } from "../repositories/reference-data-repository.ts";
import { readLaScores, readScoreMatrix, readScoredLas, type ResponseStatusFilter } from "../repositories/scores-repository.ts";
import { refreshStaleScores } from "./scoring-service.ts";

type ScoreStatus = ResponseStatusFilter;

export class ScoresReads {
  constructor(
    private readonly pool: pg.Pool,
    private readonly definitions: DefinitionRegistry,
    private readonly log: FastifyBaseLogger,
  ) {}

  private async fresh() {
    const current = this.definitions.current();
    const r = await refreshStaleScores(this.pool, this.definitions, { surveyId: current.surveyId });
    if (r.failed.length > 0) this.log.warn({ failed: r.failed }, "some responses could not be scored");
    return current;
  }

  /** Every scored LA x indicator (score and band). */
  async matrix(query: { status?: ScoreStatus; includeDemo?: boolean }) {
    const current = await this.fresh();
    const las = await readScoreMatrix(this.pool, {
      status: query.status ?? "all",
      includeDemo: query.includeDemo ?? true,
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
  }

  /** One LA: capability profile and every indicator and data item with its explanation. */
  async la(laCode: string) {
    const current = await this.fresh();
    const record = await readLaScores(this.pool, laCode);
    if (!record) {
      if ((await findLaName(this.pool, laCode)) === null) throw notFound(`laCode ${laCode} is not an LA in the register`);
      throw notFound(`laCode ${laCode} has no scores: the LA has no response yet`);
    }
    // The five levels and every dimension's descriptor per level, from the rules the LA was scored with.
    let rules = current.rules;
    try {
      rules = this.definitions.get(record.surveyId, record.definitionVersion).rules;
    } catch {
      // definition no longer on disk: fall back to the current rules
    }
    const capabilityScale = {
      rulesVersion: rules.version,
      levels: rules.capability.levels.map((l) => ({ level: l.level, name: l.name, min: l.min, descriptor: l.descriptor })),
      dimensions: rules.capability.dimensions.map((d) => ({ id: d.id, name: d.name, cddoTheme: d.cddoTheme, descriptors: { ...d.descriptors } })),
    };
    return { ...record, capabilityScale };
  }

  /** National summary per indicator: % of responding LAs per band (overall, by region, by LA type). */
  async summary(query: { status?: ScoreStatus; includeDemo?: boolean }, reader: { role: string }) {
    const current = await this.fresh();
    const status = query.status ?? "submitted";
    const includeDemo = query.includeDemo ?? true;
    const scored = await readScoredLas(this.pool, { status, includeDemo, surveyId: current.surveyId });
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
        reader.role === "viewer"
          ? scored.length < SMALL_GROUP_THRESHOLD
            ? []
            : summariseIndicators(current.catalogue, current.rules, scored).map(withholdSmallGroups)
          : summariseIndicators(current.catalogue, current.rules, scored),
    };
  }
}
