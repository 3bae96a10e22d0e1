/** Test set-up for the respondent journey: a small fixture survey pinned to chosen LAs, and link tokens. */
import { readFileSync } from "node:fs";
import type { Queryable } from "../../../server/repositories/queryable.ts";
import { generateToken, hashToken } from "../../../server/domain/responses/tokens.ts";
import { insertToken } from "../../../server/repositories/respondent-tokens-repository.ts";

export const fixtureSurvey = JSON.parse(
  readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8"),
) as Record<string, unknown>;

export const FIXTURE = { surveyId: "test-survey", version: 1, hash: "fixture-small-survey-v1" };

/** Pin LA `laCode`'s (new, empty) response to the fixture survey. */
export async function useFixtureSurvey(db: Queryable, laCode: string): Promise<void> {
  await db.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4)
     ON CONFLICT (survey_id, version) DO NOTHING`,
    [FIXTURE.surveyId, FIXTURE.version, FIXTURE.hash, JSON.stringify({ survey: fixtureSurvey })],
  );
  await db.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash) VALUES ($1, $2, $3, $4)`,
    [laCode, FIXTURE.surveyId, FIXTURE.version, FIXTURE.hash],
  );
}

/** A token for an LA (live unless told otherwise); returns the plain token. */
export async function makeToken(db: Queryable, laCode: string, opts: { expiresInDays?: number; revoked?: boolean } = {}): Promise<string> {
  const token = generateToken();
  await insertToken(db, laCode, hashToken(token), new Date(Date.now() + (opts.expiresInDays ?? 30) * 86_400_000));
  if (opts.revoked) await db.query("UPDATE respondent_tokens SET revoked_at = now() WHERE token_hash = $1", [hashToken(token)]);
  return token;
}

export async function laCodes(db: Queryable, n: number): Promise<{ code: string; name: string }[]> {
  const { rows } = await db.query("SELECT la_code, name FROM las ORDER BY la_code LIMIT $1", [n]);
  return rows.map((r) => ({ code: r.la_code, name: r.name }));
}
