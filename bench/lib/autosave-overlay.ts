/**
 * Bench only (issue 19): the autosave statement of server/repositories/autosave-repository.ts
 * rewritten for an "overlay" storage shape, to measure it over HTTP through the real PATCH path
 * before any reader is migrated. Nothing in server/ uses this file.
 *
 * The shape: answers changed since the last compaction live in `response_fields`, one row per
 * top-level key of `responses.data` (a question, a comment, or a whole matrix), with the field
 * versions of the keys under that top in the same row. A row whose value is NULL stands for a key
 * removed from `data`. Readers see `data` with the overlay applied (the view `responses_overlaid`);
 * compaction (folding the rows into `data` on submit) is not built here.
 *
 * A save reads the stored values and field versions from document + overlay, writes only the touched
 * overlay rows (one upsert per touched top), and still bumps `responses.version` (and ui_state,
 * status, saved times) on the response row, whose TOASTed `data` and `field_versions` are left as
 * they are. Same verdicts as the real statement: conflicts with the stored value, needsOld for long
 * texts, the change log, the contributor upsert.
 *
 * One thing the document shape gets for free and this one does not: after waiting for a colleague's
 * row lock, READ COMMITTED re-reads the locked `responses` row, but the overlay rows are read with the
 * statement's snapshot, which misses the colleague's save. The statement detects this (the locked
 * version differs from the one its snapshot sees), writes nothing, and answers "changes, not saved",
 * which the service already treats as "try again" (a new statement, a new snapshot).
 */
import type pg from "pg";
import { Autosaver } from "../../server/services/autosave-service.ts";
import type { AutosaveInput, AutosaveRow } from "../../server/repositories/autosave-repository.ts";
import { CONTRIBUTOR_CTES, autosaveRowFrom, autosaveStatement } from "../../server/repositories/autosave-repository.ts";

export const OVERLAY_SETUP = `
CREATE TABLE IF NOT EXISTS response_fields (
  response_id bigint NOT NULL REFERENCES responses (id) ON DELETE CASCADE,
  top text NOT NULL,
  value jsonb,
  versions jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (response_id, top)
);
CREATE OR REPLACE VIEW responses_overlaid AS
SELECT r.id, r.la_code, r.version,
       (r.data - COALESCE((SELECT array_agg(o.top) FROM response_fields o WHERE o.response_id = r.id AND o.value IS NULL), '{}'::text[]))
         || COALESCE((SELECT jsonb_object_agg(o.top, o.value) FROM response_fields o WHERE o.response_id = r.id AND o.value IS NOT NULL), '{}'::jsonb) AS data,
       r.field_versions
         || COALESCE((SELECT jsonb_object_agg(e.key, e.value) FROM response_fields o, jsonb_each(o.versions) e WHERE o.response_id = r.id), '{}'::jsonb) AS field_versions
  FROM responses r;
`;

const OLD_TEXT_MIN_CODE_POINTS = 100;

