/**
 * Seeds the demo fieldwork's submitted responses (the demo generator's answers, on the current
 * definition) straight into a test database, so report tests do not wait for the demo loader's
 * validated saves. Scores are computed by the service when it first reads them. `only` seeds just
 * the first N submitted LAs of the world (a test that releases every report need not render 100).
 */
import type pg from "pg";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { ensureDefinitionRow } from "../../server/repositories/responses-repository.ts";
import { demoWorld, type DemoWorld } from "../support/demo-reports.ts";

export async function seedDemoSubmissions(pool: pg.Pool, opts: { inProgress?: string[]; only?: number } = {}): Promise<DemoWorld> {
  const world = demoWorld();
  const def = loadDefinitions().current();
  await ensureDefinitionRow(pool, { surveyId: def.surveyId, version: def.version, hash: def.hash, definition: { survey: def.survey, catalogue: def.catalogue, rules: def.rules } });
  for (const s of world.submitted.slice(0, opts.only ?? world.submitted.length)) {
    const status = opts.inProgress?.includes(s.la.laCode) ? "in_progress" : "submitted";
    await pool.query(
      `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status, first_saved_at, last_saved_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6, now(), now(), CASE WHEN $6 = 'submitted' THEN now() END)`,
      [s.la.laCode, def.surveyId, def.version, def.hash, JSON.stringify(s.data), status],
    );
  }
  return world;
}
