/**
 * The respondent journey in real Chromium: open the LA link, answer across pages, reload, resume in
 * a second browser context, conflicting edits from two contexts, offline then online, submit with a
 * required answer missing (listed with a link to it), fix it, submit, see the receipt.
 */
import { beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { laCodes, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { question, setUpRespondentBrowser, startAnswering, waitSaved as waitSavedFor, type Person } from "../support/respondent-browser.ts";
import type { ExpectedFailure } from "../support/browser-console.ts";

const rb = setUpRespondentBrowser();
let la: { code: string; name: string };
let link: string;

beforeAll(async () => {
  la = (await laCodes(rb.t.pool, 1))[0];
  await useFixtureSurvey(rb.t.pool, la.code);
  // a study contact as an admin would set it: the receipt names it
  await rb.t.pool.query("INSERT INTO study_contact (contact_name, contact_email, response_time, run_by) VALUES ('The audit team', 'audit-team@university.ac.uk', '', 'The audit team runs this survey.')");
  link = await rb.surveyLink(la.code);
});

/** The test provokes this failed request on this page from now on (the only console errors allowed). */
const provokes = (page: Page, failure: ExpectedFailure) => rb.watchOf(page).expect(failure);

/** A page in a fresh browser context at Chromium's default size; any console error fails the test. */
const newPage = (expected: ExpectedFailure[] = []) => rb.newPage({ width: 1280, height: 720 }, { expected });

async function stored() {
  const { rows } = await rb.t.pool.query("SELECT data, version, status, ui_state FROM responses WHERE la_code = $1", [la.code]);
  return rows[0];
}

const radio = (page: Page, matrix: string, row: string, value: number) =>
  question(page, matrix).locator("tr", { hasText: row }).locator(`input[value="${value}"]`);

/** The first screen: who is answering; then the survey shows the LA's name. */
async function identify(page: Page, who: Required<Person>) {
  await startAnswering(page, who);
  await expect(page.getByTestId("la-name").textContent()).resolves.toBe(la.name);
}

/** Saved = nothing left in the browser's queue (the server acknowledged it all) and the status says so. */
const waitSaved = (page: Page) => waitSavedFor(page, la.code);

async function dump(page: Page, file: string) {
  fs.mkdirSync("tmp", { recursive: true });
  fs.writeFileSync(`tmp/${file}.html`, await page.content());
  await page.screenshot({ path: `tmp/${file}.png`, fullPage: true });
}

describe("respondent journey in Chromium", () => {
  let a: Page;
  let b: Page;

  it("opens the link, asks who is answering, shows the LA, progress and time left; the token leaves the address bar", async () => {
    a = await newPage();
    await a.goto(link);
    await a.getByTestId("welcome").waitFor();
    expect(await axeViolations(a)).toEqual([]);
    await identify(a, { name: "Ann Analyst", role: "Performance lead", email: "ann.analyst@la.gov.uk" });
    expect(a.url()).toBe(`${rb.base}/r`);
    const token = link.split("#")[1];
    expect(await a.evaluate(() => document.cookie)).not.toContain(token); // HttpOnly: not readable by scripts
    expect(await a.evaluate(() => JSON.stringify(localStorage))).not.toContain(token);
    await expect(a.getByTestId("progress").textContent()).resolves.toMatch(/^0 of 3 sections complete · about \d+ minutes left$/);
  });

  it("answers across pages; every change reaches the server and the page is remembered", async () => {
    await question(a, "analysts").locator("input").fill("3");
    await question(a, "analysts").locator("input").press("Tab");
    await question(a, "tools").locator("label", { hasText: "excel" }).click();
    await waitSaved(a);
    await a.getByRole("button", { name: "Next" }).click();
    await a.getByText("Data items").first().waitFor();
    await radio(a, "maturity", "governance", 3).evaluate((el: HTMLInputElement) => el.click());
    await waitSaved(a);
    await expect.poll(async () => (await stored()).data, { timeout: 15_000 }).toEqual({ analysts: 3, tools: ["excel"], maturity: { governance: 3 } });
    expect((await stored()).ui_state).toMatchObject({ currentPageNo: 1, currentPageName: "items" });
    const who = await rb.t.pool.query("SELECT name, role, email FROM respondent_contributors WHERE la_code = $1", [la.code]);
    expect(who.rows).toEqual([{ name: "Ann Analyst", role: "Performance lead", email: "ann.analyst@la.gov.uk" }]);
  });

  it("after a reload the same answers and the same page are shown", async () => {
    await a.reload();
    await a.getByText("Data items").first().waitFor();
    await expect(radio(a, "maturity", "governance", 3).isChecked()).resolves.toBe(true);
  });

  it("a second browser resumes on the same page with the same answers", async () => {
    b = await newPage();
    await b.goto(link);
    await identify(b, { name: "Bob Builder", role: "Data manager", email: "bob.builder@la.gov.uk" });
    await b.getByText("Data items").first().waitFor();
    await expect(radio(b, "maturity", "governance", 3).isChecked()).resolves.toBe(true);
    await expect(b.getByTestId("last-edit").textContent()).resolves.toContain("Ann Analyst (Performance lead)");
  });

  it("colleagues changing different rows of one matrix both keep their answers", async () => {
    await radio(a, "maturity", "quality", 2).evaluate((el: HTMLInputElement) => el.click());
    await waitSaved(a);
    await radio(b, "maturity", "governance", 5).evaluate((el: HTMLInputElement) => el.click());
    await waitSaved(b);
    await expect.poll(async () => (await stored()).data.maturity, { timeout: 15_000 }).toEqual({ governance: 5, quality: 2 });
    // Bob's page now shows Ann's row too
    await expect.poll(() => radio(b, "maturity", "quality", 2).isChecked(), { timeout: 15_000 }).toBe(true);
  });

  it("conflicting edits to the same question show both values and the person chooses", async () => {
    await question(a, "notes").locator("textarea").fill("Ann's note");
    await question(a, "notes").locator("textarea").press("Tab");
    await waitSaved(a);
    provokes(b, { status: 409, path: "/api/respondent/response" }); // the server refuses Bob's stale save
    await question(b, "notes").locator("textarea").fill("Bob's note");
    await question(b, "notes").locator("textarea").press("Tab");
    const dialog = b.getByRole("dialog");
    await dialog.waitFor();
    await expect(dialog.getByTestId("theirs").textContent()).resolves.toBe("Ann's note");
    await expect(dialog.getByTestId("yours").textContent()).resolves.toBe("Bob's note");
    expect(await axeViolations(b)).toEqual([]);
    expect((await stored()).data.notes).toBe("Ann's note"); // nothing overwritten silently
    await dialog.getByLabel(/Use your answer/).check();
    await dialog.getByRole("button", { name: "Save my choice" }).click();
    await waitSaved(b);
    await expect.poll(async () => (await stored()).data.notes, { timeout: 15_000 }).toBe("Bob's note");
  });

  it("coming back to the page shows what a colleague saved meanwhile", async () => {
    await radio(a, "maturity", "quality", 4).evaluate((el: HTMLInputElement) => el.click());
    await expect.poll(async () => (await stored()).data.maturity.quality, { timeout: 15_000 }).toBe(4);
    await b.evaluate(() => window.dispatchEvent(new Event("focus"))); // Bob returns to his window
    await expect.poll(() => radio(b, "maturity", "quality", 4).isChecked(), { timeout: 15_000 }).toBe(true);
  });

  it("offline changes are kept in the browser and sent when back online", async () => {
    provokes(a, { status: "offline", path: "/api/respondent/response" });
    await a.context().setOffline(true);
    await a.getByRole("button", { name: "Next" }).click();
    await a.getByText("Signed off by the DCS?").first().waitFor();
    await question(a, "sign_off").locator("label", { hasText: "yes" }).click();
    await a.getByTestId("save-status").filter({ hasText: "Offline — will retry" }).waitFor();
    const queued = await a.evaluate((code) => Object.entries(localStorage).filter(([k]) => k.startsWith(`lada:pending:${code}`)).map(([, v]) => JSON.parse(v)), la.code);
    expect(queued.map((q) => q.changes)).toEqual([{ sign_off: "yes" }]);
    expect((await stored()).data.sign_off).toBeUndefined();
    await a.context().setOffline(false);
    await waitSaved(a);
    await expect.poll(async () => (await stored()).data.sign_off, { timeout: 15_000 }).toBe("yes");
    expect(await a.evaluate((code) => Object.keys(localStorage).filter((k) => k.startsWith(`lada:pending:${code}`)), la.code)).toEqual([]);
  });

  it("submitting with a required answer missing lists it with a link to it; after fixing it, submit shows the receipt", async () => {
    await a.getByRole("button", { name: "Check your answers" }).click();
    const check = a.getByTestId("check-answers");
    await check.waitFor();
    await expect(check.getByRole("heading", { level: 2 }).textContent()).resolves.toBe("1 required answer is missing");
    await expect(check.locator(".gap-group h3").allTextContents()).resolves.toEqual(["About you (1 missing)"]);
    expect(await axeViolations(a)).toEqual([]);
    await check.getByRole("link", { name: "Data lead name" }).click();
    const leadName = question(a, "lead_name");
    await expect.poll(() => a.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name"))).toBe("lead_name");
    expect((await stored()).status).toBe("in_progress");
    await leadName.locator("input").fill("Ann Analyst");
    await leadName.locator("input").press("Tab");
    await waitSaved(a);
    // An error only the server finds (422) lands in the same list. The browser runs the same
    // survey-core version, so this is simulated once at the network level.
    provokes(a, { status: 422, path: "/api/respondent/response/submit" });
    await a.route(
      "**/api/respondent/response/submit",
      (route) =>
        route.fulfill({
          status: 422,
          json: { statusCode: 422, error: "Unprocessable Entity", message: "1 answer needs attention", errors: [{ question: "analysts", page: "about", message: "Checked on the server: too many" }] },
        }),
      { times: 1 },
    );
    await a.getByTestId("check-link").click();
    await check.getByRole("button", { name: "Submit your answers" }).click();
    await expect(a.getByTestId("submit-errors").textContent()).resolves.toContain("Number of analysts: Checked on the server: too many");
    await a.getByRole("link", { name: /Number of analysts/ }).click();
    await expect.poll(() => a.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name"))).toBe("analysts");
    await a.getByTestId("check-link").click();
    await check.getByRole("button", { name: "Submit your answers" }).click();
    const receipt = a.getByTestId("receipt");
    await receipt.waitFor();
    await expect(receipt.textContent()).resolves.toContain("by Ann Analyst (Performance lead)");
    await expect(receipt.getByTestId("receipt-contact").textContent()).resolves.toBe(
      "The response is now read-only. If something must change, the research team can reopen it. Contact the audit team: audit-team@university.ac.uk.",
    );
    await expect(a.locator("main").textContent()).resolves.toContain("Bob's note");
    const row = await stored();
    expect(row.status).toBe("submitted");
    expect(row.data.lead_name).toBe("Ann Analyst");
    expect(await axeViolations(a)).toEqual([]);
    await dump(a, "e2e-receipt");
  });

  it("the other browser sees the read-only receipt", async () => {
    await b.reload();
    await b.getByTestId("receipt").waitFor();
    await expect(b.getByRole("button", { name: "Next" }).count()).resolves.toBe(0);
  });

  it("a wrong or revoked link says so, without saying whether the LA exists", async () => {
    // the exchange and the three first reads, all made with the link, are refused
    const refused = ["session", "definition", "response", "welcome"].map((p) => ({ status: 401, path: `/api/respondent/${p}` }));
    const page = await newPage(refused);
    await page.goto(`${rb.base}/r#${"x".repeat(43)}`);
    await page.getByRole("heading", { name: "This link does not work" }).waitFor();
    expect(await page.locator("main").textContent()).not.toContain(la.name);
    expect(page.url()).toBe(`${rb.base}/r`);
  });
});
