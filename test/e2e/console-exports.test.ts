/**
 * The console's Exports page in real Chromium, at a desktop and a phone size: an admin downloads the
 * workbook and the statistics bundle (size and time shown), is stopped from taking personal data
 * without a reason, then takes it with one (the reason lands in the audit trail); a researcher is
 * never offered personal data. Every state passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { elementsWiderThanWindow, openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { listAudit } from "../../server/repositories/audit-repository.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

async function downloadBy(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), bytes: fs.readFileSync(file) };
}

describe.skipIf(skip)("exports page in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`an admin downloads both files, and personal data only with a reason (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport, { acceptDownloads: true });
      await page.getByRole("link", { name: "Exports" }).click();
      await page.getByRole("heading", { level: 1, name: "Exports" }).waitFor();
      await page.getByText(/For analysis in SPSS, Stata or R/).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // every LA, no personal data: a real workbook, its size and time shown
      await page.getByLabel("Every LA, including those still answering or not started").check();
      const workbook = await downloadBy(page, "Download the Excel workbook");
      expect(workbook.name).toMatch(/-responses-all-\d{4}-\d{2}-\d{2}\.xlsx$/);
      expect(workbook.bytes.subarray(0, 2).toString()).toBe("PK");
      const kb = Math.round(workbook.bytes.length / 1000);
      await expect.poll(() => page.locator("#export-result").textContent()).toMatch(new RegExp(`Downloaded ${workbook.name.replace(/\./g, "\\.")}: (${kb}|${kb - 1}|${kb + 1}) KB, in `));
      expect(await axeViolations(page)).toEqual([]);

      // personal data without a reason: refused in the page, nothing requested
      const before = (await listAudit(f.t.pool, { action: "export.responses" })).length;
      await page.getByLabel("Include personal data").check();
      await page.getByLabel("Why do you need personal data?").fill("need it");
      await page.getByRole("button", { name: "Download the statistics bundle" }).click();
      await page.getByRole("alert").getByRole("link", { name: /Say why you need personal data, in at least 10 characters/ }).waitFor();
      expect(await page.getByLabel("Why do you need personal data?").getAttribute("aria-invalid")).toBe("true");
      expect(await axeViolations(page)).toEqual([]);
      expect((await listAudit(f.t.pool, { action: "export.responses" })).length).toBe(before);

      // with a reason: the bundle has the scripts, and the audit trail has the reason
      const reason = `Arranging case-study visits (${viewport.name})`;
      await page.getByLabel("Why do you need personal data?").fill(reason);
      const bundle = await downloadBy(page, "Download the statistics bundle");
      expect(bundle.name).toMatch(/-responses-all-personal-\d{4}-\d{2}-\d{2}\.zip$/);
      expect(bundle.bytes.includes(Buffer.from("responses.sps"))).toBe(true);
      await page.getByRole("alert").waitFor({ state: "detached" });
      const rows = page.locator("#export-done tbody tr");
      await expect.poll(() => rows.count()).toBe(2);
      expect(await rows.first().textContent()).toMatch(/\.zip.*Included/);
      const audit = await listAudit(f.t.pool, { action: "export.responses" });
      expect(audit.at(-1)).toMatchObject({ actor: f.accounts.admin.id, details: { format: "zip", status: "all", includePersonal: true, reason } });
      expect(await axeViolations(page)).toEqual([]);
      // nothing sticks out sideways (names any element wider than the window)
      expect(await elementsWiderThanWindow(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await context.close();
    }, 180_000);
  }

  it("a researcher downloads without being offered personal data", async () => {
    const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, VIEWPORTS[0], { acceptDownloads: true });
    await page.goto(`${f.base}/console/exports`);
    await page.getByRole("heading", { level: 1, name: "Exports" }).waitFor();
    expect(await page.getByLabel("Include personal data").count()).toBe(0);
    await page.getByText("Only an admin can include it.").waitFor();
    const workbook = await downloadBy(page, "Download the Excel workbook");
    expect(workbook.name).toMatch(/-responses-submitted-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  }, 120_000);
});
