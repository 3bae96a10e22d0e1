/**
 * Every feedback report as files in a folder, with a progress bar:
 *
 *   npm run reports -- --out DIR                 each released report as the LA received it: PDF + CSV
 *   npm run reports -- --out DIR --submitted     a preview of every submitted LA's report, rendered now
 *
 * DIR is created if missing and must be empty (nothing is ever overwritten). Files are named
 * feedback-report-<la_code>-v<version>.pdf|.csv (released) or feedback-report-<la_code>-preview.pdf|.csv.
 * An LA whose report fails is named at the end (exit code 1); the others are still written. The run
 * is recorded in the audit trail (actor "system").
 */
import fs from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { Presets, SingleBar } from "cli-progress";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { recordFolderExport, reportsForFolder } from "../server/services/report-folder-service.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

const program = new Command()
  .name("reports")
  .description("Write every released feedback report (PDF and CSV) to a folder; --submitted for a preview of every submitted LA's report")
  .requiredOption("--out <dir>", "folder to write into (created if missing; must be empty)")
  .option("--submitted", "every submitted LA's report rendered now, instead of the released reports", false)
  .parse();
const opts = program.opts<{ out: string; submitted: boolean }>();

const dir = path.resolve(opts.out);
if (fs.existsSync(dir)) {
  if (!fs.statSync(dir).isDirectory()) fail(`--out ${opts.out} is a file, not a folder`);
  if (fs.readdirSync(dir).length > 0) fail(`--out ${opts.out} is not empty; choose an empty or new folder`);
} else {
  fs.mkdirSync(dir, { recursive: true });
}
const which = opts.submitted ? "submitted" : "released";

const outcome = await withDatabase(async ({ pool }) => {
  const reports = await reportsForFolder(pool, loadDefinitions(), which);
  if (reports.length === 0) {
    fail(which === "released" ? "No feedback report has been released yet (use --submitted for a preview of every submitted LA's report)" : "No LA has submitted a response yet");
  }
  const bar = new SingleBar(
    { format: "Reports |{bar}| {value}/{total} ({percentage}%) {la}", stream: process.stderr, noTTYOutput: true, notTTYSchedule: 1000, hideCursor: true },
    Presets.shades_classic,
  );
  bar.start(reports.length, 0, { la: "" });
  const failed: string[] = [];
  let next = 0;
  // two at a time: the PDF renderer runs two worker threads
  const worker = async () => {
    for (let i = next++; i < reports.length; i = next++) {
      const r = reports[i]!;
      try {
        const { pdf, csv } = await r.load();
        fs.writeFileSync(path.join(dir, `${r.stem}.pdf`), pdf, { flag: "wx" });
        fs.writeFileSync(path.join(dir, `${r.stem}.csv`), csv, { flag: "wx" });
      } catch (err) {
        failed.push(`${r.laName} (${r.laCode}): ${(err as Error).message}`);
      }
      bar.increment(1, { la: r.laName });
    }
  };
  await Promise.all([worker(), worker()]);
  bar.stop();
  await recordFolderExport(pool, { actor: "reports-cli", actorKind: "system" }, { which, reports: reports.length - failed.length, failed: failed.length });
  return { written: reports.length - failed.length, failed };
});

if (outcome.failed.length > 0) console.error(`Not written (${outcome.failed.length}):\n${outcome.failed.map((f) => `  ${f}`).join("\n")}`);
// Exit once the summary is flushed: rendering previews leaves handles open (the PDF worker thread and
// what scoring keeps warm) that would otherwise hold the process after every file is written.
process.stdout.write(`Wrote ${outcome.written} ${which === "released" ? "released" : "preview"} report(s) (PDF and CSV each) to ${dir}.\n`, () =>
  process.exit(outcome.failed.length > 0 ? 1 : 0),
);
