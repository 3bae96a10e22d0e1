/**
 * Which SurveyJS JSON a response answers, and its compiled answer structure (built once per
 * definition version and hash). New responses take the registry's current version; existing ones
 * keep the version they were started on. A version not in the registry (e.g. retired from disk) is
 * read from its immutable snapshot in survey_definitions.
 */
import type { LoadedDefinition, RespondentEstimate, SurveyJson } from "../domain/definitions/types.ts";
import { compileStructure, type ResponseStructure } from "../domain/responses/structure.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { findDefinitionSnapshot } from "../repositories/responses-repository.ts";

export type DefinitionLike = Pick<LoadedDefinition, "surveyId" | "version" | "hash" | "survey" | "catalogue" | "rules" | "estimate">;

/** What the cache needs of the definitions registry (domain/definitions/load-definitions.ts). */
export interface DefinitionSource {
  current(surveyId?: string): DefinitionLike;
  find(surveyId: string, version: number): DefinitionLike | undefined;
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
  /**
   * The promise, not the result: compiling a structure blocks the event loop for a second or more
   * (survey-core builds the whole model), so requests that miss together must share one compile
   * instead of each running it in turn.
   */
  private readonly cache = new Map<string, Promise<ResolvedDefinition>>();

  constructor(private readonly source: () => Promise<DefinitionSource | undefined>) {}

  async current(): Promise<DefinitionLike> {
    const src = await this.source();
    if (!src) throw new Error("No survey definitions are loaded");
    return src.current();
  }

  forResponse(db: Queryable, r: { surveyId: string; definitionVersion: number; definitionHash: string }): Promise<ResolvedDefinition> {
    const key = `${r.surveyId}@${r.definitionVersion}#${r.definitionHash}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    const resolving = this.resolve(db, r, key);
    this.cache.set(key, resolving);
    // a failure (e.g. the database was unreachable for a snapshot) is not remembered
    resolving.catch(() => {
      if (this.cache.get(key) === resolving) this.cache.delete(key);
    });
    return resolving;
  }

  /**
   * Compiles the current definition's structure ahead of the first respondent, who would otherwise
   * wait for it together with everyone arriving during that second.
   */
  async warmCurrent(db: Queryable): Promise<void> {
    const c = await this.current();
    await this.forResponse(db, { surveyId: c.surveyId, definitionVersion: c.version, definitionHash: c.hash });
  }

  private async resolve(db: Queryable, r: { surveyId: string; definitionVersion: number; definitionHash: string }, key: string): Promise<ResolvedDefinition> {
    let survey: SurveyJson | undefined;
    let estimate: RespondentEstimate | undefined;
    const src = await this.source().catch(() => undefined);
    const d = src?.find(r.surveyId, r.definitionVersion);
    if (d && d.hash === r.definitionHash) {
      survey = d.survey;
      estimate = d.estimate;
    }
    // not in the registry (retired from disk): the immutable snapshot stored with the responses
    if (!survey) survey = await findDefinitionSnapshot(db, r.surveyId, r.definitionVersion, r.definitionHash);
    if (!survey) throw new Error(`Definition ${key} not found`);
    return {
      surveyId: r.surveyId,
      version: r.definitionVersion,
      hash: r.definitionHash,
      survey,
      structure: compileStructure(survey),
      ...(estimate ? { estimate } : {}),
    };
  }
}
