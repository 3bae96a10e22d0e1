/**
 * The current published definition in real Chromium: it renders with the LA's name, an item-matrix
 * dropdown cell saves as its own matrix row, and the page passes an axe check in the contrast theme
 * (SurveyJS's accessible theme).
 */
import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser, startAnswering } from "../support/respondent-browser.ts";

const rb = setUpRespondentBrowser();
let page: Page;
let la: { code: string; name: string };

beforeAll(async () => {
  la = (await laCodes(rb.t.pool, 2))[1];
  // one page for the whole file, at Chromium's default size; this file provokes no failed request
  page = await rb.newPage({ width: 1280, height: 720 });
});

describe("the current definition in Chromium", () => {
  it("renders for the LA", async () => {
    await page.goto(await rb.surveyLink(la.code));
    await startAnswering(page, { name: "Cara Coder", role: "BI developer", email: "cara.coder@la.gov.uk" });
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
        const { rows } = await rb.t.pool.query(
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
