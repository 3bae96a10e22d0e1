/**
 * Feedback reports in real Chromium, at a desktop and a phone size: a researcher opens the Reports
 * page, previews an LA's report, runs a dry run and releases it; the LA then reads its report from
 * its own link (and not before release, nor after withdrawal), and another LA's link shows only that
 * LA's state, never this report. Every page passes axe and logs no unexpected console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { openSignedInConsole } from "../support/console-browser.ts";
import { watchConsole } from "../support/browser-console.ts";
import { startReportsBrowserApp, type ReportsBrowserFixture } from "../support/reports-browser-fixture.ts";
import { makeToken } from "../routes/respondent/respondent-fixtures.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ReportsBrowserFixture;

describe.skipIf(skip)("feedback reports in Chromium", () => {
  beforeAll(async () => {
    f = await startReportsBrowserApp({ role: "researcher" });
  }, 300_000);
  afterAll(async () => {
    await f?.close();
  });

  const viewports = [
    { name: "desktop", width: 1366, height: 900, la: 0, other: 2 },
    { name: "phone", width: 390, height: 844, la: 1, other: 3 },
  ];
  for (const viewport of viewports) {
    it(`a researcher previews and releases; the LA reads only its own report, and not after withdrawal (${viewport.name})`, async () => {
      const { t, base, world, browser } = f;
      const la = world.submitted[viewport.la].la;
      const other = world.submitted[viewport.other].la;
      const size = { viewport: { width: viewport.width, height: viewport.height } };

      // the LA before release: told plainly that the report is not out yet
      const laContext = await browser.newContext(size);
      const laPage = await laContext.newPage();
      laPage.setDefaultTimeout(30_000);
      const laWatch = watchConsole(laPage, [{ status: 404, path: "/api/respondent/report" }]);
      const token = await makeToken(t.pool, la.laCode);
      await laPage.goto(`${base}/r/report#${token}`);
      await laPage.getByText("Your report has not been released yet").waitFor();
      expect(await axeViolations(laPage)).toEqual([]);

      // the researcher: Reports page, preview, dry run, release
      const { context, page, watch } = await openSignedInConsole(browser, base, f.account, viewport);
      page.setDefaultTimeout(60_000);
      await page.goto(`${base}/console/reports`);
      await page.getByRole("heading", { level: 1, name: "Feedback reports" }).waitFor();
      await page.getByRole("row", { name: new RegExp(la.name) }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      const preview = page.getByRole("link", { name: `Preview ${la.name}'s report` });
      expect(await preview.getAttribute("href")).toBe(`/console/reports/${la.laCode}`);
      await preview.click();
      await page.getByRole("heading", { level: 1, name: `Preview: ${la.name}: data capability and indicator feasibility` }).waitFor();
      await page.getByRole("heading", { level: 2, name: "What would move it up" }).waitFor();
      // the release e-mail it would send: no SMTP on this server and no contact, both said plainly
      const mail = page.getByRole("region", { name: "The e-mail sent when this report is released" });
      await mail.getByText(`Subject: Your feedback report from the LA Data Capability Audit: ${la.name}`).waitFor();
      await mail.getByText("E-mail is not configured on this server").waitFor();
      await mail.getByText(`${la.name} has no active contact`).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("link", { name: "Back to feedback reports" }).click();

      await page.getByLabel(`Choose ${la.name}`).check();
      await page.getByRole("button", { name: "Dry run for the chosen reports" }).click();
      await page.getByRole("heading", { name: "Dry run: nothing was released" }).waitFor();
      // the count said in words, not a bare number before the names
      expect(await page.locator("#report-outcome").textContent()).toContain(`1 LA would get its report: ${la.name} (${la.laCode}).`);
      expect(await axeViolations(page)).toEqual([]);
      // releasing asks first, with the count; Cancel releases nothing
      const releasedBefore = async () => Number((await t.pool.query("SELECT count(*) AS n FROM report_releases WHERE la_code = $1", [la.laCode])).rows[0].n);
      const before = await releasedBefore();
      await page.getByRole("button", { name: "Release the chosen reports (1)" }).click();
      const confirm = page.getByRole("region", { name: "Release 1 report?" });
      await confirm.waitFor();
      expect(await confirm.textContent()).toContain("1 LA will get its feedback report.");
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
      expect(await axeViolations(page)).toEqual([]);
      await confirm.getByRole("button", { name: "Cancel" }).click();
      await confirm.waitFor({ state: "detached" });
      expect(await releasedBefore()).toBe(before);
      await page.getByRole("row", { name: new RegExp(`${la.name}.*Not released|${la.name}.*Withdrawn`) }).waitFor();
      // confirmed: the release runs on the server, a progress bar with counts, then what happened
      await page.getByRole("button", { name: "Release the chosen reports (1)" }).click();
      await confirm.getByRole("button", { name: "Release 1 report" }).click();
      await page.getByRole("heading", { name: /^(Releasing reports|Release finished)$/ }).waitFor();
      const progress = page.getByRole("progressbar", { name: /of 1 LAs done/ });
      await progress.waitFor();
      // the phone run's page opens on the desktop run's finished job: wait for this job's own count, then its end
      await expect.poll(() => progress.getAttribute("value"), { timeout: 120_000 }).toBe("1");
      await page.getByRole("heading", { name: "Release finished" }).waitFor();
      expect(await page.locator("#release-job").textContent()).toContain("1 report released, 0 skipped, 0 failed.");
      await page.getByRole("row", { name: new RegExp(`${la.name}.*Released \\(version 1\\)`) }).waitFor();
      await page.getByRole("link", { name: /Download every released PDF \(\d+, zip\)/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // after a reload the page finds the release again
      await page.reload();
      await page.getByRole("heading", { name: "Release finished" }).waitFor();
      expect(await page.locator("#release-job").textContent()).toContain("1 report released");

      // the LA reads its report: its name, its band counts, England beside it
      await laPage.reload();
      await laPage.getByRole("heading", { level: 1, name: `${la.name}: data capability and indicator feasibility` }).waitFor();
      const own = world.submitted[viewport.la].scores;
      const ready = own.indicators.filter((i) => i.band === "ready_now").length;
      const summary = laPage.getByRole("table", { name: "Indicators in each band" });
      expect(await summary.getByRole("row", { name: /Ready now/ }).textContent()).toBe(`Ready now${ready}`);
      expect(await laPage.getByRole("columnheader", { name: "England" }).count()).toBeGreaterThan(0);
      await laPage.getByRole("link", { name: "Download this report as a PDF" }).waitFor();
      expect(await axeViolations(laPage)).toEqual([]);

      // another LA's link, in a fresh browser: never this report
      const otherContext = await browser.newContext(size);
      const otherPage = await otherContext.newPage();
      const otherWatch = watchConsole(otherPage, [{ status: 404, path: "/api/respondent/report" }]);
      await otherPage.goto(`${base}/r/report#${await makeToken(t.pool, other.laCode)}`);
      await otherPage.getByText("Your report has not been released yet").waitFor();
      expect(await otherPage.content()).not.toContain(la.name);

      // withdrawn: the LA's page says it is not released
      await page.getByLabel(`Choose ${la.name}`).check();
      await page.getByRole("button", { name: "Withdraw the chosen reports" }).click();
      await page.getByRole("heading", { name: "Withdrawn" }).waitFor();
      expect(await page.locator("#report-outcome").textContent()).toContain(`1 report withdrawn: ${la.name} (${la.laCode}).`);
      await page.getByRole("row", { name: new RegExp(`${la.name}.*Withdrawn`) }).waitFor();
      await laPage.reload();
      await laPage.getByText("Your report has not been released yet").waitFor();

      expect(watch.errors).toEqual([]);
      expect(laWatch.errors).toEqual([]);
      expect(otherWatch.errors).toEqual([]);
      await Promise.all([context.close(), laContext.close(), otherContext.close()]);
    }, 240_000);
  }
});
