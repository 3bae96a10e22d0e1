/**
 * Where focus and the view go as a person moves around the survey, in real Chromium at 1366×900
 * and 390×844 on the current questionnaire:
 * - a "Check your answers" link lands on its question: a plain question, a row of a single-choice
 *   matrix (its own row's control, not the first row's) and a cell of a data-item matrix, each in
 *   view (not at the screen's edge), focused and marked;
 * - Next, Previous, a contents link, Start now and "Continue to the questionnaire" put focus on the
 *   new section's heading, shown on screen; the page's first load takes no focus;
 * - the last section's button says "Check your answers" and opens that list.
 * axe on every new state; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser, startAnswering } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string; name: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 6);
});

const ann = { name: "Ann Analyst", role: "Head of performance" };

/** The focused element: its question's name, its accessible name and where it is on the screen. */
async function focusState(page: Page) {
  return page.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const box = a.getBoundingClientRect();
    const target = box.height > 2 ? box : (a.closest("label, td") ?? a).getBoundingClientRect();
    return {
      question: a.closest("[data-name]")?.getAttribute("data-name") ?? null,
      label: a.getAttribute("aria-label") ?? a.textContent?.trim() ?? "",
      heading: a.classList.contains("sd-page__title") ? (a.textContent ?? "") : null,
      // the middle of the control, as a share of the screen's height
      middle: (target.top + target.height / 2) / window.innerHeight,
      marked: [...document.querySelectorAll("[data-goto-target]")].map((e) => e.getAttribute("data-name") ?? e.tagName.toLowerCase()),
    };
  });
}

/** Waits until focus is on the section heading named `title`, then returns where it is. */
async function headingFocused(page: Page, title: string) {
  await expect.poll(async () => (await focusState(page)).heading, { timeout: 10_000 }).toBe(title);
  return focusState(page);
}

async function openCheck(page: Page) {
  await page.getByTestId("check-link").click();
  await page.getByTestId("check-answers").waitFor();
}

describe.each([
  { size: "desktop", viewport: { width: 1366, height: 900 }, la: 0 },
  { size: "phone", viewport: { width: 390, height: 844 }, la: 1 },
])("where focus goes ($size)", ({ viewport, la }) => {
  let page: Page;

  it("the page's first load takes no focus; Next, Previous and a contents link focus the new section's heading", async () => {
    const token = await env.startResponseAt(las[la].code, "p_feedback");
    page = await env.newPage(viewport, { contributor: ann });
    await page.goto(`${env.base}/r#${token}`);
    await page.locator(".sd-page__title", { hasText: "Children's and families' views" }).waitFor();
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);

    await page.getByRole("button", { name: "Next" }).click();
    const next = await headingFocused(page, "Your case-management system");
    expect(next.middle).toBeGreaterThan(0);
    expect(next.middle).toBeLessThan(0.5);
    // no focus ring on a heading focused by script
    expect(await page.locator(".sd-page__title").evaluate((e) => getComputedStyle(e).outlineStyle)).toBe("none");
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Previous" }).click();
    expect((await headingFocused(page, "Children's and families' views")).middle).toBeGreaterThan(0);
    // Tab from the heading goes on to the section's first question, not back to the top of the page
    await page.keyboard.press("Tab");
    expect((await focusState(page)).question).toBe("fb_methods");

    if (viewport.width > 600) {
      await page.locator(".sv_progress-toc .sv-list__item", { hasText: "Linking with partner agencies' data" }).click();
      expect((await headingFocused(page, "Linking with partner agencies' data")).middle).toBeGreaterThan(0);
    }
  });

  it("a link from the check list lands on its question, in view, focused and marked", async () => {
    await openCheck(page);
    await page.locator('.gap-group[data-page="p_cms"]').getByRole("link", { name: /^Who can change the forms and fields in the system\?/ }).click();
    await expect.poll(async () => (await focusState(page)).question, { timeout: 10_000 }).toBe("cms_config_control");
    // survey-core's scroll to the section's top a moment after drawing it must not move the view off it
    await page.waitForTimeout(600);
    let at = await focusState(page);
    expect(at.question).toBe("cms_config_control");
    expect(at.middle).toBeGreaterThan(0.1);
    expect(at.middle).toBeLessThan(0.9);
    expect(at.marked).toEqual(["cms_config_control"]);
    expect(await axeViolations(page)).toEqual([]);

    // a row of a single-choice matrix: that row's control
    await openCheck(page);
    await page.locator('.gap-group[data-page="p_linking"]').getByRole("link", { name: /: Police$/ }).click();
    await expect.poll(async () => (await focusState(page)).label, { timeout: 10_000 }).toMatch(/^row Police, column /);
    await page.waitForTimeout(600);
    at = await focusState(page);
    expect(at.label).toMatch(/^row Police, column /);
    expect(at.middle).toBeGreaterThan(0.1);
    expect(at.middle).toBeLessThan(0.9);
    expect(at.marked).toEqual(["link_partners", "tr"]);

    // a cell of a data-item matrix
    await openCheck(page);
    const link = page.locator('.gap-group[data-page="p_items_safe"] a').first();
    const label = (await link.textContent()) ?? "";
    await link.click();
    await expect.poll(async () => (await focusState(page)).question, { timeout: 10_000 }).toBe("items_safe");
    await page.waitForTimeout(600);
    at = await focusState(page);
    // the link names the row whose cell has focus
    const row = await page.evaluate(() => document.activeElement?.closest("tr")?.querySelector("td, th")?.textContent?.trim() ?? "");
    expect(row).not.toBe("");
    expect(label).toContain(`: ${row.slice(0, 30)}`);
    expect(at.middle).toBeGreaterThan(0.1);
    expect(at.middle).toBeLessThan(0.9);
    expect(at.marked).toEqual(["items_safe", "tr"]);
    expect(await axeViolations(page)).toEqual([]);

    // moving on clears the mark
    await page.getByRole("button", { name: "Next" }).click();
    await expect.poll(async () => (await focusState(page)).marked).toEqual([]);
  });

  it("the last section's button says “Check your answers” and opens that list", async () => {
    const token = await env.startResponseAt(las[la].code, "p_case_study");
    const p = await env.newPage(viewport, { contributor: ann });
    await p.goto(`${env.base}/r#${token}`);
    await p.locator(".sd-page__title").first().waitFor();
    for (let i = 0; i < 40 && (await p.getByRole("button", { name: "Next" }).count()) > 0; i++) {
      await p.getByRole("button", { name: "Next" }).click();
      await p.waitForTimeout(100);
    }
    expect(await p.getByRole("button", { name: "Complete" }).count()).toBe(0);
    await p.getByRole("button", { name: "Check your answers" }).click();
    await p.getByTestId("check-answers").waitFor();
    await p.context().close();
  });

  it("Start now and “Continue to the questionnaire” focus the first section's heading", async () => {
    const p = await env.newPage(viewport);
    await p.goto(await env.surveyLink(las[la + 2].code));
    await startAnswering(p, ann);
    await headingFocused(p, "Local outcomes and how they are used");
    expect(await axeViolations(p)).toEqual([]);
    // a returning person's Start now goes straight to the questions
    await p.getByRole("button", { name: /About this survey/ }).click();
    await p.getByRole("button", { name: /Start now|Continue/ }).first().click();
    await headingFocused(p, "Local outcomes and how they are used");
    await p.context().close();
  });
});
