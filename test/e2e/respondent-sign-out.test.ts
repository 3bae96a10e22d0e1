/**
 * "Sign out on this device" ends the browser's session on the server: on a shared computer the next
 * person cannot reopen the LA's answers from the cookie left behind. Desktop and phone sizes, axe,
 * no console errors besides the 401 the test provokes on purpose.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser, startAnswering } from "../support/respondent-browser.ts";
import { VIEWPORTS } from "../support/console-browser.ts";

const rb = setUpRespondentBrowser();
let las: { code: string; name: string }[];

beforeAll(async () => {
  las = await laCodes(rb.t.pool, 2);
  for (const la of las) await useFixtureSurvey(rb.t.pool, la.code);
});

describe("respondent sign-out in Chromium", () => {
  for (const [i, viewport] of VIEWPORTS.entries()) {
    it(`ends the session on the server (${viewport.width}px)`, async () => {
      const la = las[i];
      // after signing out, the old session's requests are refused (401): what the test checks
      const page = await rb.newPage(viewport, { expected: [{ status: 401, path: "/api/respondent/response" }] });
      const context = page.context();
      await page.goto(await rb.surveyLink(la.code));
      await startAnswering(page, { name: "Ann Analyst", role: "Performance lead", email: "ann.analyst@la.gov.uk" });
      await expect.poll(() => page.getByTestId("la-name").textContent()).toBe(la.name);
      expect(await page.evaluate(async () => (await fetch("/api/respondent/response")).status)).toBe(200);

      await page.getByRole("button", { name: "Sign out on this device" }).click();
      await page.getByRole("heading", { name: "You have signed out on this device" }).waitFor();
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
      // the cookie the browser still holds opens nothing any more
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "lada_la");
      const replay = await fetch(`${rb.base}/api/respondent/response`, { headers: session ? { cookie: `lada_la=${session.value}` } : {} });
      expect(replay.status).toBe(401);
      expect(await page.evaluate(async () => (await fetch("/api/respondent/response")).status)).toBe(401);
      expect(rb.watchOf(page).errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
