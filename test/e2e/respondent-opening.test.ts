/**
 * Opening the survey link does not wait for the survey's code: the token exchange and the three
 * reads (definition, answers, first screen) start from the first script, while the large survey
 * chunk is still on its way, instead of one after the other behind it. The test holds the chunk's
 * response until those four requests have been made; before this, they were made only after the
 * chunk had arrived and run, so they never came. Real Chromium; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Route } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";
import { axeViolations } from "./browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 1);
});

const EARLY = ["POST /api/respondent/session", "GET /api/respondent/definition", "GET /api/respondent/response", "GET /api/respondent/welcome"];

describe("opening the survey link", () => {
  it("exchanges the token and reads the survey while the survey's code is still arriving", async () => {
    const token = await env.startResponseAt(las[0].code, "p_items_safe", {});
    const page = await env.newPage({ width: 1366, height: 900 }, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
    const requested: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith("/api/")) requested.push(`${r.method()} ${url.pathname}`);
    });
    let held: Route | null = null;
    let seenWhileHeld: string[] = [];
    await page.route(/\/assets\/respondent-page-[^/]*\.js$/, async (route) => {
      held = route;
      // hold the chunk until the four requests were made, or 8 s (then they were not made without it)
      const until = Date.now() + 8_000;
      while (Date.now() < until && !EARLY.every((r) => requested.includes(r))) await new Promise((r) => setTimeout(r, 50));
      seenWhileHeld = [...requested];
      await route.continue();
    });
    await page.goto(`${env.base}/r#${token}`);
    await page.locator('[data-name="items_safe"] [role=combobox]').first().waitFor();
    expect(held, "the survey chunk was requested").not.toBeNull();
    expect(seenWhileHeld).toEqual(expect.arrayContaining(EARLY));
    // the token has left the address bar, and the page is the survey, as before
    expect(new URL(page.url()).hash).toBe("");
    expect(await axeViolations(page)).toEqual([]);
  });
});
