/**
 * The e-mail preview is written for a real LA, chosen by name: its name and its contact's name in
 * the text, never a made-up example. An LA this send would not reach is said to be one, and with no
 * LA chosen the preview is the first LA that would receive it, or says that none would. Real Chromium
 * at a desktop and a phone size, with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;
let laName: string;
let otherName: string;

describe.skipIf(skip)("e-mail preview for a real LA in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser(); // LA 202 has a contact, Sam Smith
    laName = (await f.t.pool.query("SELECT name FROM las WHERE la_code = '202'")).rows[0].name;
    otherName = (await f.t.pool.query("SELECT name FROM las WHERE la_code = '203'")).rows[0].name;
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`previews the invitation as a chosen LA would receive it (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport);
      await page.goto(`${f.base}/console/emails`);
      await page.getByRole("heading", { name: "Template" }).waitFor();
      await expect.poll(() => page.locator("#preview-as option").count()).toBeGreaterThan(100);
      await page.getByLabel("Preview as").selectOption({ label: laName });
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      const preview = page.locator(".preview");
      await preview.waitFor();
      await expect.poll(() => preview.textContent()).toContain(`As ${laName} would receive it`);
      const body = await page.locator(".mail-body").textContent();
      expect(body).toContain(laName);
      expect(body).toContain("Sam Smith");
      expect(`${body}${await preview.textContent()}`).not.toMatch(/Example Council|Alex Example/);
      expect(await preview.textContent()).toContain("addressed to Sam Smith");
      expect(await axeViolations(page)).toEqual([]);
      // an LA with no contact: still its own name, and no invented person
      await page.getByLabel("Preview as").selectOption({ label: `${otherName} (no contact on record)` });
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      // ... and plainly not a recipient of this send
      await expect.poll(() => preview.textContent()).toContain(`As ${otherName} would see it (no contact on record for this LA). This send would not reach ${otherName}:`);
      expect(await page.locator(".mail-body").textContent()).toContain(otherName);
      expect(await preview.textContent()).not.toMatch(/Example Council|Alex Example/);

      // saving reloads the templates: what is typed while that reload is on its way is kept, and so are
      // the confirmation and the preview (the reload is held, and marked so the test sees it has landed)
      let releaseReload = () => {};
      const reloadHeld = new Promise<void>((resolve) => (releaseReload = resolve));
      await page.route(
        "**/api/admin/email-templates",
        async (route) => {
          await reloadHeld;
          const response = await route.fetch();
          const json = (await response.json()) as { placeholders: string[]; templates: { key: string; placeholders?: string[] }[] };
          for (const t of json.templates) if (t.key === "invitation") t.placeholders = [...(t.placeholders ?? json.placeholders), "reloaded"];
          await route.fulfill({ response, json });
        },
        { times: 1 },
      );
      await page.getByRole("button", { name: "Save template" }).click();
      await page.getByText("The invitation template was saved.").waitFor();
      const subject = page.getByLabel("Subject");
      const typed = `${await subject.inputValue()} (being edited)`;
      await subject.fill(typed);
      releaseReload();
      await page.getByText(/Placeholders: .*\{\{reloaded\}\}/).waitFor();
      expect(await subject.inputValue()).toBe(typed);
      expect(await page.getByText("The invitation template was saved.").isVisible()).toBe(true);
      expect(await preview.textContent()).toContain(`As ${otherName} would see it`);

      // no LA chosen, and none in the audience would receive it: the preview says so
      await page.getByLabel("Preview as").selectOption({ label: "The first LA that would receive it" });
      await page.getByLabel(/Only these LAs/).fill("203");
      await page.getByRole("button", { name: "Preview and show audience" }).click();
      await expect.poll(() => preview.textContent()).toContain("No LA would receive this e-mail");
      expect(await preview.textContent()).not.toMatch(/would receive it,|would receive it;/);
      expect(await axeViolations(page)).toEqual([]);
      // and with one that would, the preview is that LA's
      await page.getByLabel(/Only these LAs/).fill("203, 202");
      await page.getByRole("button", { name: "Preview and show audience" }).click();
      await expect.poll(() => preview.textContent()).toContain(`As ${laName} would receive it, addressed to Sam Smith`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }
});
