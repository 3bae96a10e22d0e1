/**
 * Fast typing loses nothing, in real Chromium at 1366×900 and 390×844. Typed text enters the survey
 * model when typing pauses (client/src/respondent/typing-buffer.ts), so these tests type with no
 * pause at all and leave at once:
 * - a comment box typed into and a data-item matrix cell chosen with the keyboard, then straight to
 *   the next page: every character and the cell's answer are in the database;
 * - a comment box typed into, then the tab closed at once: every character is in the database
 *   (sent as the page goes, or from this browser's copy when the survey is opened again);
 * Any console error fails.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { laCodes, makeToken } from "../routes/respondent/respondent-fixtures.ts";
import { ensureClientBuilt, launchChromium } from "./browser.ts";
import { watchConsole, type ConsoleWatch } from "../support/browser-console.ts";
import { chooseInDropdown, focused } from "../support/keyboard.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

let t: TestApp;
let browser: Browser;
let base: string;
let las: { code: string; name: string }[];
const watches: ConsoleWatch[] = [];
const current = loadDefinitions().current();
const pageIndex = (current.survey.pages as any[]).findIndex((p) => p.name === "p_items_safe");
const matrix = (current.survey.pages as any[])[pageIndex].elements[0];
const firstRow = matrix.rows[0];
const nextPage = (current.survey.pages as any[])[pageIndex + 1];

beforeAll(async () => {
  const dist = ensureClientBuilt();
  t = await buildTestApp({ clientRoot: dist });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  base = `http://127.0.0.1:${addr.port}`;
  las = await laCodes(t.pool, 4);
  browser = await launchChromium();
});

afterEach(() => {
  expect(watches.flatMap((w) => w.errors.splice(0))).toEqual([]);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

/** The survey opened on the data-item page "p_items_safe", nothing answered yet. */
async function open(la: string, viewport: { width: number; height: number }): Promise<{ ctx: BrowserContext; page: Page; token: string }> {
  const token = await makeToken(t.pool, la);
  const headers = { authorization: `Bearer ${token}` };
  expect((await t.app.inject({ method: "GET", url: "/api/respondent/response", headers })).statusCode).toBe(200);
  const res = await t.app.inject({
    method: "PATCH",
    url: "/api/respondent/response",
    headers: { ...headers, "if-match": "0" },
    payload: { changes: {}, contributor: { name: "Setup", role: "Test" }, uiState: { currentPageName: "p_items_safe" } },
  });
  expect(res.statusCode, res.body).toBe(200);
  const ctx = await browser.newContext({ viewport });
  await ctx.addInitScript(() => localStorage.setItem("lada:contributor", JSON.stringify({ name: "Ann Analyst", role: "Head of performance" })));
  const page = await ctx.newPage();
  page.setDefaultTimeout(20_000);
  watches.push(watchConsole(page));
  await page.goto(`${base}/r#${token}`);
  await page.locator('[data-name="notes_safe"] textarea').waitFor();
  return { ctx, page, token };
}

async function saved(la: string): Promise<{ notes: unknown; cell: unknown }> {
  const { rows } = await t.pool.query("SELECT data->'notes_safe' AS notes, data->'items_safe'->$2->'recorded' AS cell FROM responses WHERE la_code = $1", [la, firstRow.value]);
  return { notes: rows[0]?.notes ?? null, cell: rows[0]?.cell ?? null };
}

// letters, digits, punctuation, spaces and a line break: each one must arrive
const text = "Screening moved to a structured form in 2024 (pilot: 3 teams); reviewed monthly.\nNext: audit of 'other' codes & fixes!";

describe.each([
  { size: "desktop", viewport: { width: 1366, height: 900 }, la: 0 },
  { size: "phone", viewport: { width: 390, height: 844 }, la: 2 },
])("fast typing ($size)", ({ viewport, la }) => {
  it("keeps every character typed into a comment box and a matrix cell's answer when the person moves straight on", async () => {
    const code = las[la].code;
    const { ctx, page } = await open(code, viewport);
    // a matrix cell answered by keyboard
    const cell = page.locator('[data-name="items_safe"] [role=combobox]').first();
    await cell.focus();
    expect((await focused(page)).name).toContain(String(firstRow.text));
    await chooseInDropdown(page, "In structured fields");
    // typed as fast as the keyboard allows, then straight to the next page, with no pause
    const box = page.locator('[data-name="notes_safe"] textarea');
    await box.focus();
    await page.keyboard.type(text);
    await page.getByRole("button", { name: "Next" }).click();
    await page.locator(`.sd-page [data-name="${nextPage.elements[0].name}"]`).waitFor();
    await expect.poll(() => saved(code), { timeout: 30_000 }).toEqual({ notes: text, cell: "structured" });
    // back on the page, the box shows exactly what was typed
    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page.locator('[data-name="notes_safe"] textarea').inputValue()).resolves.toBe(text);
    await ctx.close();
  });

  it("keeps every character typed into a comment box when the tab is closed straight after", async () => {
    const code = las[la + 1].code;
    const { ctx, page, token } = await open(code, viewport);
    const box = page.locator('[data-name="notes_safe"] textarea');
    await box.focus();
    await page.keyboard.type(text);
    await page.close({ runBeforeUnload: true });
    // sent as the page went, or (if that request was cut off) from this browser's copy on the next visit
    const again = await ctx.newPage();
    watches.push(watchConsole(again));
    await again.goto(`${base}/r#${token}`);
    await expect.poll(() => saved(code), { timeout: 30_000 }).toEqual({ notes: text, cell: null });
    await expect(again.locator('[data-name="notes_safe"] textarea').inputValue()).resolves.toBe(text);
    await ctx.close();
  });
});
