/** One response per LA (table from 002), its change log and events (003), and contributors. */
import type { Queryable } from "./queryable.ts";
import type { AppliedChange, FieldVersions, ResponseData } from "../domain/responses/merge.ts";
import type { SurveyJson } from "../domain/definitions/types.ts";
import { decodeOldValue, encodeOldValue } from "../domain/responses/change-encoding.ts";

export type ResponseStatus = "not_started" | "in_progress" | "submitted";

export interface StoredResponse {
  id: string;
  laCode: string;
  surveyId: string;
  definitionVersion: number;
  definitionHash: string;
  data: ResponseData;
  fieldVersions: FieldVersions;
  uiState: Record<string, unknown>;
  version: number;
  status: ResponseStatus;
  firstSavedAt: Date | null;
  lastSavedAt: Date | null;
  submittedAt: Date | null;
  submittedBy: string | null;
}

export const RESPONSE_COLUMNS = `id, la_code, survey_id, definition_version, definition_hash, data, field_versions, ui_state, version,
  status, first_saved_at, last_saved_at, submitted_at, submitted_by`;

export function toResponse(r: any): StoredResponse {
  return {
    id: String(r.id),
    laCode: r.la_code,
    surveyId: r.survey_id,
    definitionVersion: r.definition_version,
    definitionHash: r.definition_hash,
    data: r.data ?? {},
    fieldVersions: r.field_versions ?? {},
    uiState: r.ui_state ?? {},
    version: r.version,
    status: r.status,
    firstSavedAt: r.first_saved_at ? new Date(r.first_saved_at) : null,
    lastSavedAt: r.last_saved_at ? new Date(r.last_saved_at) : null,
    submittedAt: r.submitted_at ? new Date(r.submitted_at) : null,
    submittedBy: r.submitted_by ?? null,
  };
}

export async function findResponse(db: Queryable, laCode: string, forUpdate = false): Promise<StoredResponse | null> {
  const { rows } = await db.query(`SELECT ${RESPONSE_COLUMNS} FROM responses WHERE la_code = $1${forUpdate ? " FOR UPDATE" : ""}`, [laCode]);
  return rows[0] ? toResponse(rows[0]) : null;
}

export interface DefinitionRow {
  surveyId: string;
  version: number;
  hash: string;
  definition: unknown;
}

/** Register a definition version snapshot if it is not there yet (responses reference it). */
export async function ensureDefinitionRow(db: Queryable, d: DefinitionRow): Promise<void> {
  await db.query(
    `INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, $4)
     ON CONFLICT (survey_id, version) DO NOTHING`,
    [d.surveyId, d.version, d.hash, JSON.stringify(d.definition)],
  );
}

/** The SurveyJS JSON of a stored definition snapshot, or undefined. */
export async function findDefinitionSnapshot(db: Queryable, surveyId: string, version: number, hash: string): Promise<SurveyJson | undefined> {
  const { rows } = await db.query(
    "SELECT definition FROM survey_definitions WHERE survey_id = $1 AND version = $2 AND hash = $3",
    [surveyId, version, hash],
  );
  return rows[0]?.definition?.survey as SurveyJson | undefined;
}

/** Replace a response's whole data (admin repair), bumping its version and the repaired fields' versions. */
export async function replaceData(db: Queryable, id: string, r: { data: ResponseData; fieldVersions: FieldVersions; version: number }): Promise<void> {
  await db.query("UPDATE responses SET data = $2, field_versions = $3, version = $4 WHERE id = $1", [
    id,
    JSON.stringify(r.data),
    JSON.stringify(r.fieldVersions),
    r.version,
  ]);
}

