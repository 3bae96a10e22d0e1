/** npm run db:migrate — apply pending migrations to the configured database and print them. */
import { loadConfig } from "../server/config.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { fail } from "./lib/with-database.ts";

try {
  const config = loadConfig();
  const db = await openDatabase(config, { info: console.log, warn: console.error });
  const { applied, version } = db.migrations;
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "No pending migrations.");
  console.log(`Schema version ${version} (${db.kind} database).`);
  await db.close();
} catch (err) {
  fail((err as Error).message);
}
