/**
 * npm run data:load [-- --register F --ofsted-latest F --ofsted-as-at YYYY-MM-DD --ofsted-history F --context F --context-year N --neighbours F]
 * Loads the LA register, Ofsted judgements and history, and LA context figures (idempotent) and
 * prints what it added or changed. Defaults: the files in sql/reference-data/.
 */
import { Command } from "commander";
import { defaultReferenceFiles, loadReferenceData } from "../server/services/reference-data-loader.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

const program = new Command()
  .name("data:load")
  .description("Load reference data (LA register, Ofsted, LA context, statistical neighbours) into the database")
  .option("--register <file>", "LA register CSV (la_code,gss_code,name,region,la_type)")
  .option("--ofsted-latest <file>", "latest Ofsted ILACS judgements CSV")
  .option("--ofsted-as-at <date>", "as-at date of the latest judgements (default: from the file name)")
  .option("--ofsted-history <file>", "Ofsted ILACS inspection history CSV")
  .option("--context <file>", "LA context figures CSV")
  .option("--context-year <year>", "year of the context figures (default: from the file name)")
  .option("--neighbours <file>", "DfE statistical neighbours CSV (la_code,la_name,rank,neighbour_code,closeness)")
  .parse();
const o = program.opts();
const d = defaultReferenceFiles();
const files = {
  register: o.register ?? d.register,
  ofstedLatest: o.ofstedLatest ?? d.ofstedLatest,
  ofstedHistory: o.ofstedHistory ?? d.ofstedHistory,
  context: o.context ?? d.context,
  neighbours: o.neighbours ?? d.neighbours,
  ofstedAsAt: o.ofstedAsAt,
  contextYear: o.contextYear ? Number(o.contextYear) : undefined,
};

await withDatabase(async ({ pool, kind }) => {
  try {
    const summary = await loadReferenceData(pool, files);
    console.log(`Reference data loaded into the ${kind} database:`);
    for (const s of summary) {
      console.log(`  ${s.dataset.padEnd(15)} ${s.file.padEnd(38)} added ${s.added}, changed ${s.changed}, unchanged ${s.unchanged}`);
    }
  } catch (err) {
    fail((err as Error).message);
  }
});
