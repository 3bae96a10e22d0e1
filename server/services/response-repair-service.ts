/**
 * Stored answers that no longer fit the questionnaire (written before a check existed, or left by a
 * definition change): researchers can see which, and an admin can remove them so the LA can answer
 * again and submit. A removal is a logged change (source "repair", old value kept) plus an event
 * naming the admin and their reason, in one transaction.
 */
import type pg from "pg";
import { notFound } from "../domain/errors.ts";
import { splitReadable, type UnreadableAnswer } from "../domain/responses/readable-data.ts";
import type { AppliedChange, FieldVersions } from "../domain/responses/merge.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { findResponse, insertChanges, insertEvent, replaceData } from "../repositories/responses-repository.ts";
import type { DefinitionCache } from "./definition-cache.ts";

export async function listUnreadableAnswers(pool: pg.Pool, definitions: DefinitionCache, laCode: string): Promise<UnreadableAnswer[]> {
  const r = await findResponse(pool, laCode);
  if (!r) return []; // not opened yet: nothing stored, nothing unreadable
  const def = await definitions.forResponse(pool, r);
  return splitReadable(def.structure, r.data).unreadable;
}

/** The stored value behind an unreadable key ("q" or "matrix.row"). */
function storedValue(data: Record<string, unknown>, key: string): unknown {
  if (Object.hasOwn(data, key)) return data[key];
  const dot = key.lastIndexOf(".");
  const parent = dot > 0 && Object.hasOwn(data, key.slice(0, dot)) ? data[key.slice(0, dot)] : undefined;
  if (parent && typeof parent === "object" && Object.hasOwn(parent, key.slice(dot + 1))) return (parent as Record<string, unknown>)[key.slice(dot + 1)];
  return null;
}

export async function repairResponse(
  pool: pg.Pool,
  definitions: DefinitionCache,
  laCode: string,
  actor: { id: string; email: string },
  reason: string,
): Promise<{ version: number; removed: UnreadableAnswer[] }> {
  return withTransaction(pool, async (client) => {
    const r = await findResponse(client, laCode, true);
    if (!r) throw notFound(`No response for LA ${laCode}`);
    const def = await definitions.forResponse(client, r);
    const { readable, unreadable } = splitReadable(def.structure, r.data);
    if (unreadable.length === 0) return { version: r.version, removed: [] };
    const version = r.version + 1;
    const fieldVersions: FieldVersions = { ...r.fieldVersions };
    const changes: AppliedChange[] = unreadable.map((u) => {
      fieldVersions[u.key] = version;
      return { question: u.key, oldValue: storedValue(r.data, u.key), newValue: null };
    });
    await replaceData(client, r.id, { data: readable, fieldVersions, version });
    await insertChanges(client, r.id, version, changes, null, "repair");
    await insertEvent(client, r.id, { kind: "repaired", actorUserId: actor.id, actorEmail: actor.email, reason });
    return { version, removed: unreadable };
  });
}
