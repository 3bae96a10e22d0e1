/**
 * Research export from the command line: the same workbook as
 * GET /api/admin/exports/responses.xlsx, or the CSV bundle when --out ends in .zip.
 *
 *   npm run export -- --out FILE.xlsx [--status submitted|all] [--include-personal]
 *   npm run export -- --out FILE.zip  ...                 CSV files + SPSS syntax + Stata do-file
 *
 * Reads the configured database (DATABASE_URL, or the embedded one under DATA_DIR when no server
 * holds it) in batches and streams to a temporary file renamed into place when complete. Never
 * overwrites a file. The export is recorded in the audit trail (actor "system").
 */
import fs from "node:fs";
import path from "node:path";
import { finished } from "node:stream/promises";
import { Command } from "commander";
import { loadDefinitions } from "../server/domain/definitions/load-definitions.ts";
import { exportTables } from "../server/domain/exports/export-tables.ts";
import { writeCsvBundle } from "../server/domain/exports/write-csv-bundle.ts";
import { writeWorkbook } from "../server/domain/exports/write-workbook.ts";
import { exportSources, recordExportAudit, type ExportFormat } from "../server/services/export-service.ts";
import { fail, withDatabase } from "./lib/with-database.ts";

const program = new Command()
  .name("export")
  .description("Write the research export: an .xlsx workbook, or a .zip of CSV files with SPSS and Stata syntax")
  .requiredOption("--out <file>", "file to create, ending in .xlsx or .zip (must not exist)")
  .option("--status <status>", "submitted (default) or all", "submitted")
  .option("--include-personal", "include contributor names and LA contact details", false)
  .parse();
const opts = program.opts<{ out: string; status: string; includePersonal: boolean }>();

const ext = path.extname(opts.out).toLowerCase();
if (ext !== ".xlsx" && ext !== ".zip") fail(`--out must end in .xlsx or .zip, got "${opts.out}"`);
if (opts.status !== "submitted" && opts.status !== "all") fail(`--status must be submitted or all, got "${opts.status}"`);
if (fs.existsSync(opts.out)) fail(`${opts.out} already exists; choose another file`);
const format: ExportFormat = ext === ".xlsx" ? "xlsx" : "zip";
const status = opts.status as "submitted" | "all";

const partial = `${opts.out}.partial-${process.pid}`;
try {
  const summary = await withDatabase(async ({ pool }) => {
    const now = new Date();
    const { sources, summary } = await exportSources(pool, loadDefinitions(), { status, includePersonal: opts.includePersonal, now });
    const out = fs.createWriteStream(partial, { flags: "wx", mode: opts.includePersonal ? 0o600 : 0o644 });
    const done = finished(out);
    if (format === "xlsx") await writeWorkbook(out, exportTables(sources), { created: now });
    else await writeCsvBundle(out, exportTables(sources), { codebook: sources.codebook, status, includePersonal: opts.includePersonal, generatedAt: now });
    await done;
    await recordExportAudit(pool, { actor: "system", actorKind: "system" }, { format, ...summary });
    return summary;
  });
  fs.linkSync(partial, opts.out); // fails rather than overwrite a file created meanwhile
  fs.unlinkSync(partial);
  console.log(
    `Wrote ${opts.out}: ${summary.responses} ${status === "submitted" ? "submitted " : ""}response(s), ` +
      `${summary.surveyId} v${summary.version}, personal data ${opts.includePersonal ? "INCLUDED" : "left out"}.`,
  );
} catch (err) {
  fs.rmSync(partial, { force: true });
  fail((err as Error).message);
}
