/**
 * The respondent's keyboard in real Chromium (Debian's /usr/bin/chromium, 1366×900), one run on
 * this machine, each figure against a plain <input> added to the same page (so machine load
 * affects both alike):
 * - keystroke-to-paint: from keydown to the frame after it was painted (requestAnimationFrame then
 *   a task), per character typed into the plain input, a comment box and a matrix cell's option list
 *   (arrow keys moving the active option);
 * - navigation-to-interactive of the largest page (the statutory-returns matrix, 31 items): from
 *   navigation start until the matrix is drawn and the main thread has answered a task;
 * - the longest main-thread task after that (PerformanceObserver "longtask").
 *
 *   DATABASE_URL=postgres://… npx tsx bench/respondent-typing-bench.ts [--keys 40] [--client dir]
 *
 * `--client` serves another build of the client (default client/dist), e.g. one of main to compare.
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { startRespondentBenchApp } from "./lib/respondent-bench-app.ts";
import { launchChromium } from "../test/e2e/browser.ts";

const { values } = parseArgs({ options: { keys: { type: "string", default: "40" }, client: { type: "string" } } });
const keys = Number(values.keys);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL (a throw-away database is created on that server)");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { db, app, base, token } = await startRespondentBenchApp(adminUrl, "typing_bench", path.resolve(values.client ?? path.join(root, "client/dist")), "p_items_returns");

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
await ctx.addInitScript(() => {
  localStorage.setItem("lada:contributor", JSON.stringify({ name: "Bench", role: "Bench" }));
  const w = window as unknown as { __long: { start: number; duration: number }[]; __keys: number[] };
  w.__long = [];
  w.__keys = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  // keydown -> the next frame painted -> a task after it: the time until the typed key is on screen
  addEventListener(
    "keydown",
    (e) => {
      const t0 = e.timeStamp;
      requestAnimationFrame(() => setTimeout(() => w.__keys.push(performance.now() - t0), 0));
    },
    true,
  );
});
const page: Page = await ctx.newPage();

// navigation-to-interactive of the largest page
await page.goto(`${base}/r#${token}`);
await page.locator('[data-name="items_returns"] .sd-editor-chevron-button').first().waitFor({ timeout: 60_000 });
const interactive = await page.evaluate(() => new Promise<number>((r) => setTimeout(() => r(performance.now()), 0)));
await page.waitForTimeout(2000);

// a plain input on the same page, the baseline
await page.evaluate(() => {
  const input = document.createElement("input");
  input.id = "bench-plain";
  input.setAttribute("aria-label", "plain");
  document.querySelector("main")!.prepend(input);
});

async function typeInto(focus: () => Promise<void>, press: (i: number) => Promise<void>): Promise<number[]> {
  await focus();
  await page.evaluate(() => ((window as unknown as { __keys: number[] }).__keys = []));
  for (let i = 0; i < keys; i++) await press(i);
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { __keys: number[] }).__keys);
}
const text = "Exploitation screening moved to a structured form in 2024 and is reviewed".repeat(2);
const letters = (i: number) => page.keyboard.press(text[i] === " " ? "Space" : text[i]);

const plain = await typeInto(() => page.locator("#bench-plain").focus(), letters);
const loadedAt = await page.evaluate(() => performance.now());
const comment = await typeInto(() => page.locator("main textarea").first().focus(), letters);
const cell = page.locator('[data-name="items_returns"] [role=combobox]').first();
const matrix = await typeInto(
  async () => {
    await cell.focus();
    await page.keyboard.press("ArrowDown");
    await page.waitForTimeout(300);
  },
  (i) => page.keyboard.press(i % 8 < 4 ? "ArrowDown" : "ArrowUp"),
);
await page.keyboard.press("Escape");
const longAfterLoad = await page.evaluate((since) => (window as unknown as { __long: { start: number; duration: number }[] }).__long.filter((l) => l.start > since), interactive);
const longest = Math.max(0, ...longAfterLoad.map((l) => l.duration));
const typingLong = await page.evaluate((since) => (window as unknown as { __long: { start: number; duration: number }[] }).__long.filter((l) => l.start > since).map((l) => Math.round(l.duration)), loadedAt);

const row = (name: string, xs: number[]) => {
  const m = median(xs);
  return `| ${name} | ${m.toFixed(1)} ms | ${(m / median(plain)).toFixed(2)}× | ${Math.max(...xs).toFixed(0)} ms |`;
};
console.log(`respondent keyboard, Chromium 1366×900, ${keys} keys each, ${new Date().toISOString()}`);
console.log("| keystroke to paint | median | vs plain input | slowest |");
console.log("|---|---|---|---|");
console.log(row("plain <input> on the same page (baseline)", plain));
console.log(row("comment box", comment));
console.log(row("matrix cell option list (arrow keys)", matrix));
console.log(`largest page (31-item matrix) navigation to interactive: ${interactive.toFixed(0)} ms`);
console.log(`longest main-thread task after it: ${longest.toFixed(0)} ms (${longAfterLoad.length} long tasks); long tasks while typing: [${typingLong.join(", ")}]`);

await browser.close();
await app.close();
await db.drop();
