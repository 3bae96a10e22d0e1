/** axe-core in a real page: WCAG 2.0/2.1 A and AA and WCAG 2.2 AA rules; violations as readable lines. */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";

export const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const AXE_SOURCE = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

export async function axeViolations(page: Page, label: string): Promise<string[]> {
  // page.evaluate goes through the DevTools protocol, so the app's strict CSP stays on during the check
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, WCAG_22_AA);
  recordAxeCheck(page.url());
  return result.violations.map(
    (v) => `${label}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}${v.nodes.length > 3 ? ` and ${v.nodes.length - 3} more` : ""}`,
  );
}

/**
 * Notes the address of a page axe has just checked, so the coverage check that runs after the
 * browser tests (console-coverage.test.ts) rests on what was checked rather than on what the test
 * sources mention. Every axe helper calls it. vitest.config.ts names one directory per run
 * (AXE_CHECKED_DIR); each worker process appends to its own file there, so parallel workers never
 * write to the same file.
 */
export function recordAxeCheck(url: string): void {
  const dir = process.env.AXE_CHECKED_DIR;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(path.join(dir, `${process.pid}.txt`), `${new URL(url).pathname}\n`);
}

/** Every address axe checked in this run (empty when no browser test ran). */
export function axeCheckedPaths(dir = process.env.AXE_CHECKED_DIR): Set<string> {
  if (!dir || !fs.existsSync(dir)) return new Set();
  return new Set(
    fs
      .readdirSync(dir)
      .flatMap((f) => fs.readFileSync(path.join(dir, f), "utf8").split("\n"))
      .filter(Boolean),
  );
}
