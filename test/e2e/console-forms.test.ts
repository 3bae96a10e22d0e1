/**
 * Console forms in real Chromium at 1366×900 and 390×844: Add contact checks every field before
 * sending, so an empty form and a form with two wrong boxes show every problem at once, beside each
 * box and in a "There is a problem" summary that links to the boxes, and nothing is saved; a later
 * good submit clears them. The users table names roles in the add form's words. axe on every state;
 * any unexpected console error fails.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

describe.skipIf(skip)("console forms in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`Add contact lists every problem beside its box and in a summary, and saves nothing (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport);
      const posts: string[] = [];
      page.on("request", (r) => {
        if (r.method() === "POST" && r.url().endsWith("/api/admin/contacts")) posts.push(r.url());
      });
      const before = (await f.t.pool.query("SELECT count(*)::int AS n FROM la_contacts")).rows[0].n;
      await page.goto(`${f.base}/console/contacts`);
      const form = page.getByRole("form", { name: "Add a contact" });
      await form.getByRole("button", { name: "Add contact" }).waitFor();
      expect(await form.getByLabel("LA code").getAttribute("required")).not.toBeNull();

      // an empty form: every required box at once
      await form.getByRole("button", { name: "Add contact" }).click();
      const summary = form.getByRole("alert").filter({ hasText: "There is a problem" });
      await summary.waitFor();
      expect(await summary.getByRole("link").allTextContents()).toEqual(["Enter the LA code", "Enter the name", "Enter the e-mail address"]);
      for (const label of ["LA code", "Name", "E-mail address"]) {
        await expect(form.getByLabel(label, { exact: true }).getAttribute("aria-invalid")).resolves.toBe("true");
      }
      expect(await axeViolations(page)).toEqual([]);

      // a name, but a wrong code and a wrong address: both said, beside their boxes and in the summary
      await form.getByLabel("LA code").fill("E09000013");
      await form.getByLabel("Name", { exact: true }).fill("Pat Newman");
      await form.getByLabel("E-mail address").fill("pat at la");
      await form.getByRole("button", { name: "Add contact" }).click();
      await expect.poll(() => summary.getByRole("link").allTextContents()).toEqual([
        "LA code must be 3 digits, like 301",
        "E-mail address must be a valid e-mail address, like name@example.org",
      ]);
      expect(await page.locator("#new-la-error").innerText()).toContain("LA code must be 3 digits, like 301");
      expect(await page.locator("#new-email-error").innerText()).toContain("E-mail address must be a valid e-mail address");
      expect(await page.locator("#new-name-error").count()).toBe(0);
      await expect(form.getByLabel("Name", { exact: true }).getAttribute("aria-invalid")).resolves.toBeNull();
      // the summary's link takes the cursor to the box
      await summary.getByRole("link", { name: /^LA code must be/ }).click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("new-la");
      expect(await axeViolations(page)).toEqual([]);
      expect(posts).toEqual([]);
      expect((await f.t.pool.query("SELECT count(*)::int AS n FROM la_contacts")).rows[0].n).toBe(before);

      // put right: the problems go and the contact is added
      const code = viewport.name === "phone" ? "203" : "202";
      await form.getByLabel("LA code").fill(code);
      await form.getByLabel("E-mail address").fill(`pat.newman.${viewport.name}@la${code}.gov.uk`);
      await form.getByRole("button", { name: "Add contact" }).click();
      await page.getByRole("status").filter({ hasText: `is added as a contact for LA ${code}` }).waitFor();
      expect(await summary.count()).toBe(0);
      expect(await page.locator(".field-error").count()).toBe(0);
      expect(watch.errors).toEqual([]);
      await context.close();
    }, 120_000);
  }

  it("the users table names each role in the add form's words", async () => {
    const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, VIEWPORTS[0]);
    await page.goto(`${f.base}/console/users`);
    const row = page.getByLabel(`Role of ${f.accounts.viewer.email}`);
    await row.waitFor();
    const formOptions = await page.getByLabel("Role", { exact: true }).locator("option").allTextContents();
    expect(await row.locator("option").allTextContents()).toEqual(formOptions);
    expect(formOptions).toEqual(["Viewer (aggregates only)", "Researcher (responses, exports, fieldwork)", "Admin (also users, links, reopening)"]);
    expect(await row.locator("option:checked").textContent()).toBe("Viewer (aggregates only)");

    // an empty address is said beside the box, not as the server's schema message
    await page.getByRole("button", { name: "Add user" }).click();
    await page.locator("#new-email-error").getByText("Enter the e-mail address").waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/body field|must NOT/);
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("an unknown LA filter in the address is ignored and dropped, no match says so, a malformed LA code and a backwards date range say so plainly", async () => {
    const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.admin, VIEWPORTS[1]);
    await page.goto(`${f.base}/console/las?status=bogus&region=Atlantis`);
    const count = page.getByRole("status").filter({ hasText: /^Showing \d+ of \d+ local authorities/ });
    await count.waitFor();
    const [, shown, all] = /Showing (\d+) of (\d+)/.exec(await count.innerText())!;
    expect(shown).toBe(all);
    await expect.poll(() => new URL(page.url()).search).toBe("");
    expect(await page.getByLabel("Status").inputValue()).toBe("");

    await page.getByLabel("Search by name, code, region or type").fill("zzqqxxvv");
    await page.getByText("No LAs match these filters.").waitFor();
    expect(await page.getByRole("region", { name: "Local authorities table" }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Clear filters and show every LA" }).click();
    await page.getByRole("region", { name: "Local authorities table" }).waitFor();

    // a deep link with an ONS code instead of an LA code: plain words, and nothing asked of the server
    await page.goto(`${f.base}/console/las/E09000013`);
    await page.getByText("No LA has the code “E09000013”. LA codes are 3 digits, like 301.").waitFor();
    expect(await page.locator("main").innerText()).not.toMatch(/params field|must match|pattern/);
    expect(await axeViolations(page)).toEqual([]);

    // the audit trail's dates the wrong way round: said beside "From", in the labels' words
    await page.goto(`${f.base}/console/audit`);
    await page.getByLabel("From", { exact: true }).fill("2026-02-01");
    await page.getByLabel("To", { exact: true }).fill("2026-01-01");
    await page.getByRole("button", { name: "Filter" }).click();
    await page.locator("#audit-since-error").getByText("The ‘From’ date must be on or before the ‘To’ date").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  }, 120_000);
});
