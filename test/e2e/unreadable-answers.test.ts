/**
 * Saved answers that no longer fit the questionnaire, in real Chromium at a desktop and a phone
 * size: the LA's survey page opens with the rest of its answers and names what it could not show;
 * an admin sees them on the LA's console page, removes them with a reason, and the survey page no
 * longer mentions them. axe on every page; any console error fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Browser } from "playwright-core";
import { CHROMIUM, launchChromium } from "./browser.ts";
import { axeViolations, ensureFreshClient } from "./console-helpers.ts";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { watchConsole } from "../support/browser-console.ts";
import { laCodes, makeToken, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";

let t: TestApp;
let base: string;
let browser: Browser;
let admin: { email: string; password: string };
let las: { code: string; name: string }[];

const STORED = {
  lead_name: "Ann",
  case_system: "a system that was removed",
  items_safe: { di_referral_date: { recorded: "structured", hasOwnProperty: "x" } },
};

describe.skipIf(skip)("unreadable saved answers in Chromium", () => {
  beforeAll(async () => {
    t = await buildTestApp({ clientRoot: ensureFreshClient() });
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.app.server.address();
    if (!addr || typeof addr === "string") throw new Error("no address");
    base = `http://127.0.0.1:${addr.port}`;
    las = (await laCodes(t.pool, 12)).slice(10);
    for (const la of las) {
      await useFixtureSurvey(t.pool, la.code);
      await t.pool.query("UPDATE responses SET data = $2::jsonb, version = 3, status = 'in_progress' WHERE la_code = $1", [la.code, JSON.stringify(STORED)]);
    }
    admin = await createAccount(t.app, "admin", "repair-admin@research.example");
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const [i, viewport] of [
    { name: "desktop", width: 1366, height: 900 },
    { name: "phone", width: 390, height: 844 },
  ].entries()) {
    it(`the survey opens and names them; an admin removes them (${viewport.name})`, async () => {
      const la = las[i];
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const watch = watchConsole(page);

      await page.goto(`${base}/r#${await makeToken(t.pool, la.code)}`);
      await page.getByRole("button", { name: "Start now" }).click(); // after the first screen that explains the survey
      await page.getByLabel("Your name").fill("Ann Analyst");
      await page.getByLabel("Your role").fill("Performance lead");
      await page.getByLabel("Your work e-mail").fill("ann.analyst@la.gov.uk");
      await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
      const notice = page.getByTestId("unreadable-answers");
      await notice.waitFor();
      expect(await notice.locator("li").allTextContents()).toEqual(["Case management system", "Keeping children safe: Referral date"]);
      expect(await axeViolations(page)).toEqual([]);

      const consolePage = await context.newPage();
      consolePage.setDefaultTimeout(30_000);
      const consoleWatch = watchConsole(consolePage, [{ status: 401, path: "/api/auth/me" }]);
      await consolePage.goto(`${base}/console`);
      await consolePage.getByLabel("E-mail address").fill(admin.email);
      await consolePage.getByLabel("Password").fill(admin.password);
      await consolePage.getByRole("button", { name: "Sign in" }).click();
      await consolePage.getByRole("button", { name: "Sign out" }).waitFor();
      await consolePage.goto(`${base}/console/las/${la.code}`);
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
      const { rows } = await t.pool.query("SELECT data FROM responses WHERE la_code = $1", [la.code]);
      expect(rows[0].data).toEqual({ lead_name: "Ann" });
      expect(watch.errors).toEqual([]);
      expect(consoleWatch.errors).toEqual([]);
      await context.close();
    }, 180_000);
  }
});
