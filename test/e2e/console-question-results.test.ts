/**
 * Question results and shareable LA list views in real Chromium, at a desktop and a phone size:
 * a researcher reads a question's counts (valid base, Don't know apart), breaks them down by region
 * (small groups flagged), searches free-text answers, follows a dashboard figure to the filtered LA
 * list, finds "hamersmith" with a typo, and gets every view back after Back and reload; a viewer
 * sees small groups withheld and no free text. Every page passes axe; no console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount } from "../helpers/auth.ts";
import { lasByRegion, seedCurrentResponses } from "../helpers/question-results-seed.ts";
import type { ConsoleWatch } from "../support/browser-console.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const CMS_TITLE = "Which case-management system does children's social care use?";

let app: BrowserApp;
let researcher: { email: string; password: string };
let viewer: { email: string; password: string };
let london: { laCode: string; name: string }[];

async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
  // the page fits the viewport: wide tables scroll inside their own region
  expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
}

describe.skipIf(skip)("question results and shareable views in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    const regions = await lasByRegion(app.t.pool);
    london = regions.get("London")!.slice(0, 6);
    const northEast = regions.get("North East")!.slice(0, 2);
    const products = ["liquidlogic", "liquidlogic", "liquidlogic", "mosaic", "dont_know", "eclipse"];
    await seedCurrentResponses(app.t.pool, [
      ...london.map((la, i) => ({
        laCode: la.laCode,
        status: "submitted" as const,
        data: { cms_product: products[i], support_needed: i === 2 ? "A shared data warehouse with health" : `More analyst time (${i})` },
      })),
      ...northEast.map((la) => ({ laCode: la.laCode, status: "submitted" as const, data: { cms_product: "mosaic" } })),
    ]);
    researcher = await createAccount(app.t.app, "researcher", "questions@research.example");
    viewer = await createAccount(app.t.app, "viewer", "viewer-questions@research.example");
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    describe(viewport.name, () => {
      let context: BrowserContext;
      let page: Page;
      let watch: ConsoleWatch;
      beforeAll(async () => {
        ({ context, page, watch } = await openSignedInConsole(app.browser, app.base, researcher, viewport));
      });
      afterAll(async () => {
        expect(watch.errors).toEqual([]);
        await context?.close();
      });

      it("reads a question's results, broken down by region, and keeps the view on reload", async () => {
        await page.getByRole("link", { name: "Question results" }).click();
        await page.getByRole("heading", { name: "Question results", level: 1 }).waitFor();
        expect(new URL(page.url()).pathname).toBe("/console/questions");
        await page.getByText("8 LAs counted").waitFor();
        await expectAccessible(page);
        await page.getByRole("link", { name: CMS_TITLE }).click();
        await page.getByRole("heading", { name: CMS_TITLE, level: 1 }).waitFor();
        await page.getByText("Valid base: 7 of 8 LAs gave an answer other than “Don’t know” (Don’t know 1, not asked 0, not answered 0).").waitFor();
        const liquidlogic = page.getByRole("row", { name: /^Liquidlogic Children's System/ });
        await expect.poll(() => liquidlogic.locator("td").first().textContent()).toBe("42.9% (3)");
        // the LAs behind each count, for researchers
        await page.getByText("Which LAs gave each answer").click();
        await page.getByText("Don’t know (1)").waitFor();
        await page.locator(".which-las").getByRole("link", { name: london[4].name }).waitFor();
        await expectAccessible(page);

        await page.getByLabel("Break down by").selectOption("region");
        await expect.poll(() => new URL(page.url()).searchParams.get("by")).toBe("region");
        await page.getByRole("columnheader", { name: "North East (base under 5)" }).waitFor();
        await expectAccessible(page);
        await page.reload();
        await page.getByRole("columnheader", { name: "North East (base under 5)" }).waitFor();
        expect(await page.getByLabel("Break down by").inputValue()).toBe("region");
      });

      it("searches free-text answers with their LA, and the search survives a reload", async () => {
        await page.goto(`${app.base}/console/questions/support_needed`);
        await page.getByRole("heading", { name: "What LAs wrote" }).waitFor();
        await page.getByText("Showing 6 of 6 answers").waitFor();
        await page.getByLabel("Search the answers").fill("warehouse");
        await page.getByText("Showing 1 of 6 answers").waitFor();
        await page.getByRole("link", { name: london[2].name }).waitFor();
        await expectAccessible(page);
        await page.reload();
        await page.getByText("Showing 1 of 6 answers").waitFor();
        expect(await page.getByLabel("Search the answers").inputValue()).toBe("warehouse");
      });

      it("follows a dashboard figure to the filtered LA list, and Back and reload restore the list", async () => {
        await page.getByRole("link", { name: "Dashboard" }).click();
        await page.getByRole("heading", { name: "Fieldwork dashboard" }).waitFor();
        await page.getByRole("link", { name: "8 submitted: list them" }).click();
        await page.getByText("Showing 8 of 153 local authorities").waitFor();
        expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("submitted");
        await expectAccessible(page);

        // a one-letter typo still finds the LA; punctuation and case do not matter
        await page.getByLabel("Status", { exact: true }).selectOption("");
        await page.getByLabel("Search by name, code, region or type").fill("hamersmith");
        await page.getByText("Showing 1 of 153 local authorities").waitFor();
        await page.getByRole("link", { name: "Hammersmith and Fulham" }).waitFor();
        await page.getByLabel("Search by name, code, region or type").fill("");
        await page.getByLabel("Region", { exact: true }).selectOption("North East");
        await page.getByLabel("LA type", { exact: true }).selectOption({ label: "Unitary authority" });
        await page.getByRole("button", { name: /^Local authority/ }).click(); // sort by name, descending
        // the router applies the address in a transition: wait for the sorted render before reading it
        await expect.poll(() => page.locator("th[aria-sort='descending']").textContent()).toMatch(/^Local authority/);
        await expect.poll(() => page.locator("tbody tr td:nth-child(3)").allInnerTexts()).toEqual(expect.arrayContaining(["Unitary authority"]));
        expect(new Set(await page.locator("tbody tr td:nth-child(3)").allInnerTexts())).toEqual(new Set(["Unitary authority"]));
        const url = page.url();
        expect(new URL(url).searchParams.get("region")).toBe("North East");
        expect(new URL(url).searchParams.get("dir")).toBe("descending");
        const firstRow = () => page.locator("tbody tr th").first().textContent();
        const first = await firstRow();
        const shown = await page.getByText(/^Showing \d+ of 153 local authorities$/).textContent();

        await page.locator("tbody tr th a").first().click();
        await expect.poll(() => new URL(page.url()).pathname).toMatch(/^\/console\/las\/\d{3}$/);
        await page.goBack();
        await expect.poll(() => page.url()).toBe(url);
        await page.getByText(shown!).waitFor();
        expect(await firstRow()).toBe(first);
        expect(await page.getByLabel("Region", { exact: true }).inputValue()).toBe("North East");
        expect(await page.getByLabel("LA type", { exact: true }).inputValue()).toBe("unitary authority");
        await page.reload();
        await page.getByText(shown!).waitFor();
        expect(await firstRow()).toBe(first);
        expect(await page.locator("th[aria-sort='descending']").textContent()).toMatch(/^Local authority/);
        await expectAccessible(page);
      });
    });
  }

  it("shows viewers aggregates only: small groups withheld, no free text (phone)", async () => {
    const { context, page, watch } = await openSignedInConsole(app.browser, app.base, viewer, VIEWPORTS[1]);
    await page.goto(`${app.base}/console/questions/cms_product?by=region`);
    await page.getByRole("heading", { name: CMS_TITLE, level: 1 }).waitFor();
    await page.getByText("Withheld, fewer than 5 LAs in the base: North East.").waitFor();
    expect(await page.getByRole("columnheader", { name: /North East/ }).count()).toBe(0);
    expect(await page.getByText("Which LAs gave each answer").count()).toBe(0);
    await expectAccessible(page);
    await page.goto(`${app.base}/console/questions/support_needed`);
    await page.getByText("Free-text answers are shown to researchers only.").waitFor();
    expect(await page.getByText("More analyst time").count()).toBe(0);
    // dashboard figures are not links for viewers (the LA list is for researchers)
    await page.goto(`${app.base}/console`);
    await page.getByRole("heading", { name: "Fieldwork dashboard" }).waitFor();
    expect(await page.getByRole("link", { name: /list them/ }).count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
