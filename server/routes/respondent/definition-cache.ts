/**
 * Which SurveyJS JSON a response answers, and its compiled answer structure (built once per
 * definition version and hash). New responses take the registry's current version; existing ones
 * keep the version they were started on. A version not in the registry (e.g. retired from disk) is
 * read from its immutable snapshot in survey_definitions.
 */
import type { RespondentEstimate, SurveyJson } from "../../domain/definitions/types.ts";
import { compileStructure, type ResponseStructure } from "../../domain/responses/structure.ts";
import type { Queryable } from "../../repositories/queryable.ts";

export interface DefinitionLike {
  surveyId: string;
  version: number;
  hash: string;
  survey: SurveyJson;
  catalogue?: unknown;
  rules?: unknown;
  estimate?: RespondentEstimate;
}

export interface DefinitionSource {
  current(surveyId?: string): DefinitionLike;
  get(surveyId: string, version: number): DefinitionLike | undefined;
}

export interface ResolvedDefinition {
  surveyId: string;
  version: number;
  hash: string;
  survey: SurveyJson;
  structure: ResponseStructure;
  /** known for versions in the registry; a version read only from its database snapshot has none */
  estimate?: RespondentEstimate;
}

export class DefinitionCache {
  private readonly cache = new Map<string, ResolvedDefinition>();

  constructor(private readonly source: () => Promise<DefinitionSource | undefined>) {}

  async current(): Promise<DefinitionLike> {
    const src = await this.source();
    if (!src) throw new Error("No survey definitions are loaded");
    return src.current();
  }

  async forResponse(db: Queryable, r: { surveyId: string; definitionVersion: number; definitionHash: string }): Promise<ResolvedDefinition> {
    const key = `${r.surveyId}@${r.definitionVersion}#${r.definitionHash}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    let survey: SurveyJson | undefined;
    let estimate: RespondentEstimate | undefined;
    const src = await this.source().catch(() => undefined);
    try {
      const d = src?.get(r.surveyId, r.definitionVersion);
      if (d && d.hash === r.definitionHash) {
        survey = d.survey;
        estimate = d.estimate;
      }
    } catch {
      /* not in the registry */
    }
    if (!survey) {
      const { rows } = await db.query(
        "SELECT definition FROM survey_definitions WHERE survey_id = $1 AND version = $2 AND hash = $3",
        [r.surveyId, r.definitionVersion, r.definitionHash],
      );
      survey = rows[0]?.definition?.survey as SurveyJson | undefined;
    }
    if (!survey) throw new Error(`Definition ${key} not found`);
    const resolved: ResolvedDefinition = {
      surveyId: r.surveyId,
      version: r.definitionVersion,
      hash: r.definitionHash,
      survey,
      structure: compileStructure(survey),
      ...(estimate ? { estimate } : {}),
    };
    this.cache.set(key, resolved);
    return resolved;
  }
}
