/**
 * The panellist's progress count and the check before submitting a round with items unrated, in
 * real Chromium at 1366x900 and 390x844: the count follows each rating; "Submit my ratings" with
 * gaps shows how many are unrated and submits nothing (no request, nothing in the database) until
 * "Submit anyway"; "Go back and rate them" and the links go to an unrated item's first choice; a
 * fully rated round submits at once. All by keyboard; every state passes axe; no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { watchConsole } from "../support/browser-console.ts";
import { VIEWPORTS } from "../support/console-browser.ts";
import { seedDelphiStudy } from "../support/delphi-console-fixture.ts";
import { openRound, studyDetail } from "../../server/services/delphi-service.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

/** Whether the panellist's round 1 is recorded as submitted. */
async function submitted(studyId: string, email: string): Promise<boolean> {
  const { rows } = await f.t.pool.query(
    `SELECT pa.submitted_at FROM delphi_participants pa JOIN delphi_rounds r ON r.id = pa.round_id JOIN delphi_panellists p ON p.id = pa.panellist_id
      WHERE r.study_id = $1 AND r.number = 1 AND p.email = $2`,
    [studyId, email],
  );
  return rows[0].submitted_at !== null;
}

/** Rates an item 1 with the keyboard: focus on its first choice, then Space. */
async function rateOneByKeyboard(page: Page, item: number) {
  await page.locator("section.panel-item").nth(item).getByRole("radio").first().focus();
  await page.keyboard.press("Space");
}

describe.skipIf(skip)("Delphi panellist: progress and the check before submitting", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`unrated items are counted and checked before anything is submitted (${viewport.name})`, async () => {
      const gap = `gap-${viewport.name}@panel.example`;
      const full = `full-${viewport.name}@panel.example`;
      const s = await seedDelphiStudy(f, `Submit check (${viewport.name})`, [
        { name: "Gap Panellist", email: gap, group: "practitioners" },
        { name: "Full Panellist", email: full, group: "practitioners" },
      ]);
      const items = (await studyDetail(f.t.pool, s.id)).items.slice(0, 3).map((i) => i.id);
      await openRound(f.t.pool, s.id, { items }, s.actor);

      const page = await (await f.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })).newPage();
      page.setDefaultTimeout(30_000);
      const watch = watchConsole(page);
      const submits: string[] = [];
      page.on("request", (r) => r.url().endsWith("/api/delphi/round/submit") && submits.push(r.method()));
      await page.goto(`${f.base}/delphi#${s.tokens[0]}`);
      await page.getByRole("heading", { level: 1, name: `Submit check (${viewport.name})` }).waitFor();
      const progress = page.locator("#panel-progress");
      expect(await progress.textContent()).toBe("You have rated 0 of 3 items");
      // the same count at the top of the page
      expect(await page.locator(".panel-progress").first().textContent()).toBe("You have rated 0 of 3 items");

      await rateOneByKeyboard(page, 0);
      await page.getByText(/^Saved at/).waitFor();
      await expect.poll(() => progress.textContent()).toBe("You have rated 1 of 3 items");
      expect(await page.locator("section.panel-item").first().getByRole("radio", { name: "1", exact: true }).isChecked()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      // submitting with 2 unrated shows the check, and submits nothing
      const submit = page.getByRole("button", { name: "Submit my ratings" });
      await submit.focus();
      await page.keyboard.press("Enter");
      const check = page.getByRole("region", { name: "You have not rated 2 items" });
      await check.waitFor();
      expect(await check.evaluate((e) => e === document.activeElement)).toBe(true);
      await check.getByText("You have rated 1 of 3 items.").waitFor();
      await check.getByRole("button", { name: "Submit anyway" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      expect(submits).toEqual([]);
      expect(await submitted(s.id, gap)).toBe(false);

      // "Go back and rate them" goes to the first unrated item, ready to rate
      const second = page.locator("section.panel-item").nth(1);
      await check.getByRole("button", { name: "Go back and rate them" }).focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => second.getByRole("radio").first().evaluate((e) => e === document.activeElement)).toBe(true);
      expect(await check.count()).toBe(0);
      await page.keyboard.press("Space");
      await expect.poll(() => progress.textContent()).toBe("You have rated 2 of 3 items");

      // the check again, now with one item left: its link goes to that item
      await submit.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("region", { name: "You have not rated 1 item" }).waitFor();
      const third = page.locator("section.panel-item").nth(2);
      const thirdName = (await third.locator("h3").textContent())!;
      await page.getByRole("link", { name: `Go to the first unrated item: ${thirdName}` }).focus();
      await page.keyboard.press("Enter");
      await expect.poll(() => third.getByRole("radio").first().evaluate((e) => e === document.activeElement)).toBe(true);
      expect(submits).toEqual([]);
      expect(await submitted(s.id, gap)).toBe(false);

      // "Submit anyway" submits, with the item still unrated
      await submit.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("button", { name: "Submit anyway" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("Submitted. You left 1 item unrated.").waitFor();
      expect(submits).toEqual(["POST"]);
      expect(await submitted(s.id, gap)).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await page.context().close();

      // every item rated: the round submits at once, with no check
      const other = await (await f.browser.newContext({ viewport: { width: viewport.width, height: viewport.height } })).newPage();
      other.setDefaultTimeout(30_000);
      const otherWatch = watchConsole(other);
      await other.goto(`${f.base}/delphi#${s.tokens[1]}`);
      await other.getByRole("heading", { level: 1, name: `Submit check (${viewport.name})` }).waitFor();
      for (let i = 0; i < 3; i++) await other.locator("section.panel-item").nth(i).getByRole("radio", { name: "Unable to rate" }).check();
      await expect.poll(() => other.locator("#panel-progress").textContent()).toBe("You have rated 3 of 3 items");
      await other.getByRole("button", { name: "Submit my ratings" }).click();
      await other.getByText("Submitted. Thank you.").waitFor();
      expect(await other.getByRole("region", { name: /^You have not rated/ }).count()).toBe(0);
      expect(await submitted(s.id, full)).toBe(true);
      expect(otherWatch.errors).toEqual([]);
      await other.context().close();
    }, 240_000);
  }
});