/** The LA's response, created (empty, on the given definition version) if it does not exist yet. */
export async function findOrCreateResponse(
  db: Queryable,
  laCode: string,
  definition: { surveyId: string; version: number; hash: string },
): Promise<StoredResponse> {
  const existing = await findResponse(db, laCode);
  if (existing) return existing;
  await db.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash) VALUES ($1, $2, $3, $4)
     ON CONFLICT (la_code) DO NOTHING`,
    [laCode, definition.surveyId, definition.version, definition.hash],
  );
  const created = await findResponse(db, laCode);
  if (!created) throw new Error(`response for ${laCode} could not be created`);
  return created;
}

/** The change log's columns for unnest: old values of long text edits stored as the edit (change-encoding.ts). */
function changeLogColumns(changes: AppliedChange[]) {
  const questions: string[] = [];
  const oldValues: (string | null)[] = [];
  const newValues: (string | null)[] = [];
  const oldIsEdit: boolean[] = [];
  for (const c of changes) {
    const { stored, isEdit } = encodeOldValue(c.oldValue, c.newValue);
    questions.push(c.question);
    oldValues.push(stored === null || stored === undefined ? null : JSON.stringify(stored));
    newValues.push(c.newValue === null || c.newValue === undefined ? null : JSON.stringify(c.newValue));
    oldIsEdit.push(isEdit);
  }
  return { questions, oldValues, newValues, oldIsEdit };
}

/**
 * Optimistic, atomic save in ONE statement (its own transaction): update the response only if it is
 * still at `expectedVersion` and not submitted, upsert the contributor and append the change log.
 * Returns false (nothing written) when someone else saved first: re-read, re-merge, try again.
 */
export async function saveIfUnchanged(
  db: Queryable,
  r: {
    id: string;
    laCode: string;
    expectedVersion: number;
    /** The merged data; only `touchedKeys` of it are sent (the row is known to be at expectedVersion). */
    data: ResponseData;
    touchedKeys: string[];
    version: number;
    uiState?: Record<string, unknown>;
    contributor: ContributorRef;
    changes: AppliedChange[];
  },
): Promise<boolean> {
  const set: Record<string, unknown> = {};
  const remove: string[] = [];
  for (const k of r.touchedKeys) {
    if (Object.hasOwn(r.data, k)) set[k] = r.data[k];
    else remove.push(k);
  }
  const fieldVersions = Object.fromEntries(r.changes.map((c) => [c.question, r.version]));
  const log = changeLogColumns(r.changes);
  const { rows } = await db.query(
    `WITH upd AS (
       UPDATE responses SET
         data = (data - $3::text[]) || $4::jsonb,
         field_versions = field_versions || $13::jsonb,
         version = $5,
         ui_state = COALESCE($6::jsonb, ui_state),
         status = CASE WHEN status = 'not_started' THEN 'in_progress' ELSE status END,
         first_saved_at = COALESCE(first_saved_at, now()),
         last_saved_at = now()
       WHERE id = $1 AND version = $2 AND status <> 'submitted'
       RETURNING id
     ), keyed AS (
       UPDATE respondent_contributors SET last_seen_at = now()
        WHERE $16::text IS NOT NULL AND key_hash = $16 AND la_code = $7 AND EXISTS (SELECT 1 FROM upd)
       RETURNING id
     ), unkeyed AS (
       INSERT INTO respondent_contributors (la_code, name, role, email)
       SELECT $7, $8, $9, $15 WHERE EXISTS (SELECT 1 FROM upd) AND NOT EXISTS (SELECT 1 FROM keyed)
       ON CONFLICT (la_code, name, role) WHERE key_hash IS NULL DO UPDATE SET last_seen_at = now()
       RETURNING id
     ), who AS (
       SELECT id FROM keyed UNION ALL SELECT id FROM unkeyed
     ), log AS (
       INSERT INTO response_changes (response_id, version, question, old_value, new_value, contributor_id, source, old_is_edit)
       SELECT $1, $5, c.q, c.o, c.n, (SELECT id FROM who), 'respondent', c.e
         FROM unnest($10::text[], $11::jsonb[], $12::jsonb[], $14::boolean[]) AS c(q, o, n, e)
        WHERE EXISTS (SELECT 1 FROM upd)
       RETURNING 1
     )
     SELECT (SELECT count(*) FROM upd)::int AS updated, (SELECT count(*) FROM log)::int AS logged`,
    [
      r.id,
      r.expectedVersion,
      remove,
      JSON.stringify(set),
      r.version,
      r.uiState ? JSON.stringify(r.uiState) : null,
      r.laCode,
      r.contributor.name,
      r.contributor.role,
      log.questions,
      log.oldValues,
      log.newValues,
      JSON.stringify(fieldVersions),
      log.oldIsEdit,
      r.contributor.email ?? null,
      r.contributor.keyHash ?? null,
    ],
  );
  return rows[0].updated === 1;
}

/** Where the respondent is (last write wins; not versioned). */
export async function saveUiState(db: Queryable, id: string, uiState: Record<string, unknown>): Promise<void> {
  await db.query("UPDATE responses SET ui_state = $2 WHERE id = $1", [id, JSON.stringify(uiState)]);
}

export async function markSubmitted(
  db: Queryable,
  id: string,
  r: { data: ResponseData; fieldVersions: FieldVersions; version: number; submittedBy: string; contributorId: string },
): Promise<Date> {
  const { rows } = await db.query(
    `UPDATE responses SET data = $2, field_versions = $3, version = $4, status = 'submitted',
        submitted_at = now(), submitted_by = $5, submitted_by_contributor_id = $6
      WHERE id = $1 RETURNING submitted_at`,
    [id, JSON.stringify(r.data), JSON.stringify(r.fieldVersions), r.version, r.submittedBy, r.contributorId],
  );
  return new Date(rows[0].submitted_at);
}

export async function markReopened(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE responses SET status = CASE WHEN first_saved_at IS NULL THEN 'not_started' ELSE 'in_progress' END,
        submitted_at = NULL, submitted_by = NULL, submitted_by_contributor_id = NULL
      WHERE id = $1`,
    [id],
  );
}

