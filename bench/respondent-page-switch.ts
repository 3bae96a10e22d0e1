/**
 * Moving to the largest page inside the questionnaire: the person presses "Next" on the page before
 * the statutory-returns matrix (31 items × 2 dropdowns) and waits until its dropdowns are drawn and
 * the main thread has answered a task (as bench/respondent-load-times.ts measures a load), then
 * "Previous" and "Next" again, several times. A data lead moves between sections twenty times or
 * more in one sitting and loads the page once, so this is the wait they meet most.
 * Measured after the load has settled (the progress count shown), from the click's pointerdown.
 * With two or more `--client` builds the builds take turns, one browser context each.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/respondent-page-switch.ts [--switches 7] [--client dirA --client dirB]
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startRespondentBenchApp } from "./lib/respondent-bench-app.ts";
import { launchChromium } from "../test/e2e/browser.ts";
import { medianRange } from "./lib/median.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    switches: { type: "string", default: "7" },
    rounds: { type: "string", default: "2" },
    client: { type: "string", multiple: true },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL (a throw-away database is created on that server)");
const clients = (values.client?.length ? values.client : [path.join(root, "client/dist")]).map((c) => path.resolve(c));
const switches = Number(values.switches);
const rounds = Number(values.rounds);

const BEFORE = "items_enabler_multiagency";
const LARGEST = "items_returns";
const apps: Awaited<ReturnType<typeof startRespondentBenchApp>>[] = [];
for (const [i, dir] of clients.entries()) apps.push(await startRespondentBenchApp(adminUrl, `page_switch_${i}`, dir, `p_${BEFORE}`));
const browser = await launchChromium();

/** ms from pressing `button` until `name`'s dropdowns are drawn and the main thread is free again. */
async function press(page: Page, button: "Next" | "Previous", name: string): Promise<number> {
  await page.evaluate(() => {
    const w = window as unknown as { __down: number };
    w.__down = NaN;
    addEventListener("pointerdown", () => (w.__down = performance.now()), { once: true, capture: true });
  });
  await page.getByRole("button", { name: button, exact: true }).click();
  await page.locator(`[data-name="${name}"] .sd-editor-chevron-button`).first().waitFor({ timeout: 60_000 });
  return page.evaluate(
    () => new Promise<number>((r) => setTimeout(() => r(performance.now() - (window as unknown as { __down: number }).__down), 0)),
  );
}

const results: number[][] = clients.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < clients.length; i++) {
    const { base, token } = apps[i];
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await ctx.addInitScript(() => localStorage.setItem("lada:contributor", JSON.stringify({ name: "Bench", role: "Bench" })));
    const page = await ctx.newPage();
    await page.goto(`${base}/r#${token}`);
    await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    for (let s = 0; s < switches; s++) {
      const ms = await press(page, "Next", LARGEST);
      results[i].push(ms);
      console.log(`round ${round + 1} ${path.basename(clients[i])}: Next to the largest page ${ms.toFixed(0)} ms`);
      await press(page, "Previous", BEFORE);
      await page.waitForTimeout(300);
    }
    await ctx.close();
  }
}

console.log(`\n"Next" to the largest page, Chromium 1366×900, ${rounds} × ${switches} switches each, median (range), ${new Date().toISOString()}`);
console.log(`| measure | ${clients.map((c) => path.basename(c)).join(" | ")} |`);
console.log(`|---|${clients.map(() => "---|").join("")}`);
console.log(`| click to interactive | ${results.map(medianRange).join(" | ")} |`);

await browser.close();
for (const a of apps) {
  await a.app.close();
  await a.db.drop();
}
