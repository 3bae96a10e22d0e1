/**
 * npm run demo:load [-- --force] — synthetic demo fieldwork for all 153 LAs in whichever database
 * is configured. Refuses a database holding real responses unless --force (then only LAs without a
 * started response get demo data).
 */
import { Command } from "commander";
import { DemoRefusedError, loadDemoData } from "../server/services/demo-data.ts";
import { loadReferenceData } from "../server/services/reference-data-loader.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

const opts = new Command()
  .name("demo:load")
  .description("Load synthetic demo fieldwork (clearly marked as demo)")
  .option("--force", "load even if the database holds real responses (only into LAs without one)", false)
  .parse()
  .opts();

await withDatabase(async ({ pool, config }) => {
  const n = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM las");
  if (n.rows[0].n === 0) await loadReferenceData(pool);
  try {
    await loadDemoData(pool, { force: Boolean(opts.force), log: console.log, config });
  } catch (err) {
    if (err instanceof DemoRefusedError) fail(err.message, 2);
    throw err;
  }
});
