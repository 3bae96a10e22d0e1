/**
 * The survey is drawn from the page the person left with that page's questions only; the other
 * pages' questions are loaded into the model just after (client/src/respondent/pages-later.ts).
 * Moving on at once, before that has finished, still shows each page whole with the answers
 * colleagues saved there, and the progress header then counts every section. Real Chromium at
 * desktop and phone size; axe on the page moved to; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";
import { VIEWPORTS } from "../support/console-browser.ts";
import { axeViolations } from "./browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, VIEWPORTS.length);
});

describe("pages loaded after the first is drawn", () => {
  for (const [i, viewport] of VIEWPORTS.entries()) {
    it(`shows the next and earlier pages whole, with their saved answers, when the person moves at once (${viewport.width}px)`, async () => {
      const token = await env.startResponseAt(las[i].code, "p_cms", { dw_exists: "corporate", fb_methods: ["survey_children"], cap_analyst_vacancies: "2" });
      const page = await env.newPage(viewport, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
      // a browser too busy to be idle for the first 4 seconds: the other pages are not loaded in the
      // background before the person moves on, so moving on has to load them
      await page.context().addInitScript(() => {
        window.requestIdleCallback = (cb) => window.setTimeout(() => cb({ didTimeout: true, timeRemaining: () => 0 }), 4000);
      });
      await page.goto(`${env.base}/r#${token}`);
      await page.locator('.sd-page [data-name="cms_product"]').waitFor();
      // straight on, as soon as the first page is there
      await page.getByRole("button", { name: "Next" }).click();
      const next = page.locator('.sd-page [data-name="dw_exists"]');
      await next.waitFor();
      await expect(next.getByRole("radio", { name: /corporate warehouse/ }).isChecked()).resolves.toBe(true);
      // every question of the page is there, not only the first
      await expect(page.locator('.sd-page [data-name="dw_platform"]').count()).resolves.toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Previous" }).click();
      await page.getByRole("button", { name: "Previous" }).click();
      const earlier = page.locator('.sd-page [data-name="fb_methods"]');
      await earlier.waitFor();
      await expect(earlier.getByRole("checkbox", { name: /Survey of children and young people/ }).isChecked()).resolves.toBe(true);
      // three pages further on, a typed answer saved by a colleague
      for (let n = 0; n < 5; n++) await page.getByRole("button", { name: "Next" }).click();
      await expect(page.locator('.sd-page [data-name="cap_analyst_vacancies"] input').inputValue()).resolves.toBe("2");
      // the header counts every section once the rest is in
      await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor();
      await page.context().close();
    });
  }
});
