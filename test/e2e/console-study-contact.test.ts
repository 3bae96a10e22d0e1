/**
 * The study contact settings page in real Chromium at 1366×900 and 390×844: while LAs would see the
 * definition's example address the page (and the dashboard) warn; a bad address is shown beside its
 * field; once saved, the warning goes and an LA's first screen shows the contact and who runs it.
 * axe on every state; any unexpected console error fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount } from "../helpers/auth.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { watchConsole } from "../support/browser-console.ts";
import { laCodes, makeToken } from "../routes/respondent/respondent-fixtures.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let app: BrowserApp;
let admin: { email: string; password: string };

describe.skipIf(skip)("study contact settings in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    admin = await createAccount(app.t.app, "admin", "contact-admin@research.example");
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    it(`an admin replaces the example contact, and LAs see the new one (${viewport.name})`, async () => {
      await app.t.pool.query("DELETE FROM study_contact");
      const { context, page, watch } = await openSignedInConsole(app.browser, app.base, admin, viewport, {
        expected: [{ status: 422, path: "/api/admin/settings/study-contact" }],
      });
      // the dashboard warns and links to the settings
      await page.getByTestId("contact-placeholder").waitFor();
      await page.getByRole("link", { name: "Set the study contact" }).click();
      await page.getByRole("heading", { name: "Study contact", level: 1 }).waitFor();
      await page.getByTestId("contact-placeholder").waitFor();
      await expect(page.getByLabel("Contact e-mail address").inputValue()).resolves.toBe("la-data-audit@example.org");
      expect(await axeViolations(page)).toEqual([]);

      // a wrong address: said at the top and beside the field, which links to it
      await page.getByLabel("Contact e-mail address").fill("audit team at university");
      await page.getByRole("button", { name: "Save the study contact" }).click();
      const problem = page.getByTestId("contact-problem");
      await problem.waitFor();
      expect(await problem.textContent()).toContain("Enter an e-mail address in the correct format");
      await expect(page.getByLabel("Contact e-mail address").getAttribute("aria-invalid")).resolves.toBe("true");
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Contact name").fill("Children's data audit team");
      await page.getByLabel("Contact e-mail address").fill("la-audit@university.ac.uk");
      await page.getByLabel("How soon you answer (optional)").fill("We answer within 3 working days.");
      await page.getByLabel("Who runs the audit").fill("The audit is run by the University's children's data research group.");
      await page.getByRole("button", { name: "Save the study contact" }).click();
      await page.getByText("Saved. LAs now see this contact").waitFor();
      await expect.poll(() => page.getByTestId("contact-placeholder").count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      const wide = await page.evaluate(() => [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1).length);
      expect(wide).toBe(0);
      expect(watch.errors).toEqual([]);
      await context.close();

      // an LA's first screen
      const la = (await laCodes(app.t.pool, 1))[0];
      const lac = await app.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const lap = await lac.newPage();
      const laWatch = watchConsole(lap);
      await lap.goto(`${app.base}/r#${await makeToken(app.t.pool, la.code)}`);
      await lap.getByRole("button", { name: "Start now" }).waitFor({ timeout: 60_000 });
      const text = await lap.locator("main").innerText();
      expect(text).toContain("Children's data audit team");
      expect(text).toContain("la-audit@university.ac.uk");
      expect(text).toContain("We answer within 3 working days.");
      expect(text).toContain("The audit is run by the University's children's data research group.");
      expect(text).not.toContain("example.org");
      expect(await axeViolations(lap)).toEqual([]);
      expect(laWatch.errors).toEqual([]);
      await lac.close();
    }, 240_000);
  }
});
