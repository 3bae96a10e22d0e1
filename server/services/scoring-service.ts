/**
 * Computes and stores feasibility scores for responses.
 *
 * Every response is scored with ONE definition (normally the registry's current one) so that all
 * LAs are comparable; a response that answers an older version is first migrated with the
 * versions' mappings (migrateResponseAcross). Stored with the definition hash, rules id/version,
 * SCORING_ENGINE_VERSION and the response's version/status, so stale scores are found by a query.
 *
 * Triggers (wired by the lead):
 *   - after an autosave / submit / reopen, inside the same transaction, with the transaction's client:
 *       await recomputeScoresForResponse(client, await findResponse(client, laCode), registry.current(), { registry })
 *   - when rules change (start-up, definitions reload) or as a safety net:  await refreshStaleScores(pool, registry)
 * The score API routes also call refreshStaleScores before reading, so views are never stale.
 */
import type pg from "pg";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { migrateResponseAcross } from "../domain/definitions/migrate-response.ts";
import { questionIndex } from "../domain/definitions/question-index.ts";
import type { LoadedDefinition } from "../domain/definitions/types.ts";
import type { CapabilityContext } from "../domain/scoring/capability-profile.ts";
import { explainIndicators } from "../domain/scoring/explain-indicators.ts";
import { scoreResponse } from "../domain/scoring/score-response.ts";
import type { LaScores } from "../domain/scoring/types.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { childPopulations } from "../repositories/reference-data-repository.ts";
import { deleteOrphanScores, findStaleScores, replaceScoresForLa, type StoredScoresInput } from "../repositories/scores-repository.ts";

/** Bump when a change to server/domain/scoring changes stored results (scores or wording): stored scores then count as stale. */
export const SCORING_ENGINE_VERSION = 2;

/** The response fields scoring needs (StoredResponse from responses-repository has them). */
export interface ScorableResponse {
  id: string | number;
  laCode: string;
  surveyId: string;
  definitionVersion: number;
  data: Record<string, unknown> | null;
  version: number;
  status: string;
}

/** Definition used for scoring: a LoadedDefinition, or the parts scoring reads. */
/** `survey`, when given, lets explanations quote question and answer wording instead of codes. */
export type ScoringDefinition = Pick<LoadedDefinition, "surveyId" | "version" | "hash" | "catalogue" | "rules"> & Partial<Pick<LoadedDefinition, "survey">>;

/** Registry (or a list of definitions) to migrate responses that answer an older version. */
export type DefinitionSource = Pick<DefinitionRegistry, "all"> | LoadedDefinition[];

export class ScoringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScoringError";
  }
}

/** The response's data in the shape of `definition` (migrated from the version it answers when older). */
export function responseDataFor(response: ScorableResponse, definition: ScoringDefinition, definitions?: DefinitionSource): Record<string, unknown> {
  const data = response.data ?? {};
  if (response.surveyId !== definition.surveyId) {
    throw new ScoringError(`Response ${response.laCode} answers survey ${response.surveyId}, not ${definition.surveyId}`);
  }
  if (response.definitionVersion === definition.version) return data;
  if (response.definitionVersion > definition.version) {
    throw new ScoringError(
      `Response ${response.laCode} answers ${definition.surveyId} v${response.definitionVersion}, newer than the scoring definition v${definition.version}`,
    );
  }
  if (!definitions) {
    throw new ScoringError(
      `Response ${response.laCode} answers v${response.definitionVersion}; pass the definition registry to migrate it to v${definition.version}`,
    );
  }
  const all = (Array.isArray(definitions) ? definitions : definitions.all()).filter((d) => d.surveyId === definition.surveyId);
  return migrateResponseAcross(data, all, response.definitionVersion, definition.version).data;
}

/** Pure: what recomputeScoresForResponse stores. */
export function computeScoresForResponse(
  response: ScorableResponse,
  definition: ScoringDefinition,
  definitions?: DefinitionSource,
  context?: CapabilityContext,
): StoredScoresInput {
  const data = responseDataFor(response, definition, definitions);
  const questions = definition.survey ? questionIndex(definition.survey) : undefined;
  const scores: LaScores = scoreResponse({ catalogue: definition.catalogue, rules: definition.rules, data, context: { ...context, questions } });
  return {
    laCode: response.laCode,
    responseId: response.id,
    responseVersion: response.version,
    responseStatus: response.status,
    surveyId: definition.surveyId,
    definitionVersion: definition.version,
    definitionHash: definition.hash,
    answeredVersion: response.definitionVersion,
    engineVersion: SCORING_ENGINE_VERSION,
    scores,
    explanations: explainIndicators(scores),
  };
}

/**
 * Scores one response with `definition` and replaces the LA's stored scores. Pass the transaction's
 * client when called inside a transaction (e.g. right after an autosave or submit); with a pool,
 * wrap it in withTransaction yourself or use refreshStaleScores.
 */
export async function recomputeScoresForResponse(
  client: Queryable,
  response: ScorableResponse,
  definition: ScoringDefinition,
  opts: { registry?: DefinitionSource } = {},
): Promise<LaScores> {
  // the LA's child population, for rules that score per 10,000 children (v4 analysts)
  const childPopulation = (await childPopulations(client, response.laCode)).get(response.laCode) ?? null;
  const computed = computeScoresForResponse(response, definition, opts.registry, { childPopulation });
  await replaceScoresForLa(client, computed);
  return computed.scores;
}

export interface RefreshResult {
  recomputed: string[]; // LA codes
  failed: { laCode: string; error: string }[];
  removed: number; // scores of responses that no longer exist
}

interface ResponseDbRow {
  id: string;
  la_code: string;
  survey_id: string;
  definition_version: number;
  data: Record<string, unknown> | null;
  version: number;
  status: string;
}

async function readResponseById(db: Queryable, id: string): Promise<ScorableResponse | null> {
  const r = await db.query<ResponseDbRow>(
    "SELECT id, la_code, survey_id, definition_version, data, version, status FROM responses WHERE id = $1",
    [id],
  );
  const x = r.rows[0];
  return x
    ? { id: String(x.id), laCode: x.la_code, surveyId: x.survey_id, definitionVersion: x.definition_version, data: x.data, version: x.version, status: x.status }
    : null;
}

/**
 * Recomputes every response whose stored scores are missing or stale (response changed, definition /
 * rules changed, engine changed), one transaction per LA, with registry.current(surveyId). A response
 * that cannot be scored (e.g. no migration path) is reported in `failed`, its old scores removed.
 */
export async function refreshStaleScores(
  pool: pg.Pool,
  registry: Pick<DefinitionRegistry, "current" | "all">,
  opts: { surveyId?: string; laCodes?: string[] } = {},
): Promise<RefreshResult> {
  const definition = registry.current(opts.surveyId);
  const result: RefreshResult = { recomputed: [], failed: [], removed: await deleteOrphanScores(pool) };
  let stale = await findStaleScores(pool, { surveyId: definition.surveyId, definitionHash: definition.hash, engineVersion: SCORING_ENGINE_VERSION });
  if (opts.laCodes) stale = stale.filter((s) => opts.laCodes!.includes(s.laCode));
  for (const s of stale) {
    try {
      await withTransaction(pool, async (client) => {
        const response = await readResponseById(client, s.responseId);
        if (response) await recomputeScoresForResponse(client, response, definition, { registry });
      });
      result.recomputed.push(s.laCode);
    } catch (err) {
      result.failed.push({ laCode: s.laCode, error: (err as Error).message });
      await pool.query("DELETE FROM la_scores WHERE la_code = $1", [s.laCode]).catch(() => {});
    }
  }
  return result;
}
