/**
 * Synthetic demo fieldwork (replaced by the full loader once the respondent journey lands).
 */
import type pg from "pg";
import type { AppConfig } from "../config.ts";

export async function loadDemoData(_pool: pg.Pool, opts: { force: boolean; log: (m: string) => void; config: AppConfig }): Promise<void> {
  opts.log("Demo responses are not available in this build yet.");
}
