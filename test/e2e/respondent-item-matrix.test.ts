/**
 * The data-item matrix of the current definition in real Chromium, with the longest answer of every
 * column chosen on every row: at 1366, 1536 and 1920 px every chosen value is shown in full (each
 * value's scrollWidth fits its clientWidth), the matrix needs no sideways scrolling, each item's
 * definition is beside its row, and the option list is at least 26rem wide. At 390×844 the page passes axe too. Any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const env = setUpRespondentBrowser();
let token: string;
const current = loadDefinitions().current();
const matrix = (current.survey.pages as any[]).find((p) => p.name === "p_items_safe").elements[0];
const longest = (col: any) => col.choices.reduce((a: any, b: any) => (String(b.text).length > String(a.text).length ? b : a));

beforeAll(async () => {
  const [la] = await laCodes(env.t.pool, 1);
  // every row answered with the longest text of every column ("structured" keeps every column shown)
  const row = Object.fromEntries(matrix.columns.map((c: any) => [c.name, c.name === "recorded" ? "structured" : longest(c).value]));
  const changes = Object.fromEntries(matrix.rows.map((r: any) => [`items_safe.${r.value}`, row]));
  token = await env.startResponseAt(la.code, "p_items_safe", changes);
});

async function openItems(viewport: { width: number; height: number }): Promise<Page> {
  const page = await env.newPage(viewport, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
  await page.goto(`${env.base}/r#${token}`);
  await page.locator('[data-name="items_safe"]').waitFor();
  // the page has settled (the progress count is in the header): an open option list closes on any
  // scroll, and the header's first count moved the page under a list opened before it
  await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor();
  return page;
}

describe.each([1366, 1536, 1920])("the data-item matrix at %i px", (width) => {
  it("shows every chosen value in full, without sideways scrolling, with each item's definition beside it", async () => {
    const page = await openItems({ width, height: 900 });
    const q = page.locator('[data-name="items_safe"]');
    const values = q.locator(".sd-dropdown__input-prefix-wrapper > .sv-string-viewer");
    await expect.poll(() => values.count()).toBe(matrix.rows.length * matrix.columns.length);
    const cut = await values.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);
    const texts = await values.allTextContents();
    for (const col of matrix.columns.filter((c: any) => c.name !== "recorded")) expect(texts).toContain(longest(col).text);
    const overflow = await q.evaluate((el) => [...el.querySelectorAll("*")].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible").map((e) => e.className));
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    // the definition of each item beside its row
    const first = matrix.rows[0];
    await expect(q.locator("tr", { hasText: first.text }).locator(".item-definition").textContent()).resolves.toBe(first.description);
    const open = q.locator("tr", { hasText: first.text }).getByRole("button", { name: "Select" }).first();
    const option = page.locator("[role=option]:visible", { hasText: "In structured fields of the case-management system" }).first();
    await open.click();
    try {
      await option.waitFor({ timeout: 5000 });
    } catch {
      // a click before the page listened: open it from the keyboard (once focused, the box's hint covers the arrow button)
      const box = q.locator("tr", { hasText: first.text }).getByRole("combobox").first();
      if ((await box.getAttribute("aria-expanded")) !== "true") {
        await box.focus();
        await page.keyboard.press("ArrowDown");
      }
      await option.waitFor();
    }
    const box = await option.boundingBox();
    // at least 26rem wide (it was 160 px, so options wrapped to 3 or 4 lines)
    expect(box!.width).toBeGreaterThanOrEqual(380);
    await page.keyboard.press("Escape");
    if (width === 1366) expect(await axeViolations(page)).toEqual([]);
  });
});

describe("the data-item matrix on a phone", () => {
  it("shows every chosen value in full, and passes axe", async () => {
    const page = await openItems({ width: 390, height: 844 });
    const values = page.locator('[data-name="items_safe"] .sd-dropdown__input-prefix-wrapper > .sv-string-viewer');
    await expect.poll(() => values.count()).toBeGreaterThan(0);
    const cut = await values.evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
    expect(cut).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe("typing in a comment box", () => {
  it("does not save on every keystroke, and what was typed reaches the server", async () => {
    const page = await openItems({ width: 1366, height: 900 });
    const box = page.locator('[data-name="notes_safe"] textarea');
    const saves: string[] = [];
    page.on("request", (r) => {
      if (r.method() === "PATCH" && r.url().endsWith("/api/respondent/response")) saves.push(r.postData() ?? "");
    });
    const text = "Exploitation screening moved to a structured form in 2024.";
    await box.pressSequentially(text, { delay: 20 });
    // the text enters the survey once typing pauses, then is saved: wait for it in the database
    const notes = async () => (await env.t.pool.query("SELECT data->'notes_safe' AS notes FROM responses")).rows.map((r) => r.notes);
    await expect.poll(notes, { timeout: 30_000 }).toContain(text);
    // saves are batched, never one per character: how many depends on how fast the machine types and
    // answers (a loaded CI machine takes several seconds for these 58 characters), so the bound is per character
    expect(saves.length).toBeGreaterThan(0);
    expect(saves.length).toBeLessThan(text.length / 4);
  });
});

