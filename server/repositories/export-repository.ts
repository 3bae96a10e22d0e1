/**
 * Reads for the research export, in batches so memory stays bounded whatever the
 * number of rows: responses by keyset pagination on la_code, the LA register with Ofsted and
 * context figures, counts by status. Personal data (contributor names, LA contacts) is only
 * selected when asked for.
 */
import { CONTEXT_INT_COLUMNS, CONTEXT_NUM_COLUMNS } from "../domain/reference-data/parse-reference-data.ts";
import type { CaseStudyRecord, LaRecord } from "../domain/exports/build-sheets.ts";
import { caseStudyRecordsForExport } from "./case-studies-repository.ts";
import type { Queryable } from "./queryable.ts";

export type ExportStatus = "submitted" | "all";

export interface ExportResponseRow {
  laCode: string;
  gssCode: string;
  laName: string;
  region: string;
  laType: string;
  status: string; // not_started when the LA has no response
  surveyId: string | null;
  definitionVersion: number | null;
  submittedAt: Date | null;
  lastSavedAt: Date | null;
  nContributors: number;
  data: Record<string, unknown>;
  contributors?: { name: string; role: string }[];
}

export const LA_CONTEXT_COLUMNS: readonly string[] = [...CONTEXT_INT_COLUMNS, ...CONTEXT_NUM_COLUMNS];

/** Responses counted by status over every LA of the register (LAs without a response count as not_started). */
export async function countResponsesByStatus(q: Queryable): Promise<Record<string, number>> {
  const { rows } = await q.query<{ status: string; n: number }>(
    `SELECT COALESCE(r.status, 'not_started') AS status, count(*)::int AS n
       FROM las l LEFT JOIN responses r ON r.la_code = l.la_code
      GROUP BY 1`,
  );
  const counts: Record<string, number> = { not_started: 0, in_progress: 0, submitted: 0 };
  for (const r of rows) counts[r.status] = Number(r.n);
  return counts;
}

/**
 * One row per LA in la_code order: with status "all" every LA of the register (not started = empty
 * data), with "submitted" only submitted responses. Fetched `batchSize` LAs at a time.
 */
export async function* responsesForExport(
  q: Queryable,
  opts: { status: ExportStatus; includePersonal: boolean; batchSize?: number },
): AsyncGenerator<ExportResponseRow> {
  const batchSize = opts.batchSize ?? 100;
  let after = "";
  for (;;) {
    const { rows } = await q.query(
      `SELECT l.la_code, l.gss_code, l.name, l.region, l.la_type,
              COALESCE(r.status, 'not_started') AS status, r.survey_id, r.definition_version,
              r.submitted_at, r.last_saved_at, COALESCE(r.data, '{}'::jsonb) AS data,
              (SELECT count(*)::int FROM respondent_contributors c WHERE c.la_code = l.la_code) AS n_contributors
              ${opts.includePersonal ? `, (SELECT COALESCE(json_agg(json_build_object('name', c.name, 'role', c.role) ORDER BY c.first_seen_at, c.id), '[]'::json)
                   FROM respondent_contributors c WHERE c.la_code = l.la_code) AS contributors` : ""}
         FROM las l LEFT JOIN responses r ON r.la_code = l.la_code
        WHERE l.la_code > $1 ${opts.status === "submitted" ? "AND r.status = 'submitted'" : ""}
        ORDER BY l.la_code
        LIMIT $2`,
      [after, batchSize],
    );
    for (const r of rows) {
      yield {
        laCode: r.la_code,
        gssCode: r.gss_code,
        laName: r.name,
        region: r.region,
        laType: r.la_type,
        status: r.status,
        surveyId: r.survey_id ?? null,
        definitionVersion: r.definition_version ?? null,
        submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
        lastSavedAt: r.last_saved_at ? new Date(r.last_saved_at) : null,
        nContributors: Number(r.n_contributors ?? 0),
        data: typeof r.data === "string" ? JSON.parse(r.data) : (r.data ?? {}),
        ...(opts.includePersonal ? { contributors: typeof r.contributors === "string" ? JSON.parse(r.contributors) : (r.contributors ?? []) } : {}),
      };
    }
    if (rows.length < batchSize) return;
    after = rows[rows.length - 1].la_code;
  }
}

/** The LA register with the latest Ofsted judgement, the latest year of context figures and the response status. */
export async function lasForExport(q: Queryable, opts: { includePersonal: boolean }): Promise<LaRecord[]> {
  const ctx = LA_CONTEXT_COLUMNS.map((c) => `x.${c}`).join(", ");
  const { rows } = await q.query(
    `SELECT l.la_code, l.gss_code, l.name, l.region, l.la_type,
            COALESCE(r.status, 'not_started') AS status, r.submitted_at,
            o.inspection_date::text AS inspection_date, o.overall_effectiveness, o.leaders, o.help_and_protection,
            o.children_in_care, o.care_leavers,
            x.year AS context_year, ${ctx}
            ${opts.includePersonal ? `, (SELECT COALESCE(json_agg(json_build_object('name', c.name, 'email', c.email, 'role', c.role) ORDER BY c.created_at, c.id), '[]'::json)
                 FROM la_contacts c WHERE c.la_code = l.la_code AND c.erased_at IS NULL AND c.is_active) AS contacts` : ""}
       FROM las l
       LEFT JOIN responses r ON r.la_code = l.la_code
       LEFT JOIN ofsted_judgements o ON o.la_code = l.la_code
       LEFT JOIN LATERAL (SELECT * FROM la_context c WHERE c.la_code = l.la_code ORDER BY c.year DESC LIMIT 1) x ON true
      ORDER BY l.la_code`,
  );
  return rows.map((r) => ({
    laCode: r.la_code,
    gssCode: r.gss_code,
    name: r.name,
    region: r.region,
    laType: r.la_type,
    responseStatus: r.status,
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    ofsted: {
      inspectionDate: r.inspection_date ?? null,
      overallEffectiveness: r.overall_effectiveness ?? null,
      leaders: r.leaders ?? null,
      helpAndProtection: r.help_and_protection ?? null,
      childrenInCare: r.children_in_care ?? null,
      careLeavers: r.care_leavers ?? null,
    },
    contextYear: r.context_year ?? null,
    context: Object.fromEntries(LA_CONTEXT_COLUMNS.map((c) => [c, r[c] === null || r[c] === undefined ? null : Number(r[c])])),
    ...(opts.includePersonal ? { contacts: typeof r.contacts === "string" ? JSON.parse(r.contacts) : (r.contacts ?? []) } : {}),
  }));
}

/** Saved case-study selections (every pick and reserve) for the "Case studies" sheet (case-studies repository). */
export function caseStudiesForExport(q: Queryable): Promise<CaseStudyRecord[]> {
  return caseStudyRecordsForExport(q);
}
