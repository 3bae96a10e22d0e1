/**
 * Erase a person's personal data while keeping the LA's answers (see server/services/erasure-service.ts).
 *
 *   npm run erase-personal-data -- --contact-email jo@la.gov.uk
 *   npm run erase-personal-data -- --contributor-id 42
 *   npm run erase-personal-data -- --contributor-name "Jo Bloggs" [--la-code 201]
 *   npm run erase-personal-data -- --user-email researcher@example.org
 *   npm run erase-personal-data -- --retention            (apply RETENTION_DAYS to everyone)
 *   add --dry-run to see what would be erased without changing anything.
 *
 * With the embedded database, stop the server first; with DATABASE_URL it can keep running.
 */
import { Command } from "commander";
import pg from "pg";
import { loadConfig, ConfigError } from "../server/config.ts";
import { openDatabase } from "../server/db/open-database.ts";
import { applyRetention, eraseContactsByEmail, eraseContributors, eraseUserByEmail } from "../server/services/erasure-service.ts";
import { AppError } from "../server/domain/errors.ts";

async function main(): Promise<void> {
  const opts = new Command()
    .name("erase-personal-data")
    .description("Erase a contact's, contributor's or console user's personal data; LA answers are kept")
    .option("--contact-email <email>", "every LA contact with this e-mail address")
    .option("--contributor-id <id>", "one respondent contributor by id")
    .option("--contributor-name <name>", "respondent contributors with this name (use with --la-code to narrow)")
    .option("--la-code <code>", "limit --contributor-name to one LA")
    .option("--user-email <email>", "a researcher-console account")
    .option("--retention", "erase everything older than RETENTION_DAYS")
    .option("--dry-run", "report what would be erased, change nothing")
    .parse()
    .opts<{ contactEmail?: string; contributorId?: string; contributorName?: string; laCode?: string; userEmail?: string; retention?: boolean; dryRun?: boolean }>();
  const chosen = [opts.contactEmail, opts.contributorId ?? opts.contributorName, opts.userEmail, opts.retention].filter(Boolean).length;
  if (chosen !== 1) throw new AppError("invalid", "give exactly one of --contact-email, --contributor-id / --contributor-name, --user-email, --retention");
  if (opts.contributorId && !/^\d+$/.test(opts.contributorId)) throw new AppError("invalid", "--contributor-id must be a number");

  const config = loadConfig();
  const db = await openDatabase(config, { info: () => {}, warn: (m) => console.warn(m) });
  const pool = new pg.Pool({ connectionString: db.url, max: 2 });
  const verb = opts.dryRun ? "Would erase" : "Erased";
  try {
    if (opts.contactEmail) {
      const ids = await eraseContactsByEmail(pool, opts.contactEmail, opts.dryRun);
      console.log(`${verb} ${ids.length} contact record(s)${ids.length ? `: ${ids.join(", ")}` : ""}.`);
    } else if (opts.contributorId || opts.contributorName) {
      const ids = await eraseContributors(pool, { id: opts.contributorId, name: opts.contributorName, laCode: opts.laCode }, opts.dryRun);
      console.log(`${verb} ${ids.length} contributor(s)${ids.length ? `: ${ids.map((i) => `#${i}`).join(", ")}` : ""}. Their answers stay with the LA's response.`);
    } else if (opts.userEmail) {
      const ids = await eraseUserByEmail(pool, opts.userEmail, opts.dryRun);
      console.log(`${verb} ${ids.length} console account(s)${ids.length ? `: ${ids.join(", ")}` : ""}.`);
    } else {
      const r = await applyRetention(pool, config.retentionDays, new Date(), opts.dryRun);
      console.log(
        `${verb} data older than ${config.retentionDays} days: ${r.contacts} contact(s), ${r.contributors} contributor(s), ` +
          `${r.sendAddresses} e-mail log address(es), ${r.auditEntries} audit entr(ies); ${r.expiredSessions} expired session(s).`,
      );
    }
  } finally {
    await pool.end();
    await db.close();
  }
}

main().catch((err) => {
  const known = err instanceof AppError || err instanceof ConfigError;
  console.error(`erase-personal-data: ${known ? err.message : `failed: ${(err as Error).message}`}`);
  process.exit(1);
});
