/** How many queries a pool runs while `fn` runs: for tests that hold a route to a number of round trips. */
import type pg from "pg";

export async function countQueries(pool: pg.Pool, fn: () => Promise<unknown>): Promise<number> {
  const original = pool.query;
  let n = 0;
  pool.query = function (this: unknown, ...args: unknown[]) {
    n++;
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof pool.query;
  try {
    await fn();
  } finally {
    pool.query = original;
  }
  return n;
}
