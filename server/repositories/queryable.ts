import type pg from "pg";

/** Anything that can run a query: a pg Pool or a PoolClient (inside a transaction). */
export interface Queryable {
  query<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/**
 * Run fn inside BEGIN/COMMIT on one client from the pool (ROLLBACK on throw). Use only `client` inside.
 * While the client is checked out it has an 'error' listener (pg-pool removes its own on acquire), so
 * a connection that dies mid-transaction fails this call instead of crashing the process; such a
 * client is destroyed on release, never returned to the pool.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken = err;
  };
  client.on("error", onError);
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    if (!broken) {
      try {
        await client.query("ROLLBACK");
      } catch (rollbackErr) {
        broken = rollbackErr as Error; // connection gone: the server rolls back
      }
    }
    throw err;
  } finally {
    client.removeListener("error", onError);
    client.release(broken ?? false);
  }
}
