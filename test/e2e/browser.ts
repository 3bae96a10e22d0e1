/**
 * Real Chromium for end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core (no
 * browser download). Each test run gets a fresh temporary profile (playwright's own user data dir).
 * The built client is needed: it is built here when client/dist is missing or stale.
 */
import fs from "node:fs";
import { createRequire } from "node:module";
import { chromium, type Browser, type Page } from "playwright-core";
import { recordAxeCheck } from "../accessibility/axe.ts";
import { ensureFreshClient } from "../support/client-build.ts";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The built client (built first when missing or older than client/src; see client-build.ts). */
export function ensureClientBuilt(): string {
  return ensureFreshClient();
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** axe-core violations on the page (injected through the DevTools protocol, so the app's CSP stays on). */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: number; first: string }[]> {
  const require = createRequire(import.meta.url);
  await page.evaluate(fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, first: v.nodes[0]?.target.join(" ") ?? "" }));
  });
  recordAxeCheck(page.url());
  return violations;
}
