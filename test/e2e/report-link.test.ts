/**
 * Report links in real Chromium, at a desktop and a phone size: an admin sees each LA's report-link
 * state on the Reports page and downloads the mail-merge CSV of report links; the LA opens its link
 * (/report#token), which leaves the address bar, and reads only its own report with the PDF and CSV
 * downloads; after withdrawal the same browser is told plainly that the link no longer works, and a
 * wrong link says so too. Every page passes axe and logs no unexpected console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { openSignedInConsole } from "../support/console-browser.ts";
import { watchConsole } from "../support/browser-console.ts";
import { startReportsBrowserApp, type ReportsBrowserFixture } from "../support/reports-browser-fixture.ts";
import { loginAs, type LoggedIn } from "../helpers/auth.ts";
import { releaseAndWait } from "../helpers/release-job.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ReportsBrowserFixture;
let researcher: LoggedIn;

describe.skipIf(skip)("report links in Chromium", () => {
  beforeAll(async () => {
    f = await startReportsBrowserApp({ role: "admin" });
    researcher = await loginAs(f.t.app, "researcher");
    await releaseAndWait(researcher, { laCodes: f.world.submitted.slice(0, 4).map((s) => s.la.laCode) });
  }, 300_000);
  afterAll(async () => {
    await f?.close();
  });

  const viewports = [
    { name: "desktop", width: 1366, height: 900, la: 0, other: 2 },
    { name: "phone", width: 390, height: 844, la: 1, other: 3 },
  ];
  for (const viewport of viewports) {
    it(`an admin downloads the report links; the LA reads only its own report with its link, and not after withdrawal (${viewport.name})`, async () => {
      const { base, world, browser } = f;
      const la = world.submitted[viewport.la].la;
      const other = world.submitted[viewport.other].la;
      const size = { viewport: { width: viewport.width, height: viewport.height } };

      const { context, page, watch } = await openSignedInConsole(browser, base, f.account, viewport, { acceptDownloads: true });
      page.setDefaultTimeout(60_000);
      await page.goto(`${base}/console/reports`);
      await page.getByRole("heading", { level: 1, name: "Feedback reports" }).waitFor();
      await page.getByRole("row", { name: new RegExp(`${la.name}.*Released \\(version 1\\).*Working until`) }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download report links for a mail merge/ }).click()]);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.split("\n")[0]).toBe("la_code,la_name,link");
      const line = csv.split("\n").find((l) => l.startsWith(`${la.laCode},`))!;
      const link = /(http:\/\/localhost:3000\/report#[A-Za-z0-9_-]{43})/.exec(line)![1]!;
      const token = link.split("#")[1]!;

      // the LA opens its link (on this server): its report, nothing of another LA, the token gone from the address
      const laContext = await browser.newContext(size);
      const laPage = await laContext.newPage();
      laPage.setDefaultTimeout(30_000);
      const laWatch = watchConsole(laPage, [{ status: 401, path: "/api/report" }]);
      await laPage.goto(`${base}/report#${token}`);
      await laPage.getByRole("heading", { level: 1, name: `${la.name}: data capability and indicator feasibility` }).waitFor();
      expect(laPage.url()).toBe(`${base}/report`);
      expect(await laPage.content()).not.toContain(other.name);
      const ready = world.submitted[viewport.la].scores.indicators.filter((i) => i.band === "ready_now").length;
      expect(await laPage.getByRole("table", { name: "Indicators in each band" }).getByRole("row", { name: /Ready now/ }).textContent()).toBe(`Ready now${ready}`);
      expect(await laPage.getByRole("link", { name: "Download this report as a PDF" }).getAttribute("href")).toBe("/api/report.pdf");
      const pdf = await laPage.request.get(`${base}/api/report.pdf`);
      expect(pdf.status()).toBe(200);
      expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
      await laPage.getByRole("link", { name: "Download your figures as CSV" }).waitFor();
      expect(await laPage.getByRole("link", { name: /Back to the survey/ }).count()).toBe(0); // the report link opens no questionnaire
      expect(await axeViolations(laPage)).toEqual([]);

      // withdrawn: the same browser (its cookie) is told plainly that the link no longer works
      await researcher.agent.post("/api/admin/reports/withdraw").set("x-csrf-token", researcher.csrfToken).send({ laCodes: [la.laCode] }).expect(200);
      await laPage.reload();
      await laPage.getByText("This report link is not valid, has expired or has been withdrawn").waitFor();
      expect(await laPage.content()).not.toContain(`${la.name}: data capability`);
      expect(await axeViolations(laPage)).toEqual([]);

      // a wrong link in a fresh browser says so, and shows no report
      const wrongContext = await browser.newContext(size);
      const wrongPage = await wrongContext.newPage();
      const wrongWatch = watchConsole(wrongPage, [{ status: 401, path: "/api/report/session" }]);
      await wrongPage.goto(`${base}/report#${"x".repeat(43)}`);
      await wrongPage.getByText("This report link is not valid, has expired or has been withdrawn").waitFor();
      expect(await axeViolations(wrongPage)).toEqual([]);

      expect(watch.errors).toEqual([]);
      expect(laWatch.errors).toEqual([]);
      expect(wrongWatch.errors).toEqual([]);
      await Promise.all([context.close(), laContext.close(), wrongContext.close()]);
    }, 240_000);
  }
});
