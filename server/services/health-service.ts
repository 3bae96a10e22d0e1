/** Is the service able to answer: the database reachable and migrated. */
import type { Queryable } from "../repositories/queryable.ts";
import { currentSchemaVersion } from "../repositories/schema-repository.ts";

export async function checkHealth(db: Queryable): Promise<{ ok: true; schemaVersion: number } | { ok: false }> {
  try {
    return { ok: true, schemaVersion: await currentSchemaVersion(db) };
  } catch {
    return { ok: false };
  }
}
