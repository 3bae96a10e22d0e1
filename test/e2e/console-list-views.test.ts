/**
 * The console's lists that a researcher narrows (Links, Contacts, the sent e-mails log) keep their
 * search and filters in the address, so a reload, Back and a copied link bring back the same view;
 * the searches forgive a one-letter typo; the log names LAs and kinds in words. Real Chromium at a
 * desktop and a phone size, axe on each view, and no browser console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;
let la202: string;
let la203: string;

/** One letter of the longest word left out: "Hammersmith" -> "Hamersmith". */
function typo(name: string): string {
  const word = name.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;
  const at = name.indexOf(word) + 2;
  return name.slice(0, at) + name.slice(at + 1);
}

describe.skipIf(skip)("console list views keep their filters in the address", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser(); // LA 202 has a contact and one failed invitation in the send log
    la202 = (await f.t.pool.query("SELECT name FROM las WHERE la_code = '202'")).rows[0].name;
    la203 = (await f.t.pool.query("SELECT name FROM las WHERE la_code = '203'")).rows[0].name;
    await f.t.pool.query(`INSERT INTO la_contacts (la_code, name, email, role) VALUES ('203', 'Ann Head', 'ann@la203.gov.uk', 'Head of service')`);
    await f.t.pool.query(`INSERT INTO email_sends (kind, la_code, to_address, subject, outcome) VALUES ('reminder', '203', 'ann@la203.gov.uk', 'Reminder', 'sent')`);
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`Links, Contacts and Sent e-mails: search and filters survive reload and Back (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport);

      // Links: a forgiving search and the state filter
      await page.goto(`${f.base}/console/links`);
      await page.locator("#links-table tbody tr").first().waitFor();
      const all = await page.locator("#links-table tbody tr").count();
      await page.getByLabel("Search by name, code or region").fill(typo(la202));
      await page.getByLabel("Link", { exact: true }).selectOption("none");
      await expect.poll(() => page.locator("#links-table tbody tr").count()).toBe(1);
      await expect.poll(() => new URL(page.url()).searchParams.get("state")).toBe("none");
      expect(new URL(page.url()).searchParams.get("q")).toBe(typo(la202));
      expect(await page.locator("#link-202").count()).toBe(1);
      expect(await axeViolations(page)).toEqual([]);
      await page.reload();
      await expect.poll(() => page.locator("#links-table tbody tr").count()).toBe(1);
      expect(await page.getByLabel("Search by name, code or region").inputValue()).toBe(typo(la202));
      expect(await page.getByLabel("Link", { exact: true }).inputValue()).toBe("none");
      await page.getByLabel("Search by name, code or region").fill("");
      await page.getByLabel("Link", { exact: true }).selectOption("");
      await expect.poll(() => page.locator("#links-table tbody tr").count()).toBe(all);
      expect(new URL(page.url()).search).toBe("");

      // Contacts: search by LA name (with a typo), contact name or e-mail
      const linksUrl = page.url();
      await page.goto(`${f.base}/console/contacts`);
      await page.getByRole("heading", { level: 1, name: "LA contacts" }).waitFor();
      const rows = page.locator("table.console-table tbody tr");
      await expect.poll(() => rows.count()).toBe(2);
      await page.getByLabel("Search by LA, name or e-mail").fill(typo(la203));
      await expect.poll(() => rows.count()).toBe(1);
      expect(await rows.first().innerText()).toContain("Ann Head");
      await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe(typo(la203));
      expect(await axeViolations(page)).toEqual([]);
      await page.reload();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await page.getByLabel("Search by LA, name or e-mail").inputValue()).toBe(typo(la203));
      await page.getByLabel("Search by LA, name or e-mail").fill("nobody-here");
      await page.getByText("No contact matches “nobody-here”.").waitFor();
      // Back returns to Links as it was left
      await page.goBack();
      await expect.poll(() => page.url()).toBe(linksUrl);

      // Sent e-mails: kinds and LAs in words; kind, outcome and search in the address
      await page.goto(`${f.base}/console/emails`);
      const log = page.locator("section", { has: page.getByRole("heading", { name: "Sent e-mails" }) });
      const logRows = log.locator("tbody tr");
      await expect.poll(() => logRows.count()).toBe(2);
      // LA names arrive with the LA list, which may come after the log
      await expect.poll(() => log.locator("tbody").innerText()).toContain(la202);
      const text = await log.locator("tbody").innerText();
      expect(text).toContain(la203);
      expect(text).toContain("Invitation");
      expect(text).toContain("Reminder");
      expect(text).not.toMatch(/\binvitation\b|\breminder\b/);
      await page.getByLabel("Outcome").selectOption("failed");
      await expect.poll(() => logRows.count()).toBe(1);
      expect(await logRows.first().innerText()).toContain("Failed: 550 mailbox unavailable");
      await page.getByLabel("Outcome").selectOption("");
      await page.getByLabel("Kind").selectOption("reminder");
      await page.getByLabel("LA or address").fill(typo(la203));
      await expect.poll(() => logRows.count()).toBe(1);
      const url = new URL(page.url());
      expect([url.searchParams.get("logKind"), url.searchParams.get("logQ")]).toEqual(["reminder", typo(la203)]);
      expect(await axeViolations(page)).toEqual([]);
      await page.reload();
      await expect.poll(() => logRows.count()).toBe(1);
      expect(await page.getByLabel("Kind").inputValue()).toBe("reminder");
      expect(await logRows.first().innerText()).toContain(la203);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);

      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }
});
