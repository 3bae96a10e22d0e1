import type pg from "pg";

/** Anything that can run a query: a pg Pool or a PoolClient (inside a transaction). */
export interface Queryable {
  query<R extends pg.QueryResultRow = any>(text: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

/** Run fn inside BEGIN/COMMIT on one client from the pool (ROLLBACK on throw). Use only `client` inside. */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (err) {
    try {
      await client.query("ROLLBACK");
    } catch {
      /* connection may be gone; the server rolls back */
    }
    throw err;
  } finally {
    client.release();
  }
}
