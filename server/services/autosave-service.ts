/**
 * The autosave fast path: one database round trip per save in the common case. The changes are
 * checked against the structure of the definition the response answers (remembered per link, the
 * current one at first), then one statement checks the link, locks the row, checks and writes the
 * touched fields and logs them (repositories/autosave-repository.ts). The response document is
 * never read into, parsed by or re-serialised from this process.
 *
 * Another round trip is needed only when the guess was wrong: the response answers another
 * definition version (then the changes are checked again against it), or a long text was edited
 * whose stored old text the change log keeps as an edit (change-encoding.ts needs that text; it is
 * remembered from the last save of the field in this process, so typing saves need no extra trip).
 *
 * Anything unusual (no response yet, answers the structure refuses, a blank contributor name, a
 * field colleagues keep changing) returns "slow": the caller authenticates the usual way and uses
 * saveChanges, which gives the same answers and messages.
 */
import type pg from "pg";
import { AppError } from "../domain/errors.ts";
import { hashToken } from "../domain/responses/tokens.ts";
import { checkChanges, resolveKey, type ResolvedChange } from "../domain/responses/structure.ts";
import { readField } from "../domain/responses/merge.ts";
import { encodeOldValue, MIN_TEXT_LENGTH } from "../domain/responses/change-encoding.ts";
import { autosaveByCredential, type AutosaveField, type AutosaveInput, type AutosaveRow } from "../repositories/autosave-repository.ts";
import type { DefinitionCache } from "./definition-cache.ts";
import { lastEdits } from "../repositories/responses-repository.ts";
import { cleanContributor, conflictError, newerThanStored, SUBMITTED, type EditedBy } from "./response-service.ts";
import type { ContributorRef } from "../repositories/responses-repository.ts";

export type AutosaveOutcome =
  | { kind: "unknown-credential" }
  | { kind: "slow" }
  | {
      kind: "saved";
      laCode: string;
      version: number;
      updates: Record<string, unknown>;
      /** Who last changed each field in `updates`, and when. */
      updatedBy: Record<string, EditedBy>;
      changed: boolean;
    };

type DefinitionId = { surveyId: string; version: number; hash: string };

/** A Map that forgets its oldest entries beyond `max` (insertion order; a hit is re-inserted). */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, v: V): void {
    this.map.delete(key);
    this.map.set(key, v);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value as string);
  }
}

/** A few attempts cover a wrong definition guess and a long text a colleague is editing too. */
const MAX_ATTEMPTS = 3;

export class Autosaver {
  /** Which LA and definition version a credential's response answers (learned from earlier saves). */
  private readonly byCredential = new BoundedMap<{ laCode: string; definition: DefinitionId }>(5_000);
  /** The last long text saved per LA and field: the old text of the next edit, usually. */
  private readonly longTexts = new BoundedMap<string>(500);

  constructor(
    private readonly pool: pg.Pool,
    private readonly definitions: DefinitionCache,
    /** Named prepared statement (PostgreSQL server only; see autosaveByCredential). */
    private opts: { prepared?: boolean } = {},
  ) {}

