/**
 * Autosave in ONE statement (one round trip, its own transaction): find the live link (or browser
 * session) by its hash, lock the LA's response row, check the field versions of just the touched
 * fields, write just those fields (jsonb `-` / `||` on their top-level keys), bump the version,
 * find the contributor (by the browser's key, else by name and role) and append the change log. The service never reads, parses or re-sends
 * the whole response.
 *
 * The row lock (`FOR NO KEY UPDATE` in the first CTE) makes concurrent saves of one LA queue: a save
 * that waited gets the row as the colleague left it (READ COMMITTED re-reads a row it had to wait
 * for), so it merges against their fields instead of failing and retrying. It is the lock an UPDATE
 * of non-key columns takes: `FOR UPDATE` would also wait for every open transaction that inserted a
 * row referencing the response (scores being recomputed, FOR KEY SHARE), seconds under load.
 *
 * Nothing is written when the verdict is not ok: unknown link (no row at all), no response yet,
 * submitted, If-Match newer than stored, a conflict, a response on another definition version than
 * the one the changes were checked against, or a long text edit whose old text the caller must
 * encode first (see `needsOld`).
 */
import type pg from "pg";
import { lastEditsFromJson } from "./responses-repository.ts";

export interface AutosaveField {
  /** Change key, e.g. "q", "q-Comment", "m.row" (the key of field_versions and the change log). */
  key: string;
  /** Top-level key of `data` holding the field ("q", "q-Comment" or "m"). */
  top: string;
  /** Matrix row within `top`, or undefined. */
  row?: string;
  /** New value; null clears. */
  value: unknown;
  /**
   * Set when the new value is a long text (the change log stores the old text as an edit): the old
   * text the caller encoded, and its encoding. Used only when the stored value is exactly `oldText`.
   */
  edit?: { oldText: string; stored: unknown; isEdit: boolean };
  /** The new value is a text long enough that an old text must be encoded as an edit. */
  longText: boolean;
}

export interface AutosaveInput {
  credentialHash: string;
  by: "token" | "session";
  baseVersion: number;
  definition: { surveyId: string; version: number; hash: string };
  fields: AutosaveField[];
  /** keyHash: the hash of the browser's contributor key, when it has one */
  contributor: { name: string; role: string; email?: string; keyHash?: string | null };
  uiState?: Record<string, unknown>;
}

export type AutosaveRow =
  | { found: false }
  | {
      found: true;
      laCode: string;
      responseId: string | null;
      /** No response row yet (the caller creates it the slow way). */
      hasResponse: boolean;
      status: string | null;
      /** The stored version before this save. */
      version: number;
      definition: { surveyId: string; version: number; hash: string } | null;
      sameDefinition: boolean;
      /** The version after the save when it wrote (changes or only uiState); null when nothing was written. */
      savedVersion: number | null;
      /** Fields changed since the base version to another value: [key, stored value]. */
      conflicts: [string, unknown][];
      /** Long text fields whose stored old text the caller must encode first: [key, stored text]. */
      needsOld: [string, unknown][];
      /** Whether any field changes (not all equal to what is stored). */
      changes: boolean;
      /** Keys others changed after the base version (not in this save). */
      updateKeys: string[];
      /** The top-level values holding those keys (for reading them with the structure). */
      updateTops: Record<string, unknown>;
      /**
       * Who last changed each conflicting or updated field, as far as this statement could see: a
       * colleague's save it waited for (row lock) committed after its snapshot, so theirs are missing.
       */
      editedBy: Record<string, { name: string; role: string; at: string }>;
    };

/**
 * Below this many characters (code points, at most two UTF-16 units each) the stored old text is
 * shorter than change-encoding's 200 UTF-16 units, so it is stored as it is without the caller.
 */
const OLD_TEXT_MIN_CODE_POINTS = 100;

/** How stale a contributor's last_seen_at may get before a save moves it (retention counts in days). */
const SEEN_EVERY = "interval '1 minute'";

/**
 * The statement's contributor CTEs (keyed_row … who): who made this save, found by the browser's
 * key, else by name and role, created when new. They need the CTEs `tok` and `saving` and parameters
 * $14-$16 and $18; the bench's overlay statement (bench/lib/autosave-overlay.ts) shares them.
 */