function sql(by: "token" | "session"): string {
  const source = by === "token" ? "respondent_tokens t" : "respondent_sessions s JOIN respondent_tokens t ON t.id = s.token_id";
  const match = by === "token" ? "t.token_hash = $1" : "s.session_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()";
  return `WITH tok AS (
  SELECT t.id, t.la_code, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
    FROM ${source}
   WHERE ${match} AND t.revoked_at IS NULL AND t.expires_at > now()
), touched_token AS (
  UPDATE respondent_tokens SET last_used_at = now() WHERE id IN (SELECT id FROM tok WHERE stale) RETURNING 1
), snap AS (
  -- the row as this statement's snapshot sees it (no lock): the overlay rows are read at this snapshot
  SELECT r.version FROM responses r WHERE r.la_code = (SELECT la_code FROM tok)
), cur AS (
  SELECT r.id, r.version, r.status, r.data || '{}'::jsonb AS data, r.field_versions || '{}'::jsonb AS field_versions,
         r.survey_id, r.definition_version, r.definition_hash,
         (r.survey_id = $3 AND r.definition_version = $4 AND r.definition_hash = $5) AS same_definition
    FROM responses r
   WHERE r.la_code = (SELECT la_code FROM tok)
     FOR NO KEY UPDATE
), fresh AS (
  -- false when the lock waited for a colleague's save: the overlay rows read below would miss it
  SELECT cur.version = (SELECT version FROM snap) AS ok FROM cur
), tops AS (
  -- the stored value of each touched top: its overlay row if it has one, else the document's
  SELECT DISTINCT ON (t.top) t.top, o.top IS NOT NULL AS in_overlay,
         CASE WHEN o.top IS NOT NULL THEN o.value ELSE cur.data -> t.top END AS val, o.versions
    FROM cur CROSS JOIN unnest($7::text[]) AS t(top)
    LEFT JOIN response_fields o ON o.response_id = cur.id AND o.top = t.top
), ch AS (
  SELECT c.ord, c.k, c.top, c.rw, c.val, c.guess, c.enc, c.is_edit, c.long_new,
         NULLIF(CASE WHEN c.rw IS NULL THEN tp.val
                     WHEN jsonb_typeof(tp.val) = 'object' THEN tp.val -> c.rw END, 'null'::jsonb) AS old,
         COALESCE((tp.versions ->> c.k)::int, (cur.field_versions ->> c.k)::int, 0) AS at
    FROM cur, unnest($6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::jsonb[], $12::boolean[], $13::boolean[])
              WITH ORDINALITY AS c(k, top, rw, val, guess, enc, is_edit, long_new, ord)
    JOIN tops tp ON tp.top = c.top
), judged AS (
  SELECT ch.*,
         ch.old IS NOT DISTINCT FROM ch.val AS same,
         (ch.at > $2 AND ch.old IS DISTINCT FROM ch.val) AS conflict,
         (ch.long_new AND ch.old IS DISTINCT FROM ch.val AND jsonb_typeof(ch.old) = 'string'
            AND length(ch.old #>> '{}') >= ${OLD_TEXT_MIN_CODE_POINTS} AND ch.guess IS DISTINCT FROM ch.old) AS needs_old,
         (ch.guess IS NOT NULL AND ch.guess = ch.old) AS encoded
    FROM ch
), verdict AS (
  SELECT cur.id, cur.version,
         (cur.status <> 'submitted' AND cur.same_definition AND $2 <= cur.version AND (SELECT ok FROM fresh)
            AND NOT EXISTS (SELECT 1 FROM judged WHERE conflict OR needs_old)) AS ok,
         EXISTS (SELECT 1 FROM judged WHERE NOT same) AS changes
    FROM cur
), applied AS (
  SELECT j.* FROM judged j, verdict v WHERE v.ok AND NOT j.same
), row_tops AS (
  SELECT top, array_agg(rw) FILTER (WHERE val IS NULL) AS cleared, jsonb_object_agg(rw, val) FILTER (WHERE val IS NOT NULL) AS setv
    FROM applied WHERE rw IS NOT NULL GROUP BY top
), new_tops AS (
  SELECT top, val FROM applied WHERE rw IS NULL
  UNION ALL
  SELECT t.top, NULLIF((CASE WHEN jsonb_typeof(tp.val) = 'object' THEN tp.val ELSE '{}'::jsonb END
                        - COALESCE(t.cleared, '{}'::text[])) || COALESCE(t.setv, '{}'::jsonb), '{}'::jsonb)
    FROM row_tops t JOIN tops tp ON tp.top = t.top
), upd AS (
  -- the response row without its documents: version, ui_state, status and times only
  UPDATE responses r SET
    version = r.version + CASE WHEN v.changes THEN 1 ELSE 0 END,
    ui_state = COALESCE($17::jsonb, r.ui_state),
    status = CASE WHEN v.changes AND r.status = 'not_started' THEN 'in_progress' ELSE r.status END,
    first_saved_at = CASE WHEN v.changes THEN COALESCE(r.first_saved_at, now()) ELSE r.first_saved_at END,
    last_saved_at = CASE WHEN v.changes THEN now() ELSE r.last_saved_at END
   FROM verdict v
  WHERE r.id = v.id AND r.version = v.version AND v.ok AND (v.changes OR $17::jsonb IS NOT NULL)
  RETURNING r.version
), overlay AS (
  -- one upsert per touched top: its new value (NULL: removed) and the versions of the keys saved in it
  INSERT INTO response_fields (response_id, top, value, versions)
  SELECT v.id, n.top, n.val, (SELECT jsonb_object_agg(a.k, v.version + 1) FROM applied a WHERE a.top = n.top)
    FROM new_tops n, verdict v
   WHERE EXISTS (SELECT 1 FROM upd)
  ON CONFLICT (response_id, top) DO UPDATE SET value = EXCLUDED.value, versions = response_fields.versions || EXCLUDED.versions
  RETURNING 1
), saving AS (
  SELECT 1 FROM verdict v WHERE v.changes AND EXISTS (SELECT 1 FROM upd)
), ${CONTRIBUTOR_CTES}), log AS (
  INSERT INTO response_changes (response_id, version, question, old_value, new_value, contributor_id, source, old_is_edit)
  SELECT v.id, v.version + 1, a.k, CASE WHEN a.encoded THEN a.enc ELSE a.old END, a.val, (SELECT id FROM who), 'respondent',
         a.encoded AND a.is_edit
    FROM applied a, verdict v
   WHERE EXISTS (SELECT 1 FROM upd)
   ORDER BY a.ord
  RETURNING 1
), all_versions AS (
  -- only when colleagues saved since the base version: every field version, document + overlay
  SELECT cur.field_versions
         || COALESCE((SELECT jsonb_object_agg(e.key, e.value) FROM response_fields o, jsonb_each(o.versions) e WHERE o.response_id = cur.id), '{}'::jsonb) AS fv
    FROM cur WHERE $2 < cur.version
), upd_keys AS (
  SELECT f.key FROM all_versions, jsonb_each_text(all_versions.fv) f
   WHERE f.value::int > $2 AND NOT (f.key = ANY ($6::text[]))
), edited AS (
  SELECT DISTINCT ON (c.question) c.question, p.name, p.role, c.changed_at
    FROM cur, response_changes c JOIN respondent_contributors p ON p.id = c.contributor_id
   WHERE c.response_id = cur.id AND c.version > $2
     AND (c.question IN (SELECT key FROM upd_keys) OR c.question IN (SELECT k FROM judged WHERE conflict))
   ORDER BY c.question, c.id DESC
), upd_tops AS (
  SELECT DISTINCT array_to_string(u.parts[1:i], '.') AS top
    FROM (SELECT string_to_array(key, '.') AS parts FROM upd_keys) u, generate_series(1, cardinality(u.parts)) i
), upd_vals AS (
  SELECT t.top, CASE WHEN o.top IS NOT NULL THEN o.value ELSE c.data -> t.top END AS val
    FROM upd_tops t CROSS JOIN cur c LEFT JOIN response_fields o ON o.response_id = c.id AND o.top = t.top
)
SELECT tok.la_code, cur.id AS response_id, cur.id IS NOT NULL AS has_response, cur.status, cur.version,
       cur.survey_id, cur.definition_version, cur.definition_hash, cur.same_definition,
       (SELECT version FROM upd) AS saved_version,
       (SELECT count(*) FROM log)::int AS logged,
       (SELECT count(*) FROM overlay)::int AS overlay_rows,
       (SELECT count(*) FROM keyed_seen)::int AS seen,
       NOT COALESCE((SELECT ok FROM fresh), true) AS stale,
       (SELECT jsonb_object_agg(question, jsonb_build_object('name', name, 'role', role, 'at', changed_at)) FROM edited) AS edited_by,
       v.changes,
       (SELECT jsonb_agg(jsonb_build_array(k, old) ORDER BY ord) FROM judged WHERE conflict) AS conflicts,
       (SELECT jsonb_agg(jsonb_build_array(k, old) ORDER BY ord) FROM judged WHERE needs_old) AS needs_old,
       (SELECT jsonb_agg(key) FROM upd_keys) AS update_keys,
       (SELECT jsonb_object_agg(top, val) FROM upd_vals WHERE val IS NOT NULL) AS update_tops
  FROM tok LEFT JOIN cur ON true LEFT JOIN verdict v ON true`;
}

