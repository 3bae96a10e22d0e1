import type { Session } from "fastify";
import type { Queryable } from "../repositories/queryable.ts";
import { deleteSession, getSession, upsertSession } from "../repositories/sessions-repository.ts";

type Callback = (err?: unknown) => void;
type GetCallback = (err: unknown, session?: Session | null) => void;

/**
 * A @fastify/session store backed by the `sessions` table. The library signs the cookie and
 * manages the session object; this only reads, writes and deletes rows. Sessions have an absolute
 * lifetime of `ttlSeconds` from first save; expired rows are never returned.
 */
export class PgSessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly ttlSeconds: number,
  ) {}

  get(sid: string, cb: GetCallback): void {
    getSession(this.db, sid).then(
      (data) => cb(null, (data as unknown as Session) ?? null),
      (err) => cb(err),
    );
  }

  set(sid: string, session: Session, cb: Callback): void {
    const data = JSON.parse(JSON.stringify(session)) as Record<string, unknown>;
    const userId = typeof data.userId === "string" ? data.userId : null;
    upsertSession(this.db, sid, data, userId, this.ttlSeconds).then(
      () => cb(),
      (err) => cb(err),
    );
  }

  destroy(sid: string, cb: Callback): void {
    deleteSession(this.db, sid).then(
      () => cb(),
      (err) => cb(err),
    );
  }
}
