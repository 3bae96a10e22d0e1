/**
 * The data-item matrix as a person leaves it, in real Chromium: one item "Not recorded" (its other
 * cells say they do not apply), the other's answers chosen from the option lists, the contents list
 * beside it and the "Set all" panel open, in the standard and the dark high-contrast theme at 1366 px.
 * Chosen values used to break between letters and run up into the row above (survey-core lays the
 * value over the search box, so it gave its cell no size): each value now fits its box, stays below
 * the row above and inside its own cell, wraps only between words, and the page needs no sideways
 * scrolling. The "Set all" panel's labels do not overlap and nothing in it is wider than it, at 1366
 * and on a phone. The dark theme passes axe (colour contrast included). Any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Locator, Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let codes: string[];

beforeAll(async () => {
  codes = (await laCodes(env.t.pool, 3)).map((la) => la.code);
});

async function openItems(code: string, viewport: { width: number; height: number }, theme?: string): Promise<Page> {
  const token = await env.startResponseAt(code, "p_items_safe", { "items_safe.di_exploitation_risk": { recorded: "not_recorded" } });
  const page = await env.newPage(viewport, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
  if (theme) await page.context().addInitScript((t) => localStorage.setItem("lada:theme", t), theme);
  await page.goto(`${env.base}/r#${token}`);
  await page.locator('[data-name="items_safe"]').waitFor();
  return page;
}

/** Chooses an option from a cell's list, as a person does: the arrow button, then the option. */
async function choose(page: Page, cell: Locator, text: string): Promise<void> {
  const option = page.locator("[role=option]:visible", { hasText: text }).first();
  await cell.scrollIntoViewIfNeeded();
  await cell.locator(".sd-editor-chevron-button button").click();
  try {
    await option.waitFor({ timeout: 5000 });
  } catch {
    // survey-core closes the list on a scroll: open it from the keyboard instead
    await cell.getByRole("combobox").focus();
    await page.keyboard.press("ArrowDown");
    await option.waitFor();
  }
  await option.click();
  // away from the list: while it has focus, the box shows its search field instead of the value
  await page.locator(".sd-page__title").first().click();
  await expect.poll(() => cell.locator(".sd-dropdown__input-prefix-wrapper > .sv-string-viewer").textContent()).toBe(text);
}

/** Each chosen value's box against its cell and the row above, and how many lines its words take. */
function valueLayout(q: Locator) {
  return q.evaluate((el) =>
    [...el.querySelectorAll<HTMLElement>("tbody .sd-dropdown__input-prefix-wrapper > .sv-string-viewer")].map((v) => {
      const box = v.getBoundingClientRect();
      const row = v.closest("tr")!;
      const above = row.previousElementSibling?.getBoundingClientRect();
      const cell = v.closest("td")!.getBoundingClientRect();
      const range = document.createRange();
      range.selectNodeContents(v);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      return {
        text: v.textContent ?? "",
        cut: v.scrollWidth > v.clientWidth + 1 || v.scrollHeight > v.clientHeight + 1,
        overlapsAbove: above ? box.top < above.bottom - 1 : false,
        outsideCell: box.top < cell.top - 1 || box.bottom > cell.bottom + 1 || box.left < cell.left - 1 || box.right > cell.right + 1,
        lines,
        words: (v.textContent ?? "").trim().split(/\s+/).length,
      };
    }),
  );
}

describe.each([undefined, "contrast-dark"])("the data-item matrix answered from the option lists at 1366 px (theme %s)", (theme) => {
  it("shows each chosen value whole, wrapped between words, below the row above, with no sideways scrolling", async () => {
    const page = await openItems(codes[theme ? 1 : 0], { width: 1366, height: 900 }, theme);
    const q = page.locator('[data-name="items_safe"]');
    await expect(page.locator(".sv_progress-toc").first().isVisible()).resolves.toBe(true);
    await q.getByText("Give every item the same answer in a column").click();
    const second = q.locator("tbody tr", { hasText: "Return home interviews" });
    await choose(page, second.locator("td:has(.sd-dropdown)").nth(0), "In structured fields of the case-management system");
    await choose(page, second.locator("td:has(.sd-dropdown)").nth(1), "Yes, by a routine query or report");
    await choose(page, second.locator("td:has(.sd-dropdown)").nth(2), "90% or more");
    await choose(page, second.locator("td:has(.sd-dropdown)").nth(3), "5 years or more");
    await expect.poll(() => q.getByTestId("cell-not-applicable").count()).toBe(3);
    const values = await valueLayout(q);
    expect(values.map((v) => v.text).sort()).toEqual(
      ["90% or more", "5 years or more", "In structured fields of the case-management system", "Not recorded", "Yes, by a routine query or report"].sort(),
    );
    for (const v of values) {
      expect(v, v.text).toMatchObject({ cut: false, overlapsAbove: false, outsideCell: false });
      expect(v.lines, v.text).toBeLessThanOrEqual(v.words);
    }
    const clipped = await q.evaluate((el) =>
      [...el.querySelectorAll("*")].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== "visible").map((e) => e.className),
    );
    expect(clipped).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    if (theme) expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});

describe.each([
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
])("the Set all panel at $width px", (viewport) => {
  it("lays out its labels apart, with nothing wider than the panel", async () => {
    const page = await openItems(codes[2], viewport);
    const panel = page.getByTestId("set-all");
    await panel.getByText("Give every item the same answer in a column").click();
    const layout = await panel.evaluate((el) => {
      const edge = el.getBoundingClientRect();
      const boxes = [...el.querySelectorAll("label")].map((l) => l.getBoundingClientRect());
      const overlaps = boxes.flatMap((a, i) =>
        boxes.slice(i + 1).filter((b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1).map(() => i),
      );
      const wider = [...el.querySelectorAll<HTMLElement>("*")]
        .filter((e) => e.offsetParent !== null && !e.closest("dialog"))
        .filter((e) => {
          const r = e.getBoundingClientRect();
          return r.left < edge.left - 1 || r.right > edge.right + 1 || e.scrollWidth > e.clientWidth + 1;
        })
        .map((e) => `${e.tagName}.${e.className}: ${e.textContent?.slice(0, 40)}`);
      return { labels: boxes.length, overlaps, wider };
    });
    expect(layout.labels).toBe(4);
    expect(layout.overlaps).toEqual([]);
    expect(layout.wider).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  }, 120_000);
});