export const CONTRIBUTOR_CTES = `keyed_row AS (
  -- the person this browser's contributor key stands for (their own row, in this LA)
  SELECT c.id, c.last_seen_at < now() - ${SEEN_EVERY} AS stale FROM respondent_contributors c
   WHERE $18::text IS NOT NULL AND c.key_hash = $18 AND c.la_code = (SELECT la_code FROM tok) AND EXISTS (SELECT 1 FROM saving)
), keyed_seen AS (
  -- last_seen_at moves at most once a minute: rewriting the row on every save cost a row version each
  UPDATE respondent_contributors SET last_seen_at = now() WHERE id IN (SELECT id FROM keyed_row WHERE stale)
  RETURNING id
), fresh_row AS (
  -- a browser without a key, seen within the minute: the row of that name and role without a key
  SELECT c.id FROM respondent_contributors c
   WHERE c.la_code = (SELECT la_code FROM tok) AND c.name = $14 AND c.role = $15 AND c.key_hash IS NULL
     AND c.last_seen_at >= now() - ${SEEN_EVERY} AND EXISTS (SELECT 1 FROM saving) AND NOT EXISTS (SELECT 1 FROM keyed_row)
), unkeyed AS (
  -- otherwise that row, created or touched (a new row's e-mail is kept; an existing row's is never
  -- changed from here)
  INSERT INTO respondent_contributors (la_code, name, role, email)
  SELECT (SELECT la_code FROM tok), $14, $15, $16
   WHERE EXISTS (SELECT 1 FROM saving) AND NOT EXISTS (SELECT 1 FROM keyed_row) AND NOT EXISTS (SELECT 1 FROM fresh_row)
  ON CONFLICT (la_code, name, role) WHERE key_hash IS NULL DO UPDATE SET last_seen_at = now()
  RETURNING id
), who AS (
  SELECT id FROM keyed_row UNION ALL SELECT id FROM fresh_row UNION ALL SELECT id FROM unkeyed
`;

function sql(by: "token" | "session"): string {
  const source = by === "token" ? "respondent_tokens t" : "respondent_sessions s JOIN respondent_tokens t ON t.id = s.token_id";
  const match = by === "token" ? "t.token_hash = $1" : "s.session_hash = $1 AND s.ended_at IS NULL AND s.expires_at > now()";
  return `WITH tok AS (
  SELECT t.id, t.la_code, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '10 minutes') AS stale
    FROM ${source}
   WHERE ${match} AND t.revoked_at IS NULL AND t.expires_at > now()
), touched_token AS (
  UPDATE respondent_tokens SET last_used_at = now() WHERE id IN (SELECT id FROM tok WHERE stale) RETURNING 1
), cur AS (
  -- "|| '{}'" hands on the documents decompressed once: every later use would fetch and
  -- decompress the stored (TOASTed) value again
  SELECT r.id, r.version, r.status, r.data || '{}'::jsonb AS data, r.field_versions || '{}'::jsonb AS field_versions,
         r.survey_id, r.definition_version, r.definition_hash,
         (r.survey_id = $3 AND r.definition_version = $4 AND r.definition_hash = $5) AS same_definition
    FROM responses r
   WHERE r.la_code = (SELECT la_code FROM tok)
     FOR NO KEY UPDATE
), ch AS (
  SELECT c.ord, c.k, c.top, c.rw, c.val, c.guess, c.enc, c.is_edit, c.long_new,
         NULLIF(CASE WHEN c.rw IS NULL THEN cur.data -> c.top
                     WHEN jsonb_typeof(cur.data -> c.top) = 'object' THEN cur.data -> c.top -> c.rw END, 'null'::jsonb) AS old,
         COALESCE((cur.field_versions ->> c.k)::int, 0) AS at
    FROM cur, unnest($6::text[], $7::text[], $8::text[], $9::jsonb[], $10::jsonb[], $11::jsonb[], $12::boolean[], $13::boolean[])
              WITH ORDINALITY AS c(k, top, rw, val, guess, enc, is_edit, long_new, ord)
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
         (cur.status <> 'submitted' AND cur.same_definition AND $2 <= cur.version
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
  SELECT t.top, NULLIF((CASE WHEN jsonb_typeof(cur.data -> t.top) = 'object' THEN cur.data -> t.top ELSE '{}'::jsonb END
                        - COALESCE(t.cleared, '{}'::text[])) || COALESCE(t.setv, '{}'::jsonb), '{}'::jsonb)
    FROM row_tops t, cur
), upd AS (
  UPDATE responses r SET
    data = CASE WHEN v.changes
                THEN (c.data - COALESCE((SELECT array_agg(top) FROM new_tops WHERE val IS NULL), '{}'::text[]))
                     || COALESCE((SELECT jsonb_object_agg(top, val) FROM new_tops WHERE val IS NOT NULL), '{}'::jsonb)
                ELSE r.data END,
    field_versions = CASE WHEN v.changes THEN c.field_versions || (SELECT jsonb_object_agg(k, v.version + 1) FROM applied)
                          ELSE r.field_versions END,
    version = r.version + CASE WHEN v.changes THEN 1 ELSE 0 END,
    ui_state = COALESCE($17::jsonb, r.ui_state),
    status = CASE WHEN v.changes AND r.status = 'not_started' THEN 'in_progress' ELSE r.status END,
    first_saved_at = CASE WHEN v.changes THEN COALESCE(r.first_saved_at, now()) ELSE r.first_saved_at END,
    last_saved_at = CASE WHEN v.changes THEN now() ELSE r.last_saved_at END
   FROM verdict v, cur c
  WHERE r.id = v.id AND c.id = v.id AND r.version = v.version AND v.ok AND (v.changes OR $17::jsonb IS NOT NULL)
  RETURNING r.version
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
), upd_keys AS (
  SELECT f.key FROM cur, jsonb_each_text(cur.field_versions) f
   WHERE $2 < cur.version AND f.value::int > $2 AND NOT (f.key = ANY ($6::text[]))
), edited AS (
  -- who last changed the fields a colleague changed since the base version (conflicts and updates)
  SELECT DISTINCT ON (c.question) c.question, p.name, p.role, c.changed_at
    FROM cur, response_changes c JOIN respondent_contributors p ON p.id = c.contributor_id
   WHERE c.response_id = cur.id AND c.version > $2
     AND (c.question IN (SELECT key FROM upd_keys) OR c.question IN (SELECT k FROM judged WHERE conflict))
   ORDER BY c.question, c.id DESC
), upd_tops AS (
  SELECT DISTINCT array_to_string(u.parts[1:i], '.') AS top
    FROM (SELECT string_to_array(key, '.') AS parts FROM upd_keys) u, generate_series(1, cardinality(u.parts)) i
)
SELECT tok.la_code, cur.id AS response_id, cur.id IS NOT NULL AS has_response, cur.status, cur.version,
       cur.survey_id, cur.definition_version, cur.definition_hash, cur.same_definition,
       (SELECT version FROM upd) AS saved_version,
       (SELECT count(*) FROM log)::int AS logged,
       (SELECT count(*) FROM keyed_seen)::int AS seen,
       (SELECT jsonb_object_agg(question, jsonb_build_object('name', name, 'role', role, 'at', changed_at)) FROM edited) AS edited_by,
       v.changes,
       (SELECT jsonb_agg(jsonb_build_array(k, old) ORDER BY ord) FROM judged WHERE conflict) AS conflicts,
       (SELECT jsonb_agg(jsonb_build_array(k, old) ORDER BY ord) FROM judged WHERE needs_old) AS needs_old,
       (SELECT jsonb_agg(key) FROM upd_keys) AS update_keys,
       (SELECT jsonb_object_agg(t.top, c.data -> t.top) FROM upd_tops t, cur c WHERE c.data ? t.top) AS update_tops
  FROM tok LEFT JOIN cur ON true LEFT JOIN verdict v ON true`;
}

