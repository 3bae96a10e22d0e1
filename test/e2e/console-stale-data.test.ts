/**
 * A console list whose reload fails, in real Chromium at a desktop and a phone size: the audit trail
 * is loaded, then the server answers 500 to the next fetch of it (a Filter press). The page says in
 * an alert that the list could not be refreshed and may be out of date, and keeps the rows it had and
 * what was typed into the filter; "Try again" once the server answers again shows the filtered list
 * and the alert goes. The alert is the console's shared one (page.tsx), so every page that loads
 * through useApi behaves the same. Axe on every state; the only console error allowed is the 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import supertest from "supertest";
import type { Route } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount } from "../helpers/auth.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { elementsWiderThanWindow, openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
const TRAIL = "/api/admin/audit";
let app: BrowserApp;
let admin: { email: string; password: string };
let laName: string;

/** What the service itself answers when it fails (the error handler's generic 500). */
const serverError = (route: Route) =>
  route.fulfill({
    status: 500,
    contentType: "application/json",
    body: JSON.stringify({ statusCode: 500, error: "Internal Server Error", message: "Something went wrong on our side. Try again shortly." }),
  });
const isTrail = (url: URL) => url.pathname === TRAIL;

describe.skipIf(skip)("a console list whose reload fails, in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    admin = await createAccount(app.t.app, "admin", "stale-admin@research.example");
    // one recorded action for LA 211, so that filtering by it gives a list unlike the whole trail
    const agent = supertest.agent(app.t.app.server);
    const login = await agent.post("/api/auth/login").send({ email: admin.email, password: admin.password }).expect(200);
    await agent.post("/api/admin/contacts").set("x-csrf-token", login.body.csrfToken).send({ laCode: "211", name: "Fran Contact", email: "f@la211.gov.uk" }).expect(201);
    laName = (await app.t.pool.query("SELECT name FROM las WHERE la_code = '211'")).rows[0].name;
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    it(`says the list may be out of date, keeps it, and "Try again" brings the current one (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(app.browser, app.base, admin, viewport);
      await page.getByRole("link", { name: "Audit trail" }).click();
      await page.getByRole("heading", { name: "Audit trail", level: 1 }).waitFor();
      const rows = page.locator("tbody tr");
      await page.getByRole("row", { name: new RegExp(`Added an LA contact ${laName}`) }).waitFor();
      const signIns = page.getByRole("row", { name: /Signed in/ });
      await signIns.first().waitFor();
      const before = await rows.count();
      expect(before).toBeGreaterThan(1);
      const alert = page.getByRole("alert").filter({ hasText: "Could not refresh" });
      expect(await alert.count()).toBe(0);

      // the server fails the next fetch of the trail
      watch.expect({ status: 500, path: TRAIL });
      await page.route(isTrail, serverError);
      await page.getByLabel("LA code").fill("211");
      await page.getByRole("button", { name: "Filter" }).click();
      await alert.waitFor();
      expect((await alert.innerText()).replace(/\s+/g, " ")).toContain(
        "Could not refresh the audit trail: Something went wrong on our side. Try again shortly. What you see may be out of date.",
      );
      // the rows from before stay (the sign-ins are not LA 211's), and so does what was typed
      expect(await rows.count()).toBe(before);
      expect(await signIns.count()).toBeGreaterThan(0);
      expect(await page.getByLabel("LA code").inputValue()).toBe("211");
      expect(await axeViolations(page)).toEqual([]);
      expect(await elementsWiderThanWindow(page)).toEqual([]);

      // the server answers again: "Try again" shows the filtered trail and the alert goes
      await page.unroute(isTrail, serverError);
      await alert.getByRole("button", { name: "Try again" }).click();
      await expect.poll(() => rows.count()).toBe(1);
      await page.getByRole("row", { name: new RegExp(`Added an LA contact ${laName}`) }).waitFor();
      expect(await alert.count()).toBe(0);
      expect(await signIns.count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }
});
