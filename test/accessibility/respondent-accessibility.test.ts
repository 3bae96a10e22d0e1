/**
 * Accessibility of every respondent page type in real Chromium with axe-core (WCAG 2.0/2.1 A+AA and
 * 2.2 AA tags): the home and not-found pages, a link that does not work, "who is answering" (empty
 * and with errors), EVERY page of the current questionnaire (so every question type it uses: text,
 * radiogroup with "other", dropdown, checkbox, comment, boolean, matrix, the item matrices), a page
 * the conflict dialog, every display theme, the submit error
 * summary with the errors shown on their page, and the receipt with its printable summary. 0 violations.
 * (Console pages: test/e2e/console-accessibility.test.ts.)
 *
 * Skips with a visible reason only when /usr/bin/chromium is missing and CI is not "true".
 */
import fs from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { CHROMIUM, ensureClientBuilt, launchChromium } from "../e2e/browser.ts";
import { prepareLas, type LaLink, type SurveyForLoad } from "../support/fieldwork-setup.ts";
import { questionIndex } from "../../server/domain/definitions/question-index.ts";
import { generateDemoAnswers, seededRng } from "../../server/domain/demo/generate-demo-answers.ts";
import { axeViolations } from "./axe.ts";
import { watchConsole, type ConsoleWatch, type ExpectedFailure } from "../support/browser-console.ts";

const CAN_RUN = fs.existsSync(CHROMIUM) || process.env.CI === "true";
const SKIP_REASON = `SKIPPED: Chromium not found at ${CHROMIUM} (apt-get install -y chromium); CI would fail here`;
if (!CAN_RUN) console.warn(`respondent accessibility: ${SKIP_REASON}`);

let t: TestApp;
let browser: Browser;
let base: string;
let las: LaLink[];
let definition: SurveyForLoad;
const contexts: BrowserContext[] = [];
const violations: string[] = [];
const watches = new Map<Page, ConsoleWatch>();

/** `expected`: the failed requests the test provokes on this page (the only console errors allowed). */
async function newPage(expected: ExpectedFailure[] = []): Promise<Page> {
  const ctx = await browser.newContext();
  contexts.push(ctx);
  const page = await ctx.newPage();
  page.setDefaultTimeout(30_000);
  watches.set(page, watchConsole(page, expected));
  return page;
}

async function check(page: Page, label: string): Promise<void> {
  violations.push(...(await axeViolations(page, label)));
}

async function identify(page: Page, la: LaLink) {
  await page.getByRole("button", { name: /^(Start now|Continue)$/ }).click();
  await page.getByLabel("Your name").fill("Ann Analyst");
  await page.getByLabel("Your role").fill("Head of performance");
  await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
  await page.getByTestId("la-name").filter({ hasText: la.laName }).waitFor();
}

const pageTitle = (page: Page) => page.locator(".sd-page__title").first().textContent();

function api(la: LaLink, method: "GET" | "PATCH", payload?: object, ifMatch?: number) {
  return t.app.inject({
    method,
    url: "/api/respondent/response",
    headers: { authorization: `Bearer ${la.token}`, ...(ifMatch !== undefined ? { "if-match": String(ifMatch) } : {}) },
    ...(payload ? { payload } : {}),
  });
}

/** A complete, valid response (the demo generator's), saved through the API. */
async function fillCompletely(la: LaLink, seed: number, omit: string[] = []) {
  const data = generateDemoAnswers(questionIndex(definition as never), { rng: seededRng(seed), capability: 0.6, completeness: 1, laCode: la.laCode, laName: la.laName });
  for (const k of omit) delete data[k];
  await api(la, "GET");
  const res = await api(la, "PATCH", { changes: data, contributor: { name: "Setup", role: "Test" } }, 0);
  expect(res.statusCode, res.body).toBe(200);
}

