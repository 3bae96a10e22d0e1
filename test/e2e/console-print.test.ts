/**
 * Every researcher-console page prints its content without the console's menu bar: each route
 * declared in client/src/console/console-app.tsx is opened in Chromium, as an admin, and checked
 * with the print media type. A new page gets the check without anyone listing it here.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { watchConsole } from "../support/browser-console.ts";
import { loginAs } from "../helpers/auth.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const ROOT = path.resolve(import.meta.dirname, "../..");
const app = fs.readFileSync(path.join(ROOT, "client/src/console/console-app.tsx"), "utf8");
const routes = [...app.matchAll(/<Route\s+(index|path="([^"]+)")/g)].map((m) => (m[1] === "index" ? "" : m[2]!)).filter((p) => p !== "*");
// a value for each route parameter: an LA with a submitted response, a question of the
// questionnaire, and a Delphi study made in the set-up
const PARAMS: Record<string, string> = { laCode: "203", question: "cms_product" };

let f: ConsoleBrowserFixture;
let page: Page;

describe.skipIf(skip)("console print layout", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
    const researcher = await loginAs(f.t.app, "researcher");
    const study = await researcher.agent.post("/api/admin/delphi/studies").set("x-csrf-token", researcher.csrfToken).send({ title: "Print check" }).expect(200);
    PARAMS.id = String(study.body.id);
    page = await (await f.browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
    page.setDefaultTimeout(30_000);
    await page.goto(`${f.base}/console`);
    await page.getByLabel("E-mail address").fill(f.accounts.admin.email);
    await page.getByLabel("Password").fill(f.accounts.admin.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: "Sign out" }).waitFor();
  }, 300_000);
  afterAll(() => f?.close());

  it("hides the menu bar on every page when printed, and keeps the page heading", async () => {
    expect(routes.length).toBeGreaterThan(10);
    // LA 203 is a plain fixture LA: pages about things it does not have (scores, a case study, a
    // report) answer "not found" or "not yet" for it and show that; any other console error fails
    const watch = watchConsole(page);
    const notForThisLa = /^console error: Failed to load resource: the server responded with a status of (404|409) .*\/api\/admin\/[^ ]*\/203\)$/;
    const failures: string[] = [];
    for (const route of routes) {
      const url = `/console${route ? `/${route.replace(/:(\w+)/g, (_, name: string) => PARAMS[name] ?? "x")}` : ""}`;
      await page.emulateMedia({ media: "screen" });
      await page.goto(`${f.base}${url}`);
      await page.locator("main h1").first().waitFor();
      if (!(await page.locator("nav[aria-label=Console]").isVisible())) failures.push(`${url}: no menu on screen`);
      await page.emulateMedia({ media: "print" });
      if (await page.locator(".console-header").isVisible()) failures.push(`${url}: menu bar printed`);
      if (!(await page.locator("main h1").first().isVisible())) failures.push(`${url}: page heading not printed`);
    }
    expect(failures).toEqual([]);
    expect(watch.errors.filter((e) => !notForThisLa.test(e))).toEqual([]);
  }, 300_000);
});
