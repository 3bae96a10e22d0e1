/** Every researcher-console page, in the states a user sees, passes axe-core (WCAG 2.2 AA tags) in real Chromium. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { axeViolations, signInByKeyboard, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";

let f: ConsoleBrowserFixture;
let page: Page;

beforeAll(async () => {
  f = await startConsoleBrowser();
  page = await (await f.browser.newContext()).newPage();
  page.setDefaultTimeout(20_000);
});
afterAll(() => f?.close());

async function visit(path: string, heading: string | RegExp) {
  await page.goto(`${f.base}${path}`);
  await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  await page.locator("[role=status]", { hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => {});
}

afterAll(async () => {
  // screenshots for a human look (tmp/ is git-ignored)
  if (process.env.CONSOLE_SCREENSHOTS) {
    for (const [name, path] of [["dashboard", "/console"], ["las", "/console/las"], ["la", "/console/las/203"], ["contacts", "/console/contacts"], ["emails", "/console/emails"], ["audit", "/console/audit"], ["users", "/console/users"]]) {
      await page.goto(`${f.base}${path}`);
      await page.waitForTimeout(800);
      await page.screenshot({ path: `tmp/console-${name}.png`, fullPage: true });
    }
  }
});

describe("researcher console accessibility (axe-core, WCAG 2.2 AA)", () => {
  it("sign-in page, empty and with an error", async () => {
    await page.goto(`${f.base}/console`);
    await page.getByRole("heading", { name: "Sign in to the researcher console" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("E-mail address").fill("nobody@research.example");
    await page.getByLabel("Password").fill("wrong password here");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").waitFor();
    expect(await page.getByRole("alert").textContent()).toMatch(/not recognised/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("dashboard with charts and tables", async () => {
    await signInByKeyboard(page, f.base, f.accounts.admin.email, f.accounts.admin.password);
    await visit("/console", "Fieldwork dashboard");
    await page.getByRole("heading", { name: "By region" }).waitFor();
    await page.locator(".recharts-surface").first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByText("Show response over time as a table").click();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("LA list, sorted and filtered", async () => {
    await visit("/console/las", "Local authorities");
    await page.getByRole("link", { name: "Camden" }).waitFor();
    await page.getByRole("button", { name: /% complete/ }).click();
    await page.getByLabel("Search by name, code, region or type").fill("London");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("one LA's page with response, contributors, e-mails and history", async () => {
    await visit("/console/las/203", /\(203\)/);
    await page.getByRole("heading", { name: "History" }).waitFor();
    await page.getByText("Response submitted").first().waitFor();
    await page.getByText(/^2 of \d+ questions answered\.$/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await visit("/console/las/202", /\(202\)/);
    await page.getByText(/550 mailbox unavailable/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("contacts, including import errors and the edit form", async () => {
    await visit("/console/contacts", "LA contacts");
    await page.getByRole("rowheader", { name: "Sam Smith" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel("Or paste CSV").fill("la_code,name,email,role\n999,X,not-an-email,\n");
    await page.getByRole("button", { name: "Import" }).click();
    await page.getByText(/Nothing was imported/).waitFor();
    await page.getByRole("button", { name: "Edit Sam Smith" }).click();
    await page.getByRole("button", { name: "Save contact" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Cancel" }).click();
    // adding empties the form for the next contact and says who was added
    const adding = page.getByRole("form", { name: "Add a contact" });
    await adding.getByLabel("LA code").fill("203");
    await adding.getByLabel("Name").fill("Pat Newman");
    await adding.getByLabel("E-mail").fill("pat.newman@la203.gov.uk");
    await adding.getByRole("button", { name: "Add contact" }).click();
    await page.getByRole("rowheader", { name: "Pat Newman" }).waitFor();
    expect(await page.getByRole("status").filter({ hasText: "Pat Newman (pat.newman@la203.gov.uk) is added as a contact for LA 203." }).isVisible()).toBe(true);
    expect(await adding.getByLabel("Name").inputValue()).toBe("");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("e-mails: templates, preview and the send log", async () => {
    await visit("/console/emails", "E-mail invitations and reminders");
    await page.getByLabel("Subject").waitFor();
    await page.getByRole("button", { name: "Preview", exact: true }).click();
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("audit trail and users (admin)", async () => {
    await visit("/console/audit", "Audit trail");
    await page.getByRole("cell", { name: "Signed in", exact: true }).first().waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await visit("/console/users", "Console users");
    await page.getByRole("rowheader", { name: f.accounts.viewer.email }).waitFor();
    await page.getByLabel("E-mail address").fill("new.person@research.example");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.locator("code.secret").waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it("the check itself reports a planted violation (so a clean result means something)", async () => {
    await visit("/console/users", "Console users");
    await page.evaluate(() => {
      const input = document.createElement("input");
      input.id = "planted";
      document.querySelector("main")!.appendChild(input);
    });
    const v = await axeViolations(page);
    expect(v.some((x) => x.startsWith("label:") && x.includes("#planted"))).toBe(true);
  });

  it("a viewer sees only the dashboard, and a clear page for anything else", async () => {
    const p = await (await f.browser.newContext()).newPage();
    await signInByKeyboard(p, f.base, f.accounts.viewer.email, f.accounts.viewer.password);
    const nav = await p.getByRole("navigation", { name: "Console" }).getByRole("link").allTextContents();
    expect(nav).toContain("Dashboard");
    for (const hidden of ["Local authorities", "Contacts", "E-mails", "Audit trail", "Users"]) expect(nav).not.toContain(hidden);
    await p.goto(`${f.base}/console/las`);
    await p.getByRole("heading", { level: 1, name: "Not available for your role" }).waitFor();
    expect(await axeViolations(p)).toEqual([]);
  });
});