describe.skipIf(!CAN_RUN)("respondent pages pass axe-core (WCAG 2.2 AA)", () => {
  beforeAll(async () => {
    const dist = ensureClientBuilt();
    t = await buildTestApp({ clientRoot: dist });
    base = await t.app.listen({ port: 0, host: "127.0.0.1" });
    ({ las, definition } = await prepareLas(t.pool, { laCount: 4 }));
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  afterEach(() => {
    // each test answers for the console errors logged while it ran
    expect([...watches.values()].flatMap((w) => w.errors.splice(0))).toEqual([]);
  });

  it("home, not found, and a link that does not work", async () => {
    // the wrong link below is refused by its exchange and by the three first reads made with it
    const page = await newPage(["session", "definition", "response", "welcome"].map((p) => ({ status: 401, path: `/api/respondent/${p}` })));
    await page.goto(`${base}/`);
    await page.locator("h1").first().waitFor();
    await check(page, "home");
    // The check can fail: a planted image without a text alternative is reported.
    await page.evaluate(() => document.body.appendChild(Object.assign(document.createElement("img"), { id: "planted", src: "data:," })));
    expect((await axeViolations(page, "planted")).join("\n")).toMatch(/image-alt/);
    await page.evaluate(() => document.getElementById("planted")?.remove());
    await page.goto(`${base}/no-such-page`);
    await page.locator("h1").first().waitFor();
    await check(page, "not found");
    await page.goto(`${base}/r#${"x".repeat(43)}`);
    await page.getByRole("heading", { name: "This link does not work" }).waitFor();
    await check(page, "invalid link");
    expect(violations).toEqual([]);
  }, 120_000);

  it("who is answering: empty, then with errors", async () => {
    const page = await newPage();
    await page.goto(`${base}/r#${las[1].token}`);
    await page.getByTestId("welcome").waitFor();
    await check(page, "first screen");
    await page.getByRole("button", { name: "Start now" }).click();
    await page.getByRole("heading", { name: "Who is answering?" }).waitFor();
    await check(page, "contributor form");
    await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await page.locator(".field-error").first().waitFor();
    await check(page, "contributor form with errors");
    expect(violations).toEqual([]);
  }, 120_000);

  it("every page of the questionnaire, then the receipt with the printable summary", async () => {
    const la = las[0];
    await fillCompletely(la, 1);
    const page = await newPage();
    await page.goto(`${base}/r#${la.token}`);
    await identify(page, la);
    const pages = (definition.survey as { pages: unknown[] }).pages.length;
    const seen: string[] = [];
    for (;;) {
      const title = (await pageTitle(page)) ?? "";
      seen.push(title);
      await check(page, `survey page ${seen.length} "${title}"`);
      const next = page.getByRole("button", { name: "Next" });
      if ((await next.count()) === 0 || !(await next.isVisible())) break;
      await next.click();
      await expect.poll(() => pageTitle(page)).not.toBe(title);
    }
    expect(seen.length).toBe(pages);
    expect(new Set(seen).size).toBe(pages);
    await page.getByRole("button", { name: "Check your answers" }).click();
    await page.getByTestId("check-answers").waitFor();
    await check(page, "check before submitting, nothing missing");
    await page.getByRole("button", { name: "Submit your answers" }).click();
    await page.getByTestId("receipt").waitFor();
    await check(page, "receipt");
    expect(violations).toEqual([]);
  }, 300_000);

  it("every display theme, and the conflict dialog", async () => {
    const la = las[2];
    // the page's save of the stale answer is refused (409) before the person is asked to choose
    const page = await newPage([{ status: 409, path: "/api/respondent/response" }]);
    await page.goto(`${base}/r#${la.token}`);
    await identify(page, la);
    const theme = page.getByRole("combobox", { name: "Display", exact: true });
    const themes = await theme.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(themes).toContain("contrast");
    for (const id of themes) {
      await theme.selectOption(id);
      await check(page, `first page, theme ${id}`);
    }
    await theme.selectOption("default");
    // A colleague saves the same question meanwhile: the person is asked to choose.
    const { version } = (await api(la, "GET")).json();
    expect((await api(la, "PATCH", { changes: { support_needed: "A colleague's answer" }, contributor: { name: "Bob", role: "Analyst" } }, version)).statusCode).toBe(200);
    const input = page.locator('[data-name="support_needed"] textarea');
    await input.fill("My answer");
    await input.press("Tab");
    await page.getByRole("dialog").waitFor();
    await check(page, "conflict dialog");
    await page.getByRole("dialog").getByLabel(/Use your answer/).check();
    await page.getByRole("dialog").getByRole("button", { name: "Save my choice" }).click();
    await page.getByRole("dialog").waitFor({ state: "detached" });
    expect(violations).toEqual([]);
  }, 180_000);

  it("submitting with an answer missing: the error summary", async () => {
    const la = las[3];
    await fillCompletely(la, 2, ["cs_willing"]);
    const page = await newPage();
    await page.goto(`${base}/r#${la.token}`);
    await identify(page, la);
    // Straight to the last page through the table of contents.
    const pagesJson = (definition.survey as { pages: { title?: string; name: string }[] }).pages;
    const last = pagesJson[pagesJson.length - 1];
    // the contents list adds "(n missing)" to the titles of sections with gaps
    const escaped = String(last.title ?? last.name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    await page.getByRole("menuitemradio", { name: new RegExp(`^${escaped}`) }).first().click();
    await expect.poll(() => pageTitle(page)).toBe(String(last.title ?? last.name));
    await page.getByRole("button", { name: "Check your answers" }).click();
    await page.getByTestId("submit-errors").waitFor();
    await page.getByTestId("submit-errors").getByRole("link").first().waitFor();
    await check(page, "submit with a missing answer");
    expect(violations).toEqual([]);
  }, 300_000);
});

if (!CAN_RUN) {
  describe("respondent accessibility", () => {
    it.skip(SKIP_REASON, () => {});
  });
}
