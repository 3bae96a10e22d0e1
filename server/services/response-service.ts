/**
 * Saving, submitting and reopening an LA's response. Each write is ONE short transaction using only
 * its client (PGlite deadlocks otherwise); callers acknowledge only after it committed.
 * Expensive work (survey-core at submit) runs before the transaction, and is redone if the
 * response changed meanwhile.
 */
import type pg from "pg";
import { AppError, notFound } from "../domain/errors.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { checkChanges } from "../domain/responses/structure.ts";
import { splitReadable } from "../domain/responses/readable-data.ts";
import { diffFields, mergeChanges, type Conflict, type FieldVersions } from "../domain/responses/merge.ts";
import { validateSubmission, type ValidateFn } from "./submit-validator.ts";
import {
  findResponse,
  insertChanges,
  insertEvent,
  lastEdits,
  listChanges,
  listEvents,
  markReopened,
  markSubmitted,
  saveIfUnchanged,
  saveUiState,
  upsertContributor,
  type ContributorRef,
  type StoredResponse,
} from "../repositories/responses-repository.ts";
import type { DefinitionCache } from "./definition-cache.ts";

export interface Contributor {
  name: string;
  role: string;
  email?: string;
}

/** Who last changed a field, and when (ISO time). */
export interface EditedBy {
  name: string;
  role: string;
  at: string;
}

/** The details given, tidied; the browser's contributor key (its hash) is kept. */
export function cleanContributor(c: ContributorRef): ContributorRef {
  const name = c.name.replace(/\s+/g, " ").trim();
  const role = c.role.replace(/\s+/g, " ").trim();
  if (!name) throw new AppError("invalid", 'contributor field "name" must not be blank', { field: "contributor.name" });
  if (!role) throw new AppError("invalid", 'contributor field "role" must not be blank', { field: "contributor.role" });
  const email = c.email?.trim();
  const out: ContributorRef = email ? { name, role, email } : { name, role };
  if (c.keyHash) out.keyHash = c.keyHash;
  return out;
}

export const SUBMITTED = "This response has been submitted and is read-only. Ask the research team to reopen it if something must change.";

/** 412: the client claims a version the server never gave out. */
export function newerThanStored(baseVersion: number, version: number): AppError {
  return new AppError("preconditionFailed", `If-Match version ${baseVersion} is newer than the stored version ${version}`, {
    details: { version },
  });
}

/** 409 with both values of every conflicting field, and who saved theirs; nothing was saved. */
export function conflictError(version: number, conflicts: Conflict[], by: Record<string, EditedBy>): AppError {
  return new AppError("conflict", `Someone else changed ${conflicts.map((c) => `"${c.question}"`).join(", ")} since you loaded it`, {
    details: { version, conflicts: conflicts.map((c) => ({ ...c, by: by[c.question] ?? null })) },
  });
}

/**
 * Save changes: merge against the stored response in memory, then write with ONE optimistic
 * statement (update if the version is unchanged + contributor + change log). If a colleague saved
 * in between, re-read and merge again, so their fields are kept and real conflicts still 409.
 * Two round trips in the common case (the read can come with the token check: `current`).
 */
export async function saveChanges(
  pool: pg.Pool,
  definitions: DefinitionCache,
  laCode: string,
  input: {
    baseVersion: number;
    changes: Record<string, unknown>;
    contributor: ContributorRef;
    uiState?: Record<string, unknown>;
    /** The response as just read (e.g. with the token); read here when absent. */
    current?: StoredResponse | null;
  },
): Promise<{ version: number; updates: Record<string, unknown>; updatedBy: Record<string, EditedBy>; changed: boolean }> {
  const contributor = cleanContributor(input.contributor);
  let current = input.current ?? (await findResponse(pool, laCode));
  if (!current) throw new AppError("notFound", "Open the survey (GET /api/respondent/response) before saving");
  const def = await definitions.forResponse(pool, current);
  const checked = checkChanges(def.structure, input.changes);
  if (checked.errors.length > 0) {
    const first = checked.errors[0];
    throw new AppError("unprocessable", `${first.message}${checked.errors.length > 1 ? ` (and ${checked.errors.length - 1} more)` : ""}`, {
      details: { errors: checked.errors },
    });
  }
  type Saved = { version: number; updates: Record<string, unknown>; changed: boolean };
  /** Merge against `r` and write if its version is unchanged; null when a colleague saved first. */
  const attempt = async (db: Queryable, r: StoredResponse | null): Promise<Saved | null> => {
    if (!r) throw new AppError("notFound", "Response not found");
    if (r.status === "submitted") throw new AppError("conflict", SUBMITTED);
    if (input.baseVersion > r.version) throw newerThanStored(input.baseVersion, r.version);
    const merged = mergeChanges(r, input.baseVersion, checked.changes, def.structure);
    if (!merged.ok) {
      // the person choosing needs to know who made the other answer, and when
      const by = await lastEdits(db, r.id, merged.conflicts.map((c) => c.question));
      throw conflictError(r.version, merged.conflicts, by);
    }
    if (merged.applied.length === 0) {
      if (input.uiState) await saveUiState(db, r.id, input.uiState);
      return { version: merged.version, updates: merged.updates, changed: false };
    }
    const saved = await saveIfUnchanged(db, {
      id: r.id,
      laCode,
      expectedVersion: r.version,
      data: merged.data,
      touchedKeys: merged.touchedKeys,
      version: merged.version,
      uiState: input.uiState,
      contributor,
      changes: merged.applied,
    });
    return saved ? { version: merged.version, updates: merged.updates, changed: true } : null;
  };
  // Optimistic first (two round trips, no lock). If colleagues keep saving the same LA in between,
  // stop spinning: take the row lock so this LA's writers queue fairly (unbounded optimistic
  // retries made saves wait tens of seconds under overload).
  const withAuthors = async (done: Saved) => {
    // colleagues' changes arriving with this save are shown as "<name> changed 3 answers on this page"
    const keys = Object.keys(done.updates);
    const updatedBy = current && keys.length > 0 ? await lastEdits(pool, current.id, keys) : {};
    return { ...done, updatedBy };
  };
  for (let tries = 0; tries < 2; tries++) {
    const done = await attempt(pool, current);
    if (done) return withAuthors(done);
    current = await findResponse(pool, laCode);
  }
  const locked = await withTransaction(pool, async (client) => {
    const done = await attempt(client, await findResponse(client, laCode, true));
    if (!done) throw new Error(`response ${laCode} changed while locked`); // cannot happen under FOR UPDATE
    return done;
  });
  return withAuthors(locked);
}