const STATEMENTS = { token: sql("token"), session: sql("session") };

/** How many saves found the row changed after their snapshot (answered "try again"). */
export const overlayCounters = { stale: 0 };
const STALE_RETRIES = 20;

/** The overlay statement, with the real statement's parameters; the same row type as autosaveByCredential. */
export async function autosaveOverlay(db: pg.Pool, input: AutosaveInput, opts: { prepared?: boolean } = {}): Promise<AutosaveRow> {
  const { values } = autosaveStatement(input);
  const text = STATEMENTS[input.by];
  const query = () => (opts.prepared ? db.query({ name: `autosave_overlay_by_${input.by}_v1`, text, values }) : db.query(text, values));
  // The overlay was read at a snapshot older than the locked row: nothing was written; run it again
  // (a new snapshot). Here and not in the service: after 3 "not saved" answers the service falls back
  // to the usual path, which reads and writes the document only (not migrated to the overlay).
  let { rows } = await query();
  for (let i = 0; i < STALE_RETRIES && rows[0]?.stale; i++) {
    overlayCounters.stale++;
    ({ rows } = await query());
  }
  const r = rows[0];
  if (!r) return { found: false };
  if (r.stale) {
    // still behind colleagues: the service tries again when a save with changes was not saved
    overlayCounters.stale++;
    return {
      found: true, laCode: r.la_code, responseId: String(r.response_id), hasResponse: true, status: r.status, version: r.version,
      definition: { surveyId: r.survey_id, version: r.definition_version, hash: r.definition_hash }, sameDefinition: r.same_definition === true,
      savedVersion: null, conflicts: [], needsOld: [], changes: true, updateKeys: [], updateTops: {}, editedBy: {},
    };
  }
  return autosaveRowFrom(r);
}

/**
 * Serve every Autosaver of this process with the overlay statement instead of the real one. Bench
 * only: it replaces the (TypeScript-private) method through which the service runs its statement, so
 * the rest of the PATCH path (route, checks, merge verdicts, 409 bodies) is the real code. Call it in
 * a process of its own before building the app.
 */
export function swapInOverlayStatement(): void {
  const proto = Autosaver.prototype as unknown as { run: (input: AutosaveInput) => Promise<AutosaveRow> };
  proto.run = async function (this: { pool: pg.Pool; opts: { prepared?: boolean } }, input: AutosaveInput) {
    return autosaveOverlay(this.pool, input, { prepared: this.opts.prepared });
  };
}
