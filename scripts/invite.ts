/**
 * Issue private survey links for mail-merge.
 *
 *   npm run invite -- --out links.csv                 every LA without a live link
 *   npm run invite -- --out links.csv --reissue 201   revoke LA 201's link and issue a new one
 *
 * Writes la_code,la_name,region,link. Links are shown only here (the database keeps hashes), so
 * keep the file safe and delete it after the mail-merge. The file is created with mode 0600 and
 * never overwritten. With the embedded database, stop the server first.
 */
import fs from "node:fs";
import { Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { AppError } from "../server/domain/errors.ts";
import { issueInvites } from "../server/services/invite-service.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

const program = new Command()
  .name("invite")
  .description("Write private LA survey links (la_code,la_name,region,link) for mail-merge")
  .requiredOption("--out <file>", "CSV file to create (must not exist)")
  .option("--reissue <la_code>", "revoke this LA's link and issue a new one")
  .option("--ttl-days <days>", "days until the links expire (default TOKEN_TTL_DAYS, 120)")
  .parse();
const opts = program.opts<{ out: string; reissue?: string; ttlDays?: string }>();

if (fs.existsSync(opts.out)) fail(`${opts.out} already exists; choose another file (links are shown only once)`);
if (opts.reissue !== undefined && !/^[0-9]{3}$/.test(opts.reissue)) fail(`--reissue expects a 3-digit LA code, got "${opts.reissue}"`);
if (opts.ttlDays !== undefined && !/^[1-9][0-9]{0,3}$/.test(opts.ttlDays)) fail(`--ttl-days expects a whole number of days, got "${opts.ttlDays}"`);

try {
  const { rows, revoked } = await withDatabase(({ pool, config }) =>
    issueInvites(pool, {
      publicUrl: config.publicUrl,
      ttlDays: opts.ttlDays ? Number(opts.ttlDays) : config.tokenTtlDays,
      reissue: opts.reissue,
    }),
  );
  const csv = stringify(rows, { header: true, columns: ["la_code", "la_name", "region", "link"] });
  fs.writeFileSync(opts.out, csv, { mode: 0o600, flag: "wx" });
  if (revoked) console.log(`Revoked ${revoked} earlier link(s) for LA ${opts.reissue}.`);
  console.log(
    rows.length === 0
      ? `Every LA already has a live link; wrote an empty ${opts.out} (use --reissue <la_code> to replace one).`
      : `Wrote ${rows.length} link(s) to ${opts.out}. They are not stored anywhere else: keep the file safe.`,
  );
} catch (err) {
  if (err instanceof AppError) fail(err.message);
  throw err;
}
