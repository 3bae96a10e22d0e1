/** What every test database starts with: migrations (applied by the caller) plus reference data. */
import type pg from "pg";
import { loadReferenceData } from "../../server/services/reference-data-loader.ts";

export async function prepareTemplate(pool: pg.Pool): Promise<void> {
  await loadReferenceData(pool);
}