  /**
   * The statement, prepared where that works. A database that shares one backend between
   * connections (the embedded one, even reached by URL) refuses a second preparation of the same
   * name: then this process stops preparing and runs it unnamed.
   */
  private async run(input: AutosaveInput): Promise<AutosaveRow> {
    if (!this.opts.prepared) return autosaveByCredential(this.pool, input);
    try {
      return await autosaveByCredential(this.pool, input, { prepared: true });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code !== "42P05" && code !== "26000") throw err; // duplicate / missing prepared statement
      this.opts = { prepared: false };
      return autosaveByCredential(this.pool, input);
    }
  }

  async save(
    credential: { value: string; kind: "token" | "session" },
    input: { baseVersion: number; changes: Record<string, unknown>; contributor: ContributorRef; uiState?: Record<string, unknown> },
  ): Promise<AutosaveOutcome> {
    let contributor: ContributorRef;
    try {
      contributor = cleanContributor(input.contributor);
    } catch {
      return { kind: "slow" }; // its 400 comes after the link check, as on every route
    }
    const credentialHash = hashToken(credential.value);
    const known = this.byCredential.get(credentialHash);
    let definition: DefinitionId = known?.definition ?? (await this.definitions.current());
    let laCode = known?.laCode;
    let confirmed = known !== undefined;
    const oldTexts = new Map<string, string>();
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const def = await this.definitions.forResponse(this.pool, {
        surveyId: definition.surveyId,
        definitionVersion: definition.version,
        definitionHash: definition.hash,
      });
      const checked = checkChanges(def.structure, input.changes);
      // Refused changes: the usual path answers (401 first, then 422). But the guess of the
      // definition may be what is wrong: learn it with a statement that writes nothing, then retry.
      if (checked.errors.length > 0 && confirmed) return { kind: "slow" };
      const changes = checked.errors.length > 0 ? [] : lastPerKey(checked.changes);
      const fields = changes.map((c) => this.field(c, laCode, oldTexts));
      const row = await this.run({
        credentialHash,
        by: credential.kind,
        baseVersion: input.baseVersion,
        definition,
        fields,
        contributor,
        uiState: checked.errors.length > 0 ? undefined : input.uiState,
      });
      if (!row.found) return { kind: "unknown-credential" };
      laCode = row.laCode;
      if (!row.hasResponse || !row.definition) return { kind: "slow" };
      confirmed = true;
      if (!row.sameDefinition) {
        definition = row.definition;
        this.byCredential.set(credentialHash, { laCode, definition });
        continue;
      }
      this.byCredential.set(credentialHash, { laCode, definition });
      if (checked.errors.length > 0) return { kind: "slow" };
      if (row.status === "submitted") throw new AppError("conflict", SUBMITTED);
      if (input.baseVersion > row.version) throw newerThanStored(input.baseVersion, row.version);
      if (row.conflicts.length > 0) {
        const yours = new Map(changes.map((c) => [c.key, c.value]));
        const keys = row.conflicts.map(([question]) => question);
        throw conflictError(
          row.version,
          row.conflicts.map(([question, theirs]) => ({ question, yours: yours.get(question) ?? null, theirs: theirs ?? null })),
          await this.whoChanged(row.responseId, keys, row.editedBy),
        );
      }
      if (row.needsOld.length > 0) {
        for (const [key, text] of row.needsOld) oldTexts.set(key, text as string);
        continue;
      }
      if (row.changes && row.savedVersion === null) continue; // cannot happen under the row lock; try again
      for (const c of changes) {
        if (typeof c.value === "string" && c.value.length >= MIN_TEXT_LENGTH) this.longTexts.set(`${laCode}\u0000${c.key}`, c.value);
      }
      const updates: Record<string, unknown> = {};
      for (const key of row.updateKeys) {
        const resolved = resolveKey(def.structure, key);
        if (!resolved || "computed" in resolved) continue;
        updates[key] = readField(row.updateTops, { key, question: resolved.question.name, row: resolved.row, comment: resolved.comment });
      }
      const updatedBy = await this.whoChanged(row.responseId, Object.keys(updates), row.editedBy);
      return { kind: "saved", laCode, version: row.savedVersion ?? row.version, updates, updatedBy, changed: row.changes };
    }
    return { kind: "slow" };
  }

  /**
   * Who last changed `keys`: as the statement saw it, or (when it waited for a colleague's save,
   * whose change log its snapshot cannot see) read once more.
   */
  private async whoChanged(responseId: string | null, keys: string[], seen: Record<string, EditedBy>): Promise<Record<string, EditedBy>> {
    if (!responseId || keys.every((k) => seen[k])) return Object.fromEntries(keys.filter((k) => seen[k]).map((k) => [k, seen[k]]));
    return lastEdits(this.pool, responseId, keys);
  }

  /** Which LA and definition a credential's response answers (also learned by the usual path). */
  remember(credential: string, laCode: string, definition: DefinitionId): void {
    this.byCredential.set(hashToken(credential), { laCode, definition });
  }

  /** A change as the statement takes it, with the edit of a long text against its likely old text. */
  private field(c: ResolvedChange, laCode: string | undefined, oldTexts: Map<string, string>): AutosaveField {
    const longText = typeof c.value === "string" && c.value.length >= MIN_TEXT_LENGTH;
    const field: AutosaveField = { key: c.key, top: c.comment ? c.key : c.question, row: c.row, value: c.value, longText };
    if (!longText) return field;
    const oldText = oldTexts.get(c.key) ?? (laCode ? this.longTexts.get(`${laCode}\u0000${c.key}`) : undefined);
    if (oldText === undefined) return field;
    const { stored, isEdit } = encodeOldValue(oldText, c.value);
    return { ...field, edit: { oldText, stored, isEdit } };
  }
}

/**
 * One change per field: a save naming a field twice (a row key and the matrix shorthand) keeps
 * the last value, as applying them in order would.
 */
function lastPerKey(changes: ResolvedChange[]): ResolvedChange[] {
  const byKey = new Map<string, ResolvedChange>();
  for (const c of changes) {
    byKey.delete(c.key);
    byKey.set(c.key, c);
  }
  return [...byKey.values()];
}