export async function insertChanges(
  db: Queryable,
  responseId: string,
  version: number,
  changes: AppliedChange[],
  contributorId: string | null,
  source: "respondent" | "submit" | "repair",
): Promise<void> {
  if (changes.length === 0) return;
  // One statement for the whole save (unnest keeps the round trips at one).
  const log = changeLogColumns(changes);
  await db.query(
    `INSERT INTO response_changes (response_id, version, question, old_value, new_value, contributor_id, source, old_is_edit)
     SELECT $1, $2, q, o, n, $6, $7, e
       FROM unnest($3::text[], $4::jsonb[], $5::jsonb[], $8::boolean[]) AS c(q, o, n, e)`,
    [responseId, version, log.questions, log.oldValues, log.newValues, contributorId, source, log.oldIsEdit],
  );
}

export async function insertEvent(
  db: Queryable,
  responseId: string,
  e: { kind: "submitted" | "reopened" | "repaired"; contributorId?: string | null; actorUserId?: string | null; actorEmail?: string | null; reason?: string | null },
): Promise<void> {
  await db.query(
    `INSERT INTO response_events (response_id, kind, contributor_id, actor_user_id, actor_email, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [responseId, e.kind, e.contributorId ?? null, e.actorUserId ?? null, e.actorEmail ?? null, e.reason ?? null],
  );
}

export interface ChangeRow {
  version: number;
  question: string;
  oldValue: unknown;
  newValue: unknown;
  contributor: { name: string; role: string } | null;
  source: string;
  changedAt: Date;
}

export async function listChanges(db: Queryable, responseId: string): Promise<ChangeRow[]> {
  const { rows } = await db.query(
    `SELECT c.version, c.question, c.old_value, c.new_value, c.old_is_edit, c.source, c.changed_at, p.name, p.role
       FROM response_changes c LEFT JOIN respondent_contributors p ON p.id = c.contributor_id
      WHERE c.response_id = $1 ORDER BY c.id`,
    [responseId],
  );
  return rows.map((r) => ({
    version: r.version,
    question: r.question,
    oldValue: decodeOldValue(r.old_value, r.old_is_edit, r.new_value),
    newValue: r.new_value,
    contributor: r.name ? { name: r.name, role: r.role } : null,
    source: r.source,
    changedAt: new Date(r.changed_at),
  }));
}

export async function listEvents(db: Queryable, responseId: string): Promise<{ kind: string; at: Date; actorEmail: string | null }[]> {
  const { rows } = await db.query(
    "SELECT kind, at, actor_email FROM response_events WHERE response_id = $1 ORDER BY id",
    [responseId],
  );
  return rows.map((r) => ({ kind: r.kind, at: new Date(r.at), actorEmail: r.actor_email }));
}

// Contributors ---------------------------------------------------------------

/** Who is acting: their details, and the hash of the browser's contributor key when it has one. */
export interface ContributorRef {
  name: string;
  role: string;
  email?: string;
  keyHash?: string | null;
}

/**
 * The contributor acting: the person the browser's key stands for in this LA; else (a browser or
 * script without a key) the row of that name and role without a key, created with the e-mail given
 * when new (an existing row's e-mail is never changed from here).
 */
export async function upsertContributor(db: Queryable, laCode: string, c: ContributorRef): Promise<string> {
  if (c.keyHash) {
    const { rows } = await db.query("UPDATE respondent_contributors SET last_seen_at = now() WHERE key_hash = $1 AND la_code = $2 RETURNING id", [c.keyHash, laCode]);
    if (rows[0]) return String(rows[0].id);
  }
  const { rows } = await db.query(
    `INSERT INTO respondent_contributors (la_code, name, role, email) VALUES ($1, $2, $3, $4)
     ON CONFLICT (la_code, name, role) WHERE key_hash IS NULL DO UPDATE SET last_seen_at = now()
     RETURNING id`,
    [laCode, c.name, c.role, c.email ?? null],
  );
  return String(rows[0].id);
}

/** The details of the person a contributor key stands for in this LA (only they see their e-mail). */
export async function findKeyedContributor(db: Queryable, laCode: string, keyHash: string): Promise<{ id: string; name: string; role: string; email: string | null } | null> {
  const { rows } = await db.query("SELECT id, name, role, email FROM respondent_contributors WHERE key_hash = $1 AND la_code = $2", [keyHash, laCode]);
  const r = rows[0];
  return r ? { id: String(r.id), name: r.name, role: r.role, email: r.email } : null;
}

/** A new contributor for the person holding a new key. */
export async function insertKeyedContributor(db: Queryable, laCode: string, keyHash: string, c: { name: string; role: string; email: string | null }): Promise<string> {
  const { rows } = await db.query(
    "INSERT INTO respondent_contributors (la_code, name, role, email, key_hash) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    [laCode, c.name, c.role, c.email, keyHash],
  );
  return String(rows[0].id);
}

/** The person changed their details: the same row (so what they did before shows the new name). */
export async function updateKeyedContributor(db: Queryable, id: string, c: { name: string; role: string; email: string | null }): Promise<void> {
  await db.query("UPDATE respondent_contributors SET name = $2, role = $3, email = $4, last_seen_at = now() WHERE id = $1", [id, c.name, c.role, c.email]);
}

export type ContributorSummary = { name: string; role: string; lastSeenAt: string };
export type LastEdits = Record<string, { name: string; role: string; at: string }>;

/** The contributors of an LA, first seen first: one statement's text for a list and for a JSON column. */
const contributorsOf = (laCodeSql: string) => `FROM respondent_contributors p WHERE p.la_code = ${laCodeSql}`;
const CONTRIBUTOR_ORDER = "p.first_seen_at, p.id";

/** The last change of each field (change key) of a response, with who made it; `andSql` narrows the keys. */
const lastEditsOf = (responseIdSql: string, andSql = "") => `SELECT DISTINCT ON (c.question) c.question, p.name, p.role, c.changed_at AS at
       FROM response_changes c JOIN respondent_contributors p ON p.id = c.contributor_id
      WHERE c.response_id = ${responseIdSql}${andSql}
      ORDER BY c.question, c.id DESC`;

/**
 * The contributors of the LA `laCodeSql` names and the last edit of each field of the response
 * `responseIdSql` names, as two JSON columns (contributors, last_edits) of another statement: the
 * survey page's read of its response gets them in the same round trip as its link check.
 * Read them with contributorsFromJson / lastEditsFromJson; the same rows as listContributors / lastEdits.
 */
export function contributorsAndLastEditsSql(laCodeSql: string, responseIdSql: string): string {
  return `(SELECT COALESCE(json_agg(json_build_object('name', p.name, 'role', p.role, 'at', p.last_seen_at) ORDER BY ${CONTRIBUTOR_ORDER}), '[]')
            ${contributorsOf(laCodeSql)}) AS contributors,
          (SELECT COALESCE(json_agg(json_build_object('question', e.question, 'name', e.name, 'role', e.role, 'at', e.at) ORDER BY e.question), '[]')
             FROM (${lastEditsOf(responseIdSql)}) e) AS last_edits`;
}

/** Rows of either form (a JSON column's objects, or a statement's rows with `at` a Date) to what the service returns. */
export function contributorsFromJson(rows: { name: string; role: string; at: string | Date }[]): ContributorSummary[] {
  return rows.map((r) => ({ name: r.name, role: r.role, lastSeenAt: new Date(r.at).toISOString() }));
}

export function lastEditsFromJson(rows: { question: string; name: string; role: string; at: string | Date }[]): LastEdits {
  return Object.fromEntries(rows.map((r) => [r.question, { name: r.name, role: r.role, at: new Date(r.at).toISOString() }]));
}

export async function listContributors(db: Queryable, laCode: string): Promise<ContributorSummary[]> {
  const { rows } = await db.query(
    `SELECT p.name, p.role, p.last_seen_at AS at ${contributorsOf("$1")} ORDER BY ${CONTRIBUTOR_ORDER}`,
    [laCode],
  );
  return contributorsFromJson(rows);
}

/**
 * Who last changed each field (change key) of a response, and when; only the listed keys when `keys`
 * is given (a conflict or a save that brings colleagues' changes names who made them).
 */
export async function lastEdits(db: Queryable, responseId: string, keys?: string[]): Promise<LastEdits> {
  if (keys && keys.length === 0) return {};
  const { rows } = await db.query(
    lastEditsOf("$1", keys ? " AND c.question = ANY($2::text[])" : ""),
    keys ? [responseId, keys] : [responseId],
  );
  return lastEditsFromJson(rows);
}
