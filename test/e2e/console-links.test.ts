/**
 * The console's Links page in real Chromium, at a desktop and a phone size: an admin issues an LA's
 * link (shown once, and it works), reissues it (the old one stops), revokes it, and issues every
 * missing link as the mail-merge CSV; the table shows when each was issued, used and expires. Every
 * state passes axe, each action is in the audit trail, and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { elementsWiderThanWindow, openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { listAudit } from "../../server/repositories/audit-repository.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;
let las: { code: string; name: string }[];

async function respondentStatus(link: string): Promise<number> {
  const res = await fetch(`${f.base}/api/respondent/response`, { headers: { authorization: `Bearer ${link.split("#")[1]}` } });
  return res.status;
}

async function newLink(page: Page): Promise<string> {
  const box = page.getByLabel(/^Link for /);
  await box.waitFor();
  return box.inputValue();
}

describe.skipIf(skip)("links page in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
    las = (await f.t.pool.query("SELECT la_code AS code, name FROM las ORDER BY name LIMIT 2")).rows;
  }, 300_000);
  afterAll(() => f?.close());

  for (const [i, viewport] of VIEWPORTS.entries()) {
    it(`an admin issues, reissues and revokes a link and downloads the mail-merge CSV (${viewport.name})`, async () => {
      const la = las[i]!;
      const label = `${la.name} (${la.code})`;
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport, { acceptDownloads: true });
      await page.getByRole("link", { name: "Links", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "LA survey links" }).waitFor();
      await page.locator("#links-table tbody tr").first().waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("Search by name, code or region").fill(la.name);
      const row = page.locator(`#link-${la.code}`);
      // a link left working by an earlier run is revoked first, so every run starts from "no link"
      if ((await row.locator("td").nth(1).textContent())?.startsWith("Working")) {
        await page.getByRole("button", { name: `Revoke the link for ${label}` }).click();
        await page.getByRole("button", { name: "Yes, revoke the link" }).click();
        await page.getByText(`Revoked the link for ${label}`).waitFor();
      }

      // issue: shown once, and it works
      await page.getByRole("button", { name: `Issue a link for ${label}` }).click();
      const first = await newLink(page);
      expect(first).toMatch(/\/r#[A-Za-z0-9_-]{43}$/);
      expect(await respondentStatus(first)).toBe(200);
      await expect.poll(() => row.locator("td").nth(1).textContent()).toBe("Working");
      expect(await row.locator("td").nth(2).textContent()).not.toBe("Never");
      expect(await row.locator("td").nth(4).textContent()).not.toBe("—");
      expect(await axeViolations(page)).toEqual([]);

      // reissue, after a confirmation: a new link, and the old one stops working
      await page.getByRole("button", { name: `Reissue the link for ${label}` }).click();
      await page.getByRole("heading", { name: `Replace the link for ${label}?` }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("links-confirm-h");
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Yes, issue a new link" }).click();
      await page.getByText(/the earlier link no longer works/).waitFor();
      const second = await newLink(page);
      expect(second).not.toBe(first);
      expect(await respondentStatus(first)).toBe(401);
      expect(await respondentStatus(second)).toBe(200);
      await expect.poll(() => row.locator("td").nth(3).textContent()).not.toBe("Not used"); // the new link was just used

      // revoke
      await page.getByRole("button", { name: `Revoke the link for ${label}` }).click();
      await page.getByRole("button", { name: "Yes, revoke the link" }).click();
      await page.getByText(`Revoked the link for ${label}`).waitFor();
      await expect.poll(() => row.locator("td").nth(1).textContent()).toMatch(/^Revoked on /);
      expect(await respondentStatus(second)).toBe(401);

      // the mail-merge CSV: a new link for every LA without one, this LA included
      await page.getByLabel("Search by name, code or region").fill("");
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: /^Issue links for the \d+ LAs without one and download the CSV$/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/^la-survey-links-\d{4}-\d{2}-\d{2}\.csv$/);
      const rows = parse(fs.readFileSync(await download.path(), "utf8"), { columns: true }) as Record<string, string>[];
      const mine = rows.find((r) => r.la_code === la.code)!;
      expect(mine).toMatchObject({ la_name: la.name });
      expect(await respondentStatus(mine.link!)).toBe(200);
      await page.getByText(/keep the file safe and delete it after the mail-merge/).waitFor();
      await page.getByRole("button", { name: "Every LA has a working link" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // opened again from its address: the state is kept, and no link is shown any more (shown once)
      await page.goto(`${f.base}/console/links`);
      await page.getByRole("heading", { level: 1, name: "LA survey links" }).waitFor();
      await expect.poll(() => page.locator(`#link-${la.code} td`).nth(1).textContent()).toBe("Working");
      expect(await page.getByLabel(/^Link for /).count()).toBe(0);
      expect(await page.content()).not.toContain(mine.link!.split("#")[1]);

      const audit = await listAudit(f.t.pool, { laCode: la.code });
      const mineAudit = audit.filter((a) => a.actor === f.accounts.admin.id).map((a) => `${a.action}:${a.details.via}`);
      expect(mineAudit).toEqual(expect.arrayContaining(["token.issue:console", "token.revoke:reissue", "token.revoke:console", "token.issue:links-csv"]));
      expect(await elementsWiderThanWindow(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await context.close();
    }, 180_000);
  }
});
