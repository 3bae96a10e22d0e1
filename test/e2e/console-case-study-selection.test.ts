/**
 * Case-study selection in real Chromium at a desktop and a phone size: LAs chosen by name with a
 * type-ahead (keyboard only, with a one-letter typo), the small-LA rule stated and applied (the Isles
 * of Scilly left out by default), a decline recorded on an LA's fieldwork page shown with its reason
 * and left out of the next run, the result brought into view after a run, every run kept and listed,
 * the run shown kept in the address (reload and Back bring it back, with its settings in the form),
 * re-running a kept run giving the same picks, saving a run; errors next to the field they name.
 * axe on every view; any browser console error fails the test.
 *
 * Data: 14 LAs that submitted and agreed (test/helpers/case-study-seed.ts), the Isles of Scilly among
 * them; Kent has declined on its fieldwork page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { createAccount } from "../helpers/auth.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../helpers/case-study-seed.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";

let app: BrowserApp;
let researcher: { email: string; password: string };

const DECLINE_REASON = "No analyst time before the spring";

async function openPage(page: Page, query = ""): Promise<void> {
  await page.goto(`${app.base}/console/case-studies${query}`);
  await page.getByRole("heading", { level: 1, name: "Case-study selection" }).waitFor();
  await page.getByRole("combobox", { name: "Must include" }).waitFor();
}

/** Choose an LA in a picker by keyboard: type, arrow down to the option, Enter. */
async function chooseByKeyboard(page: Page, picker: string, typed: string, expectName: string): Promise<void> {
  const box = page.getByRole("combobox", { name: picker });
  await box.focus();
  await page.keyboard.type(typed);
  await expect.poll(() => box.getAttribute("aria-expanded")).toBe("true");
  await page.keyboard.press("ArrowDown");
  const active = await box.getAttribute("aria-activedescendant");
  expect(active).toBeTruthy();
  expect(await page.locator(`[id="${active}"]`).innerText()).toContain(expectName);
  await page.keyboard.press("Enter");
  await page.getByRole("list", { name: `${picker}: chosen LAs` }).getByText(expectName, { exact: false }).waitFor();
  expect(await box.getAttribute("aria-expanded")).toBe("false");
}

const pickNames = (page: Page) => page.locator("#cs-result ol.pick-list > li strong").allInnerTexts();
const resultHeading = (page: Page) => page.locator("#cs-result-h");

async function runAndWait(page: Page, previousRun: string | null): Promise<string> {
  await page.getByRole("button", { name: "Run selection" }).click();
  await expect.poll(async () => new URL(page.url()).searchParams.get("run")).not.toBe(previousRun);
  const id = new URL(page.url()).searchParams.get("run")!;
  await page.getByRole("heading", { level: 2, name: new RegExp(`^Run ${id}: wave 1`) }).waitFor();
  return id;
}

