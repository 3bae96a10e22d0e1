/**
 * An LA's response read in the console, in real Chromium at a desktop and a phone size: answers by
 * page in the questionnaire's words (a matrix as items × aspects), the history in sentences with a
 * burst of typing as one line, a link to the LA's scores, a print layout without the menu, and an
 * admin reopening the response with a reason. Every state passes axe; no console errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import supertest from "supertest";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { elementsWiderThanWindow, openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { makeToken } from "../routes/respondent/respondent-fixtures.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { questionIndex } from "../../server/domain/definitions/question-index.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const index = questionIndex(loadDefinitions().current());
const items = index.items_safe!;
const row = items.rows![0]!;
const completeness = items.columns!.find((c) => c.name === "completeness")!;
const mosaic = index.cms_product!.choices!.find((c) => c.value === "mosaic")!.text;

let f: ConsoleBrowserFixture;
let la: { code: string; name: string };

async function submitAgain() {
  await f.t.pool.query("UPDATE responses SET status = 'submitted', submitted_at = now() WHERE la_code = $1", [la.code]);
}

describe.skipIf(skip)("an LA's response in words, in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
    la = (await f.t.pool.query("SELECT la_code AS code, name FROM las WHERE la_code NOT IN ('202', '203') ORDER BY la_code LIMIT 1")).rows[0];
    // answers saved through the respondent API, as the survey page saves them while someone types
    const token = await makeToken(f.t.pool, la.code);
    const request = supertest(f.t.app.server);
    const auth = { authorization: `Bearer ${token}` };
    await request.get("/api/respondent/response").set(auth).expect(200);
    let version = 0;
    const save = async (changes: Record<string, unknown>) => {
      const res = await request.patch("/api/respondent/response").set(auth).set("if-match", String(version)).send({ changes, contributor: { name: "Sam Analyst", role: "BI lead", email: "sam.analyst@la.gov.uk" } }).expect(200);
      version = res.body.version;
    };
    await save({ cms_product: "mosaic", [`items_safe.${row.value}`]: { completeness: completeness.choices![1]!.value } });
    for (const text of ["R", "Re", "Ref", "Refe", "Refer", "Referral dates are patchy before 2019"]) await save({ notes_safe: text });
    await submitAgain();
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`reads the answers and history in words, prints without the menu, and reopens with a reason (${viewport.name})`, async () => {
      await submitAgain();
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport);
      await page.goto(`${f.base}/console/las/${la.code}`);
      await page.getByRole("heading", { level: 1, name: `${la.name} (${la.code})` }).waitFor();

      // contributors: the work e-mail each gave, for the research team to follow up
      const who = page.locator("section[aria-labelledby='contributors-h'] tbody tr").filter({ hasText: "Sam Analyst" });
      await expect(who.getByRole("link", { name: "sam.analyst@la.gov.uk" }).getAttribute("href")).resolves.toBe("mailto:sam.analyst@la.gov.uk");

      // answers: the question's wording and the label chosen; a matrix as items × aspects
      const cms = page.locator("#q-cms_product");
      await expect.poll(() => cms.locator("h4").textContent()).toBe(index.cms_product!.title);
      expect(await cms.locator(".answer-text").textContent()).toBe(mosaic);
      expect(await cms.locator(".answer-by").textContent()).toMatch(/^Last changed by Sam Analyst \(BI lead\), /);
      // who answered each page: the contributors and the newest change, under the page heading
      const cmsAuthors = page.locator(`section[aria-labelledby="page-${index.cms_product!.page}"] [data-testid="page-authors"]`);
      expect(await cmsAuthors.textContent()).toMatch(/^Answered by Sam Analyst \(BI lead, \d+ answers?\); last change .+\.$/);
      const matrix = page.locator("#q-items_safe table");
      expect(await matrix.locator("thead th").allTextContents()).toEqual(["Item", ...items.columns!.map((c) => c.title)]);
      expect(await matrix.locator("tbody th").allTextContents()).toEqual([row.text]);
      expect(await matrix.locator("tbody td").nth(2).textContent()).toBe(completeness.choices![1]!.text);
      await page.getByRole("link", { name: index.cms_product!.pageTitle }).first().waitFor();
      expect(await page.locator("main").textContent()).not.toMatch(/items_safe|notes_safe|cms_product|\{"/);

      // history: one line for the burst of typing, in words
      const history = page.locator("#la-history li");
      const lines = await history.allTextContents();
      expect(lines.filter((l) => l.includes(index.notes_safe!.title))).toEqual([
        expect.stringMatching(new RegExp(`Sam Analyst \\(BI lead\\) answered ‘${index.notes_safe!.title.replace(/[?()]/g, "\\$&")}’: Referral dates are patchy before 2019 \\(6 saves\\)$`)),
      ]);
      expect(await axeViolations(page)).toEqual([]);
      expect(await page.getByRole("link", { name: `Scores for ${la.name}` }).getAttribute("href")).toBe(`/console/scores/${la.code}`);

      if (process.env.CONSOLE_SCREENSHOTS) await page.screenshot({ path: `tmp/la-response-${viewport.name}.png`, fullPage: true });
      // answered-only view
      await page.getByLabel("Show only answered questions").check();
      await expect.poll(() => page.locator(".answer-question").count()).toBe(3);
      expect(await axeViolations(page)).toEqual([]);

      // printing: the menu, buttons and page contents are left out
      await page.emulateMedia({ media: "print" });
      expect(await page.locator(".console-header").isVisible()).toBe(false);
      expect(await page.getByRole("button", { name: "Print or save as PDF" }).isVisible()).toBe(false);
      expect(await page.locator("#q-items_safe table").isVisible()).toBe(true);
      if (viewport.name === "desktop") {
        const pdf = await page.pdf({ format: "A4" });
        const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        expect(pages).toBeGreaterThan(0);
        expect(pages).toBeLessThan(6);
        if (process.env.CONSOLE_SCREENSHOTS) {
          console.log(`answered-only response prints on ${pages} A4 page(s)`);
          fs.writeFileSync("tmp/la-response.pdf", pdf);
        }
      }
      await page.emulateMedia({ media: "screen" });

      // reopen: a reason is required, then the response is in progress again and the history says why
      await page.getByRole("button", { name: "Reopen the response" }).click();
      await page.getByRole("button", { name: "Reopen", exact: true }).click();
      await page.getByText("Say why the response is reopened").waitFor();
      expect(await page.getByLabel("Why is it reopened?").getAttribute("aria-invalid")).toBe("true");
      expect(await axeViolations(page)).toEqual([]);
      const reason = `The LA asked to correct its data items (${viewport.name})`;
      await page.getByLabel("Why is it reopened?").fill(reason);
      await page.getByRole("button", { name: "Reopen", exact: true }).click();
      await page.locator(".summary-list").getByText("In progress").waitFor();
      expect(await page.getByRole("status").filter({ hasText: "The response is reopened." }).isVisible()).toBe(true);
      await expect.poll(() => history.first().textContent()).toContain(`Response reopened: ${reason}`);
      expect(await page.getByRole("button", { name: "Reopen the response" }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(await elementsWiderThanWindow(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await context.close();
    }, 180_000);
  }

  it("offers a researcher no reopen button", async () => {
    await submitAgain();
    const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, VIEWPORTS[0]);
    await page.goto(`${f.base}/console/las/${la.code}`);
    await page.locator("#q-cms_product .answer-text").waitFor();
    expect(await page.getByRole("button", { name: "Reopen the response" }).count()).toBe(0);
    expect(watch.errors).toEqual([]);
    await context.close();
  }, 120_000);
});
