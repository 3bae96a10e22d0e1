/**
 * The survey on a phone (390×844) in real Chromium, measured with element boxes rather than
 * screenshots: the contents (menu) button never overlaps the LA name or any dropdown's arrow, at
 * every scroll position down a data-item page, for the LA with the longest name; the page title is
 * shown in full; survey-core's page-title progress bar (which repeated the contents list with cut
 * titles) is not drawn. axe clean; any console error fails.
 */
import { describe, expect, it } from "vitest";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();

describe("the survey on a phone (390×844)", () => {
  it("the menu button covers neither the LA name nor any dropdown arrow, and page titles are shown once, in full", async () => {
    const { rows } = await env.t.pool.query("SELECT la_code, name FROM las ORDER BY length(name) DESC, la_code LIMIT 1");
    const la = { code: rows[0].la_code as string, name: rows[0].name as string };
    const token = await env.startResponseAt(la.code, "p_items_education");
    const page = await env.newPage({ width: 390, height: 844 }, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
    await page.goto(`${env.base}/r#${token}`);
    await page.locator('[data-name="items_education"] .sd-editor-chevron-button').first().waitFor();
    await expect(page.getByTestId("la-name").textContent()).resolves.toBe(la.name);
    const menu = page.locator(".sv_progress-toc--mobile");
    await menu.waitFor();

    const overlaps = await page.evaluate(async () => {
      const hit = (a: DOMRect, b: DOMRect) => a.width > 0 && b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
      const found: string[] = [];
      const max = document.documentElement.scrollHeight - window.innerHeight;
      for (let y = 0; y <= max + 150; y += 150) {
        window.scrollTo(0, Math.min(y, max));
        await new Promise((r) => requestAnimationFrame(() => r(null)));
        const button = document.querySelector(".sv_progress-toc--mobile")!.getBoundingClientRect();
        const others = [document.querySelector("[data-testid=la-name]")!, ...document.querySelectorAll(".sd-editor-chevron-button, .sd-dropdown__clean-button")];
        for (const el of others) if (hit(button, el.getBoundingClientRect())) found.push(`${el.className || el.tagName} at scroll ${window.scrollY}`);
      }
      window.scrollTo(0, 0);
      return found;
    });
    expect(overlaps).toEqual([]);

    // the page title in full, shown once; no page-title progress bar repeating the contents list
    const title = page.locator(".sd-page__title");
    await expect(title.textContent()).resolves.toBe("Supporting children's educational potential");
    expect(await title.evaluate((e) => e.scrollWidth <= e.clientWidth + 1 && e.scrollHeight <= e.clientHeight + 1)).toBe(true);
    expect(await page.locator(".sd-progress-buttons, .sd-progress").count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });
});
