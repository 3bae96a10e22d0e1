/**
 * "Sign out on this device" ends the browser's session on the server: on a shared computer the next
 * person cannot reopen the LA's answers from the cookie left behind. Desktop and phone sizes, axe,
 * no console errors besides the 401 the test provokes on purpose.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { laCodes, makeToken, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations, ensureClientBuilt, launchChromium } from "./browser.ts";

let t: TestApp;
let browser: Browser;
let base: string;
let las: { code: string; name: string }[];

beforeAll(async () => {
  t = await buildTestApp({ clientRoot: ensureClientBuilt() });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  base = `http://127.0.0.1:${addr.port}`;
  las = await laCodes(t.pool, 2);
  for (const la of las) await useFixtureSurvey(t.pool, la.code);
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe("respondent sign-out in Chromium", () => {
  for (const [i, viewport] of [
    { width: 1366, height: 900 },
    { width: 390, height: 844 },
  ].entries()) {
    it(`ends the session on the server (${viewport.width}px)`, async () => {
      const la = las[i];
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      const errors: string[] = [];
      page.on("console", (m) => m.type() === "error" && !/status of 401/.test(m.text()) && errors.push(m.text()));
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(`${base}/r#${await makeToken(t.pool, la.code)}`);
      await page.getByRole("button", { name: "Start now" }).click();
      await page.getByLabel("Your name").fill("Ann Analyst");
      await page.getByLabel("Your role").fill("Performance lead");
      await page.getByLabel("Your work e-mail").fill("ann.analyst@la.gov.uk");
      await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
      await expect.poll(() => page.getByTestId("la-name").textContent()).toBe(la.name);
      expect(await page.evaluate(async () => (await fetch("/api/respondent/response")).status)).toBe(200);

      await page.getByRole("button", { name: "Sign out on this device" }).click();
      await page.getByRole("heading", { name: "You have signed out on this device" }).waitFor();
      const violations = await axeViolations(page);
      expect(violations).toEqual([]);
      // the cookie the browser still holds opens nothing any more
      const cookies = await context.cookies();
      const session = cookies.find((c) => c.name === "lada_la");
      const replay = await fetch(`${base}/api/respondent/response`, { headers: session ? { cookie: `lada_la=${session.value}` } : {} });
      expect(replay.status).toBe(401);
      expect(await page.evaluate(async () => (await fetch("/api/respondent/response")).status)).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