const STATEMENTS = { token: sql("token"), session: sql("session") };

const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

/** The statement and its parameters (exported for EXPLAIN in benchmarks). */
export function autosaveStatement(input: AutosaveInput): { text: string; values: unknown[] } {
  const f = input.fields;
  return { text: STATEMENTS[input.by], values: [
    input.credentialHash,
    input.baseVersion,
    input.definition.surveyId,
    input.definition.version,
    input.definition.hash,
    f.map((x) => x.key),
    f.map((x) => x.top),
    f.map((x) => x.row ?? null),
    f.map((x) => json(x.value)),
    f.map((x) => (x.edit ? JSON.stringify(x.edit.oldText) : null)),
    f.map((x) => (x.edit ? json(x.edit.stored) : null)),
    f.map((x) => x.edit?.isEdit ?? false),
    f.map((x) => x.longText),
    input.contributor.name,
    input.contributor.role,
    input.contributor.email ?? null,
    input.uiState ? JSON.stringify(input.uiState) : null,
    input.contributor.keyHash ?? null,
  ] };
}

/**
 * `prepared`: run it as a named prepared statement (parsed and planned once per connection; its
 * planning is a large part of its cost). Only on a PostgreSQL server: the embedded database serves
 * every connection from one backend, where two connections preparing one name would collide.
 */
export async function autosaveByCredential(db: pg.Pool, input: AutosaveInput, opts: { prepared?: boolean } = {}): Promise<AutosaveRow> {
  const { text, values } = autosaveStatement(input);
  const { rows } = opts.prepared ? await db.query({ name: `autosave_by_${input.by}_v4`, text, values }) : await db.query(text, values);
  return autosaveRowFrom(rows[0]);
}

/** The statement's one row (or none: an unknown link) as the caller's AutosaveRow. */
export function autosaveRowFrom(r: pg.QueryResultRow | undefined): AutosaveRow {
  if (!r) return { found: false };
  return {
    found: true,
    laCode: r.la_code,
    responseId: r.response_id == null ? null : String(r.response_id),
    hasResponse: r.has_response,
    status: r.status ?? null,
    version: r.version ?? 0,
    definition: r.has_response ? { surveyId: r.survey_id, version: r.definition_version, hash: r.definition_hash } : null,
    sameDefinition: r.same_definition === true,
    savedVersion: r.saved_version ?? null,
    conflicts: r.conflicts ?? [],
    needsOld: r.needs_old ?? [],
    changes: r.changes === true,
    updateKeys: r.update_keys ?? [],
    updateTops: r.update_tops ?? {},
    editedBy: lastEditsFromJson(
      Object.entries((r.edited_by ?? {}) as Record<string, { name: string; role: string; at: string }>).map(([question, e]) => ({ question, ...e })),
    ),
  };
}
