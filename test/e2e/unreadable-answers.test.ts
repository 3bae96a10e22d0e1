/**
 * Saved answers that no longer fit the questionnaire, in real Chromium at a desktop and a phone
 * size: the LA's survey page opens with the rest of its answers and names what it could not show;
 * an admin sees them on the LA's console page, removes them with a reason, and the survey page no
 * longer mentions them. axe on every page; any console error fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount } from "../helpers/auth.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { watchConsole } from "../support/browser-console.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { startAnswering } from "../support/respondent-browser.ts";
import { laCodes, makeToken, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";

let app: BrowserApp;
let admin: { email: string; password: string };
let las: { code: string; name: string }[];

const STORED = {
  lead_name: "Ann",
  case_system: "a system that was removed",
  items_safe: { di_referral_date: { recorded: "structured", hasOwnProperty: "x" } },
};

describe.skipIf(skip)("unreadable saved answers in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    las = (await laCodes(app.t.pool, 12)).slice(10);
    for (const la of las) {
      await useFixtureSurvey(app.t.pool, la.code);
      await app.t.pool.query("UPDATE responses SET data = $2::jsonb, version = 3, status = 'in_progress' WHERE la_code = $1", [la.code, JSON.stringify(STORED)]);
    }
    admin = await createAccount(app.t.app, "admin", "repair-admin@research.example");
  }, 300_000);
  afterAll(() => app?.close());

  for (const [i, viewport] of VIEWPORTS.entries()) {
    it(`the survey opens and names them; an admin removes them (${viewport.name})`, async () => {
      const la = las[i];
      const context = await app.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const watch = watchConsole(page);

      await page.goto(`${app.base}/r#${await makeToken(app.t.pool, la.code)}`);
      await startAnswering(page, { name: "Ann Analyst", role: "Performance lead", email: "ann.analyst@la.gov.uk" });
      const notice = page.getByTestId("unreadable-answers");
      await notice.waitFor();
      expect(await notice.locator("li").allTextContents()).toEqual(["Case management system", "Keeping children safe: Referral date"]);
      expect(await axeViolations(page)).toEqual([]);

      const { context: consoleContext, page: consolePage, watch: consoleWatch } = await openSignedInConsole(app.browser, app.base, admin, viewport);
      await consolePage.goto(`${app.base}/console/las/${la.code}`);
      const panel = consolePage.getByTestId("unreadable-panel");
      await panel.waitFor();
      expect(await panel.locator("li strong").allTextContents()).toEqual(["Case management system", "Keeping children safe: Referral date"]);
      expect(await axeViolations(consolePage)).toEqual([]);
      // a reason is required
      await consolePage.getByRole("button", { name: "Remove unreadable answers" }).click();
      await consolePage.getByRole("alert").getByText("Enter why the answers are removed").waitFor();
      await consolePage.getByLabel("Why remove them (kept in the history)").fill("Left by an earlier questionnaire");
      await consolePage.getByRole("button", { name: "Remove unreadable answers" }).click();
      await consolePage.getByText("Removed 2 unreadable answers.").waitFor();
      await consolePage.getByText("Unreadable saved answers removed: Left by an earlier questionnaire").waitFor();
      expect(await axeViolations(consolePage)).toEqual([]);

      await page.reload();
      await expect.poll(() => page.getByTestId("la-name").textContent()).toBe(la.name);
      expect(await page.getByTestId("unreadable-answers").count()).toBe(0);
      const { rows } = await app.t.pool.query("SELECT data FROM responses WHERE la_code = $1", [la.code]);
      expect(rows[0].data).toEqual({ lead_name: "Ann" });
      expect(watch.errors).toEqual([]);
      expect(consoleWatch.errors).toEqual([]);
      await consoleContext.close();
      await context.close();
    }, 180_000);
  }
});
