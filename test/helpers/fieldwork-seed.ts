/** Seed LA responses, contributors and answer changes directly in the test database (console tests). */
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";

const SURVEY = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/respondent/small-survey.json"), "utf8"));

export async function seedDefinition(pool: pg.Pool, surveyId = "console-test", version = 1): Promise<void> {
  await pool.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, 'test', $3::jsonb) ON CONFLICT DO NOTHING`,
    [surveyId, version, JSON.stringify({ survey: SURVEY, catalogue: {}, rules: {} })],
  );
}

export interface SeedResponse {
  laCode: string;
  status: "in_progress" | "submitted";
  data?: Record<string, unknown>;
  startedAt?: string;
  submittedAt?: string;
  contributor?: { name: string; role: string };
}

export async function seedResponse(pool: pg.Pool, r: SeedResponse): Promise<{ responseId: string; contributorId: string | null }> {
  await seedDefinition(pool);
  const started = r.startedAt ?? new Date().toISOString();
  const { rows } = await pool.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, version, status, first_saved_at, last_saved_at, submitted_at)
     VALUES ($1, 'console-test', 1, 'test', $2::jsonb, 1, $3, $4, $4, $5) RETURNING id::text AS id`,
    [r.laCode, JSON.stringify(r.data ?? {}), r.status, started, r.status === "submitted" ? (r.submittedAt ?? started) : null],
  );
  const responseId = rows[0].id as string;
  let contributorId: string | null = null;
  if (r.contributor) {
    const c = await pool.query(
      `INSERT INTO respondent_contributors (la_code, name, role, first_seen_at, last_seen_at) VALUES ($1, $2, $3, $4, $4) RETURNING id::text AS id`,
      [r.laCode, r.contributor.name, r.contributor.role, started],
    );
    contributorId = c.rows[0].id;
    for (const [k, v] of Object.entries(r.data ?? {})) {
      await pool.query(
        `INSERT INTO response_changes (response_id, version, question, old_value, new_value, contributor_id, changed_at) VALUES ($1, 1, $2, NULL, $3::jsonb, $4, $5)`,
        [responseId, k, JSON.stringify(v), contributorId, started],
      );
    }
    if (r.status === "submitted") {
      await pool.query(`INSERT INTO response_events (response_id, kind, at, contributor_id) VALUES ($1, 'submitted', $2, $3)`, [responseId, r.submittedAt ?? started, contributorId]);
    }
  }
  return { responseId, contributorId };
}
