/**
 * LibreOffice headless helpers for the export tests. Each conversion gets its own temporary HOME
 * and user profile (-env:UserInstallation) so parallel runs do not clash over the profile lock.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { parse } from "csv-parse/sync";

const run = promisify(execFile);

export function findSoffice(): string | null {
  for (const p of [process.env.SOFFICE, "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice"]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

/** In CI (CI=true) LibreOffice tests must run, so a missing soffice fails them instead of skipping. */
export const libreOfficeRequired = process.env.CI === "true";

/**
 * CSV export filter: comma, double quote, UTF-8, from line 1, raw values (not "as shown"),
 * no formulas, and (token 12 = -1, LibreOffice >= 7.2) every sheet to its own file <name>-<Sheet>.csv.
 */
export const CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

export async function convert(input: string, filter: string, extraArgs: string[] = []): Promise<{ dir: string; files: string[]; cleanup(): Promise<void> }> {
  const soffice = findSoffice();
  if (!soffice) throw new Error("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc");
  const dir = await mkdtemp(join(tmpdir(), "lo-export-test-"));
  const profile = join(dir, "profile");
  const out = join(dir, "out");
  await run(
    soffice,
    [`-env:UserInstallation=${pathToFileURL(profile).href}`, "--headless", "--norestore", ...extraArgs, "--convert-to", filter, "--outdir", out, input],
    { env: { ...process.env, HOME: dir }, timeout: 120_000 },
  );
  const files = existsSync(out) ? (await readdir(out)).sort() : [];
  return { dir: out, files, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Converts every sheet of a workbook to CSV and parses each: sheet name -> rows of cell text. */
export async function sheetsAsCsv(xlsxPath: string, baseName: string): Promise<Map<string, string[][]>> {
  const result = await convert(xlsxPath, CSV_ALL_SHEETS);
  try {
    const sheets = new Map<string, string[][]>();
    for (const f of result.files) {
      if (!f.startsWith(`${baseName}-`) || !f.endsWith(".csv")) continue;
      const sheet = f.slice(baseName.length + 1, -4);
      const text = await readFile(join(result.dir, f), "utf8");
      sheets.set(sheet, parse(text, { relax_column_count: true }) as string[][]);
    }
    return sheets;
  } finally {
    await result.cleanup();
  }
}
