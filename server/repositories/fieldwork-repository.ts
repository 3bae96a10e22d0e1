import type { Queryable } from "./queryable.ts";
import type { FieldworkStatus } from "../domain/fieldwork/progress.ts";

export interface LaFieldworkRow {
  laCode: string;
  name: string;
  region: string;
  laType: string;
  status: FieldworkStatus;
  responseId: string | null;
  surveyId: string | null;
  definitionVersion: number | null;
  data: Record<string, unknown> | null;
  startedAt: Date | null;
  lastSavedAt: Date | null;
  submittedAt: Date | null;
  contributors: number;
  contributorLastSeen: Date | null;
  contacts: number;
  lastEmailAt: Date | null;
  emailFailures: number;
}

/** One row per LA in the register, with its response state (if any) and fieldwork counts. */
export async function listLaFieldwork(q: Queryable, opts: { withData: boolean; laCode?: string }): Promise<LaFieldworkRow[]> {
  const params: unknown[] = [];
  let where = "";
  if (opts.laCode) {
    params.push(opts.laCode);
    where = `WHERE l.la_code = $1`;
  }
  const { rows } = await q.query<LaFieldworkRow>(
    `SELECT l.la_code AS "laCode", l.name, l.region, l.la_type AS "laType",
            coalesce(r.status, 'not_started') AS status,
            r.id::text AS "responseId", r.survey_id AS "surveyId", r.definition_version AS "definitionVersion",
            ${opts.withData ? "r.data" : "NULL::jsonb"} AS data,
            r.first_saved_at AS "startedAt", r.last_saved_at AS "lastSavedAt", r.submitted_at AS "submittedAt",
            coalesce(c.n, 0)::int AS contributors, c.last_seen AS "contributorLastSeen",
            coalesce(k.n, 0)::int AS contacts,
            e.last_sent AS "lastEmailAt", coalesce(e.failures, 0)::int AS "emailFailures"
       FROM las l
       LEFT JOIN responses r ON r.la_code = l.la_code
       LEFT JOIN (SELECT la_code, count(*) AS n, max(last_seen_at) AS last_seen FROM respondent_contributors GROUP BY la_code) c
              ON c.la_code = l.la_code
       LEFT JOIN (SELECT la_code, count(*) AS n FROM la_contacts WHERE is_active AND erased_at IS NULL GROUP BY la_code) k
              ON k.la_code = l.la_code
       LEFT JOIN (SELECT la_code, max(at) FILTER (WHERE outcome = 'sent') AS last_sent,
                         count(*) FILTER (WHERE outcome = 'failed') AS failures
                    FROM email_sends GROUP BY la_code) e
              ON e.la_code = l.la_code
       ${where}
      ORDER BY l.la_code`,
    params,
  );
  return rows;
}

/** The SurveyJS JSON of a stored definition version (survey_definitions.definition->'survey'). */
export async function findDefinitionSurvey(q: Queryable, surveyId: string, version: number): Promise<Record<string, unknown> | null> {
  const { rows } = await q.query<{ survey: Record<string, unknown> | null; definition: Record<string, unknown> }>(
    `SELECT definition->'survey' AS survey, definition FROM survey_definitions WHERE survey_id = $1 AND version = $2`,
    [surveyId, version],
  );
  if (!rows[0]) return null;
  return rows[0].survey ?? rows[0].definition;
}

export interface ContributorRow {
  id: string;
  name: string;
  role: string;
  email: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  changes: number;
}

export async function listContributorsWithActivity(q: Queryable, laCode: string): Promise<ContributorRow[]> {
  const { rows } = await q.query<ContributorRow>(
    `SELECT c.id::text AS id, c.name, c.role, c.email, c.first_seen_at AS "firstSeenAt", c.last_seen_at AS "lastSeenAt",
            (SELECT count(*) FROM response_changes ch WHERE ch.contributor_id = c.id)::int AS changes
       FROM respondent_contributors c WHERE c.la_code = $1 ORDER BY c.last_seen_at DESC`,
    [laCode],
  );
  return rows;
}
