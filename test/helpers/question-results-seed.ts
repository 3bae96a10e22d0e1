/** Seed responses answered on the current (real) questionnaire, for question results and LA list tests. */
import type pg from "pg";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

export interface CurrentResponse {
  laCode: string;
  status: "in_progress" | "submitted";
  data: Record<string, unknown>;
}

export async function seedCurrentResponses(pool: pg.Pool, responses: readonly CurrentResponse[]): Promise<void> {
  const current = loadDefinitions().current();
  await pool.query(`INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
    current.surveyId,
    current.version,
    current.hash,
    JSON.stringify({ survey: current.survey, catalogue: current.catalogue, rules: current.rules }),
  ]);
  for (const r of responses) {
    await pool.query(
      `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status, first_saved_at, last_saved_at, submitted_at)
       VALUES ($1, $2, $3, $4, $5::jsonb, 1, $6, now(), now(), CASE WHEN $6 = 'submitted' THEN now() END)`,
      [r.laCode, current.surveyId, current.version, current.hash, JSON.stringify(r.data), r.status],
    );
  }
}

/** LA codes of the register by region, in code order. */
export async function lasByRegion(pool: pg.Pool): Promise<Map<string, { laCode: string; name: string; laType: string }[]>> {
  const { rows } = await pool.query<{ la_code: string; name: string; region: string; la_type: string }>("SELECT la_code, name, region, la_type FROM las ORDER BY la_code");
  const out = new Map<string, { laCode: string; name: string; laType: string }[]>();
  for (const r of rows) out.set(r.region, [...(out.get(r.region) ?? []), { laCode: r.la_code, name: r.name, laType: r.la_type }]);
  return out;
}
