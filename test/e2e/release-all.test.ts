/**
 * "Release every submitted LA's report" clicked in real Chromium by an admin: the page first asks,
 * saying how many LAs will get their report and who can then see it; Cancel releases nothing. Once
 * confirmed, the page shows the release's progress and then what happened; every submitted LA is released and reachable (the
 * report-links CSV has a link for each, which opens that LA's report), an LA still answering is not
 * released nor given a link; pressing the button again (nothing left to release, so nothing to ask)
 * releases nothing and names each LA skipped with its reason. Desktop and phone sizes; every page passes axe and logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { watchConsole } from "../support/browser-console.ts";
import { startReportsBrowserApp, type ReportsBrowserFixture } from "../support/reports-browser-fixture.ts";
import { demoWorld } from "../support/demo-reports.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const SEEDED = 6; // the first six demo LAs: five submitted, the last still answering
let f: ReportsBrowserFixture;

describe.skipIf(skip)("releasing every report from the Reports page in Chromium", () => {
  beforeAll(async () => {
    const late = demoWorld().submitted[SEEDED - 1].la.laCode;
    f = await startReportsBrowserApp({ role: "admin", only: SEEDED, inProgress: [late] });
  }, 300_000);
  afterAll(async () => {
    await f?.close();
  });

  it("an admin releases every submitted LA's report; each is reachable by its link, the LA still answering is not; again, all are skipped with the reason", async () => {
    const [desktop, phone] = VIEWPORTS;
    const submitted = f.world.submitted.slice(0, SEEDED - 1).map((s) => s.la);
    const late = f.world.submitted[SEEDED - 1].la;

    const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.account, desktop, { acceptDownloads: true });
    page.setDefaultTimeout(60_000);
    await page.goto(`${f.base}/console/reports`);
    await page.getByRole("heading", { level: 1, name: "Feedback reports" }).waitFor();
    await page.getByText(`${submitted.length} LAs submitted; 0 reports released.`).waitFor();
    await page.getByRole("row", { name: new RegExp(`${late.name}.*In progress.*Not released`) }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // one click only asks: how many LAs get their report, who can then see it, and focus on Cancel
    const releaseAll = page.getByRole("button", { name: "Release every submitted LA's report" });
    await releaseAll.click();
    const confirm = page.getByRole("region", { name: `Release ${submitted.length} reports?` });
    await confirm.waitFor();
    const asked = await confirm.textContent();
    expect(asked).toContain(`${submitted.length} LAs will get their feedback report.`);
    expect(asked).toContain("Each LA's respondents will be able to read it from their survey link");
    expect(asked).toContain("E-mail is not configured on this server, so nobody is e-mailed"); // this server has no SMTP
    expect(asked).not.toContain("will be skipped");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Cancel");
    expect(await confirm.getByRole("button", { name: `Release ${submitted.length} reports` }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    // Cancel: nothing released, no release started, focus back on the button
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await confirm.waitFor({ state: "detached" });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Release every submitted LA's report");
    const count = async (table: string) => Number((await f.t.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);
    expect([await count("report_releases"), await count("report_release_jobs"), await count("report_links")]).toEqual([0, 0, 0]);
    expect(await page.locator("#release-job").count()).toBe(0);
    await page.getByText(`${submitted.length} LAs submitted; 0 reports released.`).waitFor();

    // confirmed: the release runs on the server, a progress bar with counts, then what happened
    await releaseAll.click();
    await page.getByRole("region", { name: `Release ${submitted.length} reports?` }).getByRole("button", { name: `Release ${submitted.length} reports` }).click();
    await page.getByRole("heading", { name: /^(Releasing reports|Release finished)$/ }).waitFor();
    const progress = page.getByRole("progressbar", { name: `of ${submitted.length} LAs done` });
    await progress.waitFor();
    await page.getByRole("heading", { name: "Release finished" }).waitFor({ timeout: 180_000 });
    expect(await progress.getAttribute("value")).toBe(String(submitted.length));
    const job = page.locator("#release-job");
    expect(await job.textContent()).toContain(`${submitted.length} reports released, 0 skipped, 0 failed.`);
    for (const la of submitted) await page.getByRole("row", { name: new RegExp(`${la.name}.*Released \\(version 1\\).*Working until`) }).waitFor();
    await page.getByRole("row", { name: new RegExp(`${late.name}.*In progress.*Not released.*None working`) }).waitFor();
    await page.getByText(`${submitted.length} LAs submitted; ${submitted.length} reports released.`).waitFor();
    await page.getByRole("link", { name: `Download every released PDF (${submitted.length}, zip)` }).waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // a link for every released LA, none for the LA still answering; one LA opens its own report
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download report links for a mail merge/ }).click()]);
    const lines = fs.readFileSync((await download.path())!, "utf8").trim().split("\n");
    expect(lines[0]).toBe("la_code,la_name,link");
    expect(lines.slice(1).map((l) => l.split(",")[0]).sort()).toEqual(submitted.map((la) => la.laCode).sort());
    const la = submitted[2];
    const token = /\/report#([A-Za-z0-9_-]{43})/.exec(lines.find((l) => l.startsWith(`${la.laCode},`))!)![1]!;
    const laContext = await f.browser.newContext({ viewport: { width: phone.width, height: phone.height } });
    const laPage = await laContext.newPage();
    laPage.setDefaultTimeout(30_000);
    const laWatch = watchConsole(laPage);
    await laPage.goto(`${f.base}/report#${token}`);
    await laPage.getByRole("heading", { level: 1, name: `${la.name}: data capability and indicator feasibility` }).waitFor();
    expect(await laPage.getByRole("link", { name: "Download this report as a PDF" }).getAttribute("href")).toBe("/api/report.pdf");
    const pdf = await laPage.request.get(`${f.base}/api/report.pdf`);
    expect(pdf.status()).toBe(200);
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(await axeViolations(laPage)).toEqual([]);

    // pressed again, on a phone: nothing to release, each LA named as skipped with the reason
    const again = await openSignedInConsole(f.browser, f.base, f.account, phone);
    again.page.setDefaultTimeout(60_000);
    await again.page.goto(`${f.base}/console/reports`);
    await again.page.getByRole("heading", { name: "Release finished" }).waitFor(); // the last release, found again
    // from the press on, the last release's result must never stand in for this one's
    const lastJob = await again.page.locator("#release-job").getAttribute("data-job-id");
    expect(lastJob).toMatch(/^\d+$/);
    await again.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { jobsShown: string[] }).jobsShown = seen;
      new MutationObserver(() => {
        const panel = document.getElementById("release-job");
        if (panel) seen.push(panel.dataset.jobId ?? "");
      }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    });
    await again.page.getByRole("button", { name: "Release every submitted LA's report" }).click();
    expect(await again.page.locator("#release-confirm").count()).toBe(0);
    await again.page.getByText(`${submitted[0].name} (${submitted[0].laCode}): already released (version 1) on this snapshot`).waitFor({ timeout: 120_000 });
    await again.page.getByRole("heading", { name: "Release finished" }).waitFor();
    expect(await again.page.locator("#release-job").textContent()).toContain(`0 reports released, ${submitted.length} skipped, 0 failed.`);
    const skipped = await again.page.locator("#release-job").textContent();
    expect(skipped).toContain("Skipped:");
    for (const s of submitted) expect(skipped).toContain(`${s.name} (${s.laCode}): already released (version 1) on this snapshot`);
    expect(skipped).not.toContain(late.name);
    const shown = await again.page.evaluate(() => (window as unknown as { jobsShown: string[] }).jobsShown);
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((id) => id === lastJob)).toEqual([]);
    expect(await axeViolations(again.page)).toEqual([]);

    expect(watch.errors).toEqual([]);
    expect(laWatch.errors).toEqual([]);
    expect(again.watch.errors).toEqual([]);
    await Promise.all([context.close(), laContext.close(), again.context.close()]);
  }, 300_000);
});
