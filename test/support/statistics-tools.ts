/**
 * GNU PSPP and R (with haven) for the export tests. On a developer machine without them the tests
 * are skipped; in CI (CI=true, or PSPP_REQUIRED / R_REQUIRED=true) they run and a missing tool fails
 * them with a message saying what to install.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";

export const run = promisify(execFile);

function find(paths: (string | undefined)[]): string | null {
  return paths.find((p): p is string => !!p && existsSync(p)) ?? null;
}

export const psppPath = find([process.env.PSPP, "/usr/bin/pspp", "/usr/local/bin/pspp"]);
export const rscriptPath = find([process.env.RSCRIPT, "/usr/bin/Rscript", "/usr/local/bin/Rscript"]);

export const psppRequired = process.env.CI === "true" || process.env.PSPP_REQUIRED === "true";
export const rRequired = process.env.CI === "true" || process.env.R_REQUIRED === "true";

/** The tool's path; throws (so the test fails, never skips) when it is required and absent. */
export function requireTool(path: string | null, what: string, debianPackages: string): string {
  if (!path) throw new Error(`${what} is required here (CI=true) but was not found: install Debian ${debianPackages} (.ci/run does)`);
  return path;
}

/** describe when the tools are present or required (a required, missing tool then fails), otherwise describe.skip. */
export function runsWith(...tools: { path: string | null; required: boolean }[]): boolean {
  return tools.every((t) => t.path !== null || t.required);
}
