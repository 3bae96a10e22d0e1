/**
 * The current published definition in real Chromium: it renders with the LA's name, an item-matrix
 * dropdown cell saves as its own matrix row, and the page passes an axe check in the contrast theme
 * (SurveyJS's accessible theme).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { laCodes, makeToken } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations, ensureClientBuilt, launchChromium } from "./browser.ts";
import { watchConsole, type ConsoleWatch } from "../support/browser-console.ts";

let t: TestApp;
let browser: Browser;
let page: Page;
let la: { code: string; name: string };
let link: string;
let consoleWatch: ConsoleWatch;

beforeAll(async () => {
  const dist = ensureClientBuilt();
  t = await buildTestApp({ clientRoot: dist });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  la = (await laCodes(t.pool, 2))[1];
  link = `http://127.0.0.1:${addr.port}/r#${await makeToken(t.pool, la.code)}`;
  browser = await launchChromium();
  page = await (await browser.newContext()).newPage();
  page.setDefaultTimeout(20_000);
  consoleWatch = watchConsole(page); // this file provokes no failed request
});

afterEach(() => {
  expect(consoleWatch.errors.splice(0)).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("the current definition in Chromium", () => {
  it("renders for the LA", async () => {
    await page.goto(link);
    await page.getByRole("button", { name: "Start now" }).click();
    await page.getByLabel("Your name").fill("Cara Coder");
    await page.getByLabel("Your role").fill("BI developer");
    await page.getByLabel("Your work e-mail").fill("cara.coder@la.gov.uk");
    await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await expect(page.getByTestId("la-name").textContent()).resolves.toBe(la.name);
  });

  it("an item-matrix dropdown cell saves as that matrix row", async () => {
    await page.getByText("Keeping children safe").first().click();
    const matrix = page.locator('[data-name="items_safe"]');
    await matrix.waitFor();
    await page.getByTestId("save-status").filter({ hasText: /^Saved at/ }).waitFor(); // the page change was saved
    const open = matrix.getByRole("row", { name: /Exploitation risk assessment outcome/ }).getByRole("button", { name: "Select" }).first();
    // the cell's own list (the "Set all" control above the matrix has the same option)
    const option = page.locator("li[role=option]", { hasText: "In structured fields of the case-management system" });
    for (let attempt = 0; ; attempt++) {
      await open.click();
      try {
        await option.click({ timeout: 3000 });
        break;
      } catch (err) {
        if (attempt >= 2) throw err; // the popup did not open after three clicks
      }
    }
    await page.getByTestId("save-status").filter({ hasText: /^Saved at/ }).waitFor();
    await expect
      .poll(async () => {
        const { rows } = await t.pool.query(
          `SELECT r.data->'items_safe' AS items, c.question FROM responses r JOIN response_changes c ON c.response_id = r.id WHERE r.la_code = $1`,
          [la.code],
        );
        return rows;
      }, { timeout: 15_000 })
      .toEqual([{ items: { di_exploitation_risk: { recorded: "structured" } }, question: "items_safe.di_exploitation_risk" }]);
  });

  it("has no axe violations in the high-contrast theme", async () => {
    await page.getByRole("combobox", { name: "Display", exact: true }).selectOption("contrast");
    const violations = await axeViolations(page);
    fs.mkdirSync("tmp", { recursive: true });
    fs.writeFileSync("tmp/axe-respondent.json", JSON.stringify(violations, null, 2));
    await page.screenshot({ path: "tmp/e2e-real.png", fullPage: false });
    expect(violations).toEqual([]);
  });
});
