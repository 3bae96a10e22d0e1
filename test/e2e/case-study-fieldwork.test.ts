/**
 * Case-study fieldwork in real Chromium, at a desktop and a phone size: a researcher opens a
 * case-study LA from the saved selection, records findings (the survey's prediction shown beside
 * them), is refused a consultation theme that names a person, records a clean one, and reads the
 * validation page; every page passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount, loginAs } from "../helpers/auth.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../helpers/case-study-seed.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const indicator = loadDefinitions().current().catalogue.indicators[0];

let app: BrowserApp;
let account: { email: string; password: string };
let pickCode: string;
let pickName: string;

describe.skipIf(skip)("case-study fieldwork in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    await seedCaseStudyLas(app.t.pool, STANDARD_SEEDS);
    const api = await loginAs(app.t.app, "researcher");
    const run = await api.agent.post("/api/admin/case-studies").set("x-csrf-token", api.csrfToken).send({ wave: 1, k: 4, save: true }).expect(200);
    pickCode = run.body.result.picks[0].laCode;
    pickName = (await app.t.pool.query("SELECT name FROM las WHERE la_code = $1", [pickCode])).rows[0].name;
    await app.t.pool.query(
      `INSERT INTO indicator_scores (la_code, indicator_id, position, score, band, explanation) VALUES ($1, $2, 0, 85, 'ready_now', '{}'::jsonb)`,
      [pickCode, indicator.id],
    );
    account = await createAccount(app.t.app, "researcher", "fieldwork@research.example");
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    it(`records findings and a consultation and reads the validation (${viewport.name})`, async () => {
      // the refused consultation (422) is an answer, not a fault; any other console error fails
      const { context, page, watch } = await openSignedInConsole(app.browser, app.base, account, viewport, {
        expected: [{ status: 422, path: `/api/admin/case-studies/fieldwork/${pickCode}/consultations` }],
      });

      await page.goto(`${app.base}/console/case-studies/fieldwork`);
      await page.getByRole("heading", { name: "Case-study fieldwork" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("link", { name: pickName }).click();
      await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
      // the page also opens from its address (a shared link or a reload)
      await page.goto(`${app.base}/console/case-studies/fieldwork/${pickCode}`);
      await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // status and visits: the form is redrawn from the saved record, and the confirmation outlasts that
      const status = viewport.name === "desktop" ? { code: "agreed", label: "Agreed" } : { code: "visits_done", label: "Visits done" };
      await page.getByLabel("Status", { exact: true }).selectOption(status.code);
      await page.getByLabel("Visit dates").fill("2026-11-03, 2026-11-20");
      await page.getByRole("button", { name: "Save status and visits" }).click();
      await page.getByText(`status: ${status.label}`).waitFor();
      expect(await page.getByText("Case-study record saved.").isVisible()).toBe(true);
      expect(await page.getByLabel("Visit dates").inputValue()).toBe("2026-11-03, 2026-11-20");

      // a finding: the survey said Ready now; the analysts could not extract it
      await page.getByLabel("Indicator", { exact: true }).selectOption(indicator.id);
      await expect.poll(() => page.locator("#cs-prediction").textContent()).toMatch(/The survey says: Ready now/);
      await page.getByLabel("Not produced").check();
      await page.getByLabel("Main reason").selectOption("not_extractable");
      await page.getByLabel("Notes (optional)").fill(`Dates only in case notes (${viewport.name})`);
      await page.getByRole("button", { name: "Save finding" }).click();
      await page.getByText(`Finding saved for ${indicator.name}`).waitFor();
      const row = page.locator(`#finding-${indicator.id}`);
      await expect.poll(() => row.textContent()).toMatch(/Ready now \(85\).*Not produced.*Not extractable/);
      expect(await axeViolations(page)).toEqual([]);

      // a consultation theme naming a person is refused, with the reason; a clean one is kept
      await page.getByLabel("Date of the session").fill("2026-11-21");
      await page.getByLabel("Format", { exact: true }).fill("Focus group");
      await page.getByLabel("Group", { exact: true }).fill("Care leavers");
      await page.getByLabel("Number of participants").fill("6");
      await page.getByLabel("Theme raised").fill("Mrs Patel said reviews were late");
      await page.getByRole("button", { name: "Record session" }).click();
      await expect.poll(() => page.getByRole("alert").first().textContent()).toMatch(/personal data \(name\)/);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("Theme raised").fill("Reviews were often late and rushed");
      await page.getByRole("button", { name: "Record session" }).click();
      await page.getByText("Consultation session recorded.").waitFor();
      await page.getByRole("cell", { name: "Reviews were often late and rushed" }).first().waitFor();

      await page.goto(`${app.base}/console/case-studies/validation`);
      await page.getByRole("heading", { name: "Did the survey predict the case studies?" }).waitFor();
      await page.getByText(/at least 10 are needed/).first().waitFor();
      const confusion = page.locator("#confusion tbody tr").first();
      await expect.poll(() => confusion.locator("td").nth(2).textContent()).toBe("1");
      await page.getByRole("link", { name: `${indicator.name} in ${pickName}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // the page fits the viewport: no sideways scrolling of the whole page
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(watch.errors).toEqual([]);
      if (process.env.CONSOLE_SCREENSHOTS) {
        await page.screenshot({ path: `tmp/case-study-validation-${viewport.name}.png`, fullPage: true });
        await page.goto(`${app.base}/console/case-studies/fieldwork/${pickCode}`);
        await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
        await page.screenshot({ path: `tmp/case-study-la-${viewport.name}.png`, fullPage: true });
      }
      await context.close();
    }, 180_000);
  }
});