export async function submitResponse(
  pool: pg.Pool,
  definitions: DefinitionCache,
  laCode: string,
  input: { contributor: ContributorRef },
  /** compiled plan, else survey-core here; pass SubmitValidator.validate to run survey-core off the main thread. */
  validate: ValidateFn = validateSubmission,
): Promise<{ submittedAt: Date; submittedBy: string; version: number }> {
  const contributor = cleanContributor(input.contributor);
  for (let attempt = 0; ; attempt++) {
    const current = await findResponse(pool, laCode);
    if (!current) throw new AppError("notFound", "Open the survey (GET /api/respondent/response) before submitting");
    if (current.status === "submitted") throw new AppError("conflict", SUBMITTED);
    const def = await definitions.forResponse(pool, current);
    const { unreadable } = splitReadable(def.structure, current.data);
    if (unreadable.length > 0) {
      // stored before a check existed: name them instead of failing inside survey-core
      const n = unreadable.length;
      throw new AppError("unprocessable",
        `${n} saved answer${n === 1 ? "" : "s"} can no longer be read (${unreadable.map((u) => u.label).join("; ")}). Answer ${n === 1 ? "it" : "them"} again, or ask the research team to remove ${n === 1 ? "it" : "them"}.`,
        { details: { errors: unreadable.map((u) => ({ question: u.key, message: `${u.label}: ${u.message}`, page: "" })) } },
      );
    }
    const result = await validate(def.survey, current.data, { shapeChecked: true }, `${def.surveyId}@${def.version}#${def.hash}`);
    if (!result.valid) {
      const n = result.errors.length;
      throw new AppError("unprocessable", `${n} answer${n === 1 ? " needs" : "s need"} attention before submitting`, { details: { errors: result.errors } });
    }
    const outcome = await withTransaction(pool, async (client) => {
      const r = await findResponse(client, laCode, true);
      if (!r) throw new AppError("notFound", "Response not found");
      if (r.status === "submitted") throw new AppError("conflict", SUBMITTED);
      if (r.version !== current.version) return null; // changed while validating: validate again
      const stripped = diffFields(r.data, result.data, def.structure);
      const version = stripped.length > 0 ? r.version + 1 : r.version;
      const fieldVersions: FieldVersions = { ...r.fieldVersions };
      for (const s of stripped) fieldVersions[s.question] = version;
      const contributorId = await upsertContributor(client, laCode, contributor);
      const submittedBy = `${contributor.name} (${contributor.role})`;
      await insertChanges(client, r.id, version, stripped, contributorId, "submit");
      const submittedAt = await markSubmitted(client, r.id, { data: result.data, fieldVersions, version, submittedBy, contributorId });
      await insertEvent(client, r.id, { kind: "submitted", contributorId });
      return { submittedAt, submittedBy, version };
    });
    if (outcome) return outcome;
    if (attempt >= 3) throw new AppError("conflict", "The response kept changing while it was being checked; please submit again");
  }
}

export async function reopenResponse(
  pool: pg.Pool,
  laCode: string,
  actor: { id: string; email: string },
  reason: string | undefined,
): Promise<{ status: string }> {
  return withTransaction(pool, async (client) => {
    const r = await findResponse(client, laCode, true);
    if (!r) throw new AppError("notFound", `No response for LA ${laCode}`);
    if (r.status !== "submitted") throw new AppError("conflict", `The response for LA ${laCode} is not submitted (status ${r.status})`);
    await markReopened(client, r.id);
    await insertEvent(client, r.id, { kind: "reopened", actorUserId: actor.id, actorEmail: actor.email, reason: reason ?? null });
    return { status: (await findResponse(client, laCode))?.status ?? "in_progress" };
  });
}

/** Every change to an LA's response (who, when, old and new value) and its submit/reopen/repair events. */
export async function responseHistory(pool: pg.Pool, laCode: string) {
  const r = await findResponse(pool, laCode);
  if (!r) throw notFound(`No response for LA ${laCode}`);
  const [changes, events] = await Promise.all([listChanges(pool, r.id), listEvents(pool, r.id)]);
  return {
    laCode: r.laCode,
    status: r.status,
    version: r.version,
    changes: changes.map((c) => ({ ...c, changedAt: c.changedAt.toISOString() })),
    events: events.map((e) => ({ ...e, at: e.at.toISOString() })),
  };
}
