/**
 * Set-up shared by the load, fault and benchmark scripts: the survey definition responses answer
 * (the current published version; the newest version on disk when none is published yet), LA link
 * tokens issued through the invite service, and each LA's response pinned to that definition.
 */
import type pg from "pg";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { compileStructure, type ResponseStructure } from "../../server/domain/responses/structure.ts";
import { ensureDefinitionRow, findOrCreateResponse } from "../../server/repositories/responses-repository.ts";
import { issueInvites } from "../../server/services/invite-service.ts";

export interface SurveyForLoad {
  surveyId: string;
  version: number;
  hash: string;
  survey: Record<string, unknown>;
  catalogue?: unknown;
  rules?: unknown;
}

export function surveyForLoad(): SurveyForLoad {
  const registry = loadDefinitions();
  try {
    return registry.current();
  } catch {
    const all = registry.all();
    if (all.length === 0) throw new Error("No survey definitions in survey-definitions/");
    return all[all.length - 1];
  }
}

export interface LaLink {
  laCode: string;
  laName: string;
  token: string;
}

/**
 * Issue a link token for every LA without one (invite service), keep the first `laCount`, and
 * create their responses on `definition`. Returns the LAs with their plain tokens.
 */
export async function prepareLas(
  pool: pg.Pool,
  opts: { laCount?: number; definition?: SurveyForLoad; publicUrl?: string } = {},
): Promise<{ las: LaLink[]; definition: SurveyForLoad; structure: ResponseStructure }> {
  const definition = opts.definition ?? surveyForLoad();
  const { rows } = await issueInvites(pool, { publicUrl: opts.publicUrl ?? "http://localhost:3000", ttlDays: 30 });
  const las = rows.slice(0, opts.laCount ?? rows.length).map((r) => ({
    laCode: r.la_code,
    laName: r.la_name,
    token: new URL(r.link).hash.slice(1),
  }));
  await ensureDefinitionRow(pool, {
    surveyId: definition.surveyId,
    version: definition.version,
    hash: definition.hash,
    definition: { survey: definition.survey, catalogue: definition.catalogue, rules: definition.rules },
  });
  for (const la of las) await findOrCreateResponse(pool, la.laCode, definition);
  return { las, definition, structure: compileStructure(definition.survey as never) };
}
