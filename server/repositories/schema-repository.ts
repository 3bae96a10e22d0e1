/** The applied migration level (postgrator's schema_version table): also a cheap database round trip for health checks. */
import type { Queryable } from "./queryable.ts";

export async function currentSchemaVersion(db: Queryable): Promise<number> {
  const r = await db.query<{ v: number }>("SELECT coalesce(max(version), 0)::int AS v FROM schema_version");
  return r.rows[0].v;
}
