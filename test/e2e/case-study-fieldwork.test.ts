/**
 * Case-study fieldwork in real Chromium, at a desktop and a phone size: a researcher opens a
 * case-study LA from the saved selection, records findings (the survey's prediction shown beside
 * them), is refused a consultation theme that names a person, records a clean one, and reads the
 * validation page; every page passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "./browser.ts";
import { axeViolations, ensureFreshClient } from "./console-helpers.ts";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { createAccount, loginAs } from "../helpers/auth.ts";
import { seedCaseStudyLas, STANDARD_SEEDS } from "../helpers/case-study-seed.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const indicator = loadDefinitions().current().catalogue.indicators[0];

let t: TestApp;
let base: string;
let browser: Browser;
let account: { email: string; password: string };
let pickCode: string;
let pickName: string;

describe.skipIf(skip)("case-study fieldwork in Chromium", () => {
  beforeAll(async () => {
    t = await buildTestApp({ clientRoot: ensureFreshClient() });
    await seedCaseStudyLas(t.pool, STANDARD_SEEDS);
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.app.server.address();
    if (!addr || typeof addr === "string") throw new Error("no address");
    base = `http://127.0.0.1:${addr.port}`;
    const api = await loginAs(t.app, "researcher");
    const run = await api.agent.post("/api/admin/case-studies").set("x-csrf-token", api.csrfToken).send({ wave: 1, k: 4, save: true }).expect(200);
    pickCode = run.body.result.picks[0].laCode;
    pickName = (await t.pool.query("SELECT name FROM las WHERE la_code = $1", [pickCode])).rows[0].name;
    await t.pool.query(
      `INSERT INTO indicator_scores (la_code, indicator_id, position, score, band, explanation) VALUES ($1, $2, 0, 85, 'ready_now', '{}'::jsonb)`,
      [pickCode, indicator.id],
    );
    account = await createAccount(t.app, "researcher", "fieldwork@research.example");
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const viewport of [
    { name: "desktop", width: 1366, height: 900 },
    { name: "phone", width: 390, height: 844 },
  ]) {
    it(`records findings and a consultation and reads the validation (${viewport.name})`, async () => {
      const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
      const page: Page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const consoleErrors: string[] = [];
      // Chromium logs every 4xx response as a console error; the two this journey expects (the session
      // probe before signing in, and the refused consultation) are answers, not faults. Anything else fails.
      const expected = /^Failed to load resource: the server responded with a status of (401|422)/;
      page.on("console", (m) => m.type() === "error" && !expected.test(m.text()) && consoleErrors.push(m.text()));
      page.on("pageerror", (e) => consoleErrors.push(e.message));

      await page.goto(`${base}/console`);
      await page.getByLabel("E-mail address").fill(account.email);
      await page.getByLabel("Password").fill(account.password);
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.getByRole("button", { name: "Sign out" }).waitFor();

      await page.goto(`${base}/console/case-studies/fieldwork`);
      await page.getByRole("heading", { name: "Case-study fieldwork" }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("link", { name: pickName }).click();
      await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
      // the page also opens from its address (a shared link or a reload)
      await page.goto(`${base}/console/case-studies/fieldwork/${pickCode}`);
      await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

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

      await page.goto(`${base}/console/case-studies/validation`);
      await page.getByRole("heading", { name: "Did the survey predict the case studies?" }).waitFor();
      await page.getByText(/at least 10 are needed/).first().waitFor();
      const confusion = page.locator("#confusion tbody tr").first();
      await expect.poll(() => confusion.locator("td").nth(2).textContent()).toBe("1");
      await page.getByRole("link", { name: `${indicator.name} in ${pickName}` }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      // the page fits the viewport: no sideways scrolling of the whole page
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      expect(consoleErrors).toEqual([]);
      if (process.env.CONSOLE_SCREENSHOTS) {
        await page.screenshot({ path: `tmp/case-study-validation-${viewport.name}.png`, fullPage: true });
        await page.goto(`${base}/console/case-studies/fieldwork/${pickCode}`);
        await page.getByRole("heading", { name: `Case study: ${pickName}` }).waitFor();
        await page.screenshot({ path: `tmp/case-study-la-${viewport.name}.png`, fullPage: true });
      }
      await context.close();
    }, 180_000);
  }
});
