/**
 * The survey page does not move under the person once it appears: the header keeps its height while
 * the first progress count arrives. survey-core closes an open option list on any scroll, and the
 * browser scrolls to keep the questions in place when something above them grows, so a header that grew
 * lost an answer being chosen by keyboard. Real Chromium at 1366×900 and 390×844; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 2);
});

describe.each([
  { width: 1366, height: 900, la: 0 },
  { width: 390, height: 844, la: 1 },
])("the survey header at $width px", ({ width, height, la }) => {
  it("keeps its height from the first drawing of the page until the progress is counted", async () => {
    const token = await env.startResponseAt(las[la].code, "p_items_safe", {});
    const page = await env.newPage({ width, height }, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
    // every height the header has, from the moment it is first drawn
    await page.addInitScript(() => {
      const w = window as unknown as { headerHeights: number[] };
      w.headerHeights = [];
      let watched: Element | null = null;
      new MutationObserver(() => {
        const header = document.querySelector(".respondent-header");
        if (!header || header === watched) return;
        watched = header;
        new ResizeObserver((entries) => {
          for (const e of entries) w.headerHeights.push(Math.round(e.borderBoxSize[0].blockSize));
        }).observe(header);
      }).observe(document, { subtree: true, childList: true });
    });
    await page.goto(`${env.base}/r#${token}`);
    await page.locator('[data-name="items_safe"]').waitFor();
    await expect.poll(() => page.getByTestId("progress").textContent()).toContain("sections complete");
    await page.waitForTimeout(500); // a late re-layout would be recorded by now
    const heights = await page.evaluate(() => (window as unknown as { headerHeights: number[] }).headerHeights);
    expect(heights.length).toBeGreaterThan(0);
    expect(new Set(heights).size, `header heights seen: ${heights.join(", ")}`).toBe(1);
  });
});