describe.skipIf(skip)("case-study selection in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    researcher = await createAccount(app.t.app, "researcher", "researcher@research.example");
    await seedCaseStudyLas(app.t.pool, STANDARD_SEEDS);
    await app.t.pool.query(`INSERT INTO case_study_records (la_code, status, decline_reason, updated_by) VALUES ('886', 'declined', $1, 'test')`, [DECLINE_REASON]);
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    it(`choose LAs by name, run, see the result; the run is kept, in the address, reloadable and reproducible (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(app.browser, app.base, researcher, viewport);
      try {
        await openPage(page);
        // the rules in force are stated before the run
        await expect.poll(() => page.locator("#cs-rules-now").innerText()).toMatch(/LAs with fewer than 5,000 children aged 0–17 are left out\..*that declined a case study \(below\) is left out/);
        const declines = page.getByRole("table", { name: "LAs that declined, with the reason" });
        await declines.waitFor();
        expect(await declines.innerText()).toContain("Kent");
        expect(await declines.innerText()).toContain(DECLINE_REASON);
        expect(await page.getByLabel(/Leave out LAs that declined a case study \(1 recorded/).isChecked()).toBe(true);

        // Camden by name, typed with a letter missing, by keyboard alone
        await chooseByKeyboard(page, "Must include", "camdn", "Camden");
        await page.getByLabel("Number of LAs (k)").fill("3");
        const first = await runAndWait(page, null);
        // the result is brought into view and focused
        await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("cs-result-h");
        const where = () => resultHeading(page).evaluate((el) => ({ top: el.getBoundingClientRect().top, height: window.innerHeight }));
        // scrolled to the top of the window, give or take a sub-pixel
        await expect.poll(where).toSatisfy((w: { top: number; height: number }) => w.top > -2 && w.top < w.height);
        const picks = await pickNames(page);
        expect(picks).toHaveLength(3);
        expect(picks).toContain("Camden (202)");
        expect(picks.join(" ")).not.toMatch(/Isles of Scilly|Kent/);
        const result = page.locator("#cs-result");
        expect(await result.innerText()).toContain("Isles of Scilly (319 children): left out");
        expect(await result.innerText()).toContain(`Left out because they declined a case study: Kent (“${DECLINE_REASON}”)`);
        expect(await axeViolations(page)).toEqual([]);

        // reload: the same run is shown and its settings are back in the form
        await page.reload();
        await page.getByRole("heading", { level: 2, name: new RegExp(`^Run ${first}: wave 1`) }).waitFor();
        expect(await pickNames(page)).toEqual(picks);
        await page.getByRole("list", { name: "Must include: chosen LAs" }).getByText("Camden").waitFor();
        await expect.poll(() => page.getByLabel("Number of LAs (k)").inputValue()).toBe("3");

        // re-running it gives the same picks, as a new kept run
        const second = await runAndWait(page, first);
        expect(second).not.toBe(first);
        expect(await pickNames(page)).toEqual(picks);
        const history = page.locator("#cs-runs table tbody tr");
        await expect.poll(() => history.count()).toBeGreaterThanOrEqual(2);
        expect(await page.locator("#cs-runs").innerText()).toContain(`Run ${first}`);

        // show the first run from the list; leave for another page and come Back
        await page.getByRole("button", { name: `Show run ${first}` }).click();
        await expect.poll(() => new URL(page.url()).searchParams.get("run")).toBe(first);
        await page.getByRole("heading", { level: 2, name: new RegExp(`^Run ${first}: wave 1`) }).waitFor();
        // the decline links to the LA's fieldwork record
        expect(await page.getByRole("link", { name: "Kent" }).getAttribute("href")).toBe("/console/case-studies/fieldwork/886");
        await page.getByRole("link", { name: "Typology grid" }).click();
        await page.waitForURL(/\/console\/case-studies\/typology/);
        await page.goBack();
        await page.getByRole("heading", { level: 2, name: new RegExp(`^Run ${first}: wave 1`) }).waitFor();
        expect(new URL(page.url()).searchParams.get("run")).toBe(first);
        expect(await axeViolations(page)).toEqual([]);

        // save the run shown: its own picks become the wave's selection
        await page.getByRole("button", { name: `Save run ${first} as the wave 1 selection` }).click();
        await page.getByText(/^Saved as the wave 1 selection\./).waitFor();
        const saved = (await app.t.pool.query("SELECT result FROM case_study_selections WHERE is_current AND wave = 1")).rows[0];
        expect(saved.result.picks.map((p: { la_name: string; la_code: string }) => `${p.la_name} (${p.la_code})`)).toEqual(picks);
        // the kept-runs list reloads after the save message: wait for it as a person would
        await expect.poll(() => page.locator("#cs-runs").innerText()).toContain(`Run ${first} (saved)`);
        expect(watch.errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }

  it("errors sit by the field they name; the small-LA rule and declines can be overridden; a decline re-run keeps the others", async () => {
    const { context, page, watch } = await openSignedInConsole(app.browser, app.base, researcher, VIEWPORTS[0]);
    try {
      await openPage(page);
      // the Isles of Scilly is too small under the default rule
      await chooseByKeyboard(page, "Must include", "scilly", "Isles of Scilly");
      watch.expect({ status: 422, path: "/api/admin/case-studies" });
      await page.getByRole("button", { name: "Run selection" }).click();
      await page.locator("#cs-include-error").waitFor();
      expect(await page.locator("#cs-include-error").innerText()).toMatch(/Isles of Scilly must be included but has fewer than 5000 children/);
      expect(await page.getByRole("combobox", { name: "Must include" }).getAttribute("aria-describedby")).toContain("cs-include-error");
      expect(await page.getByRole("alert").first().innerText()).toContain("There is a problem");
      expect(await axeViolations(page)).toEqual([]);
      // counted in its nearest type instead, it can be picked
      await page.getByLabel(/Keep them, counting the City of London as a London borough/).check();
      expect(await page.locator("#cs-rules-now").innerText()).toMatch(/counts in its nearest type/);
      const run = await runAndWait(page, null);
      expect((await pickNames(page)).join(" ")).toContain("Isles of Scilly");
      expect(await page.locator("#cs-result").innerText()).toContain("Isles of Scilly (319 children): counted as a unitary authority");

      // Kent declined: asking for it is refused by the declines setting, until that is switched off
      await page.getByRole("button", { name: "Remove Isles of Scilly from must include" }).click();
      await chooseByKeyboard(page, "Must include", "kent", "Kent");
      watch.expect({ status: 422, path: "/api/admin/case-studies" });
      await page.getByRole("button", { name: "Run selection" }).click();
      await page.locator("#cs-leave-out-declined-error").waitFor();
      expect(await page.locator("#cs-leave-out-declined-error").innerText()).toContain(`Kent must be included but declined a case study ("${DECLINE_REASON}")`);
      await page.getByLabel(/Leave out LAs that declined a case study/).uncheck();
      const withKent = await runAndWait(page, run);
      const picks = await pickNames(page);
      expect(picks).toContain("Kent (886)");
      expect(await page.locator("#cs-result").innerText()).toContain("LAs that declined a case study were not left out of this run.");

      // a pick declines: re-run keeping the others
      const other = picks.find((p) => !p.startsWith("Kent"))!;
      const otherName = other.replace(/ \(\d{3}\)$/, "");
      await page.getByRole("button", { name: `${otherName} declined: re-run keeping the others` }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("run")).not.toBe(withKent);
      await page.getByText(new RegExp(`after ${otherName} \\(\\d{3}\\) declined; the other picks kept`)).first().waitFor();
      const after = await pickNames(page);
      expect(after).not.toContain(other);
      expect(after).toEqual(expect.arrayContaining(picks.filter((p) => p !== other)));
      expect(await axeViolations(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
