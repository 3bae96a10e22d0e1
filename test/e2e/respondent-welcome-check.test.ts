/**
 * The respondent's first screen and the check before submitting, on the current definition in real
 * Chromium at desktop (1366×900) and phone (390×844) size: the first screen explains the survey
 * (purpose, who runs it, use, deadline, one time estimate, privacy, contact) before asking who is
 * answering; the survey's time left starts at that same estimate and does not move up as answers
 * are given; Complete lists every missing required answer by section, each a link to its question;
 * the contents list marks sections with gaps. axe on every state; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser, startAnswering } from "../support/respondent-browser.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const env = setUpRespondentBrowser();
let las: { code: string; name: string }[];
const current = loadDefinitions().current();

beforeAll(async () => {
  las = await laCodes(env.t.pool, 6);
});

async function open(laIndex: number, viewport: { width: number; height: number }): Promise<Page> {
  const page = await env.newPage(viewport);
  await page.goto(await env.surveyLink(las[laIndex].code));
  return page;
}

const minutesIn = (text: string | null) => Number(/about (\d+) minutes/.exec(text ?? "")?.[1]);

describe.each([
  { size: "desktop", viewport: { width: 1366, height: 900 }, la: 0 },
  { size: "phone", viewport: { width: 390, height: 844 }, la: 1 },
])("first screen and check before submit ($size)", ({ viewport, la }) => {
  let page: Page;

  it("the first screen says what the survey is, who runs it, how answers are used, the deadline, the time, privacy and a contact", async () => {
    page = await open(la, viewport);
    const welcome = page.getByTestId("welcome");
    await welcome.waitFor();
    await page.getByRole("heading", { level: 1, name: current.title }).waitFor();
    const text = (await welcome.textContent()) ?? "";
    expect(text).toContain(las[la].name);
    expect(text).toMatch(/run by the research team/);
    expect(text).toMatch(/How your answers are used/);
    expect(text).toMatch(/feedback report/);
    await expect(page.getByTestId("deadline").textContent()).resolves.toMatch(/Please finish by \w+day,? \d+ \w+ 20\d\d/);
    expect(minutesIn(await page.getByTestId("time-estimate").textContent())).toBe(current.estimate!.totalMinutes);
    await expect(page.getByTestId("contact").getByRole("link").getAttribute("href")).resolves.toMatch(/^mailto:.+@.+/);
    await page.getByText("Privacy notice").click();
    await page.getByText(/Your rights:/).waitFor();
    await page.getByText("Sections, and who is best placed to answer them").click();
    // the minutes per role add up to the total the sentence above gives
    const perRole = (await page.locator(".role-sections dt .hint").allTextContents()).map((t) => Number(/about (\d+) minute/.exec(t)?.[1]));
    expect(perRole.reduce((a, b) => a + b, 0)).toBe(current.estimate!.totalMinutes);
    expect(await axeViolations(page)).toEqual([]);
    // nothing about who is answering until the person starts
    expect(await page.getByLabel("Your name").count()).toBe(0);
  });

  it("then asks who is answering, and the survey's time left is the first screen's estimate", async () => {
    await page.getByRole("button", { name: "Start now" }).click();
    await page.getByLabel("Your name").fill("Ann Analyst");
    await page.getByLabel("Your role").fill("Head of performance");
    await expect(page.getByText("Only the research team sees it").isVisible()).resolves.toBe(true);
    await page.getByLabel("Your work e-mail").fill("ann.analyst@");
    await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await page.getByRole("alert").filter({ hasText: "Enter your work e-mail address in the correct format" }).waitFor();
    await page.getByLabel("Your work e-mail").fill("ann.analyst@la.gov.uk");
    await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
    const progress = page.getByTestId("progress");
    await progress.waitFor();
    const sections = (current.survey.pages as unknown[]).length;
    await expect(progress.textContent()).resolves.toBe(`0 of ${sections} sections complete · about ${current.estimate!.totalMinutes} minutes left`);
  });

  it("time left does not go up and the section count does not change as answers are given", async () => {
    const progress = page.getByTestId("progress");
    const before = minutesIn(await progress.textContent());
    const first = page.locator(".sd-question").first();
    await first.locator("label", { hasText: "Outcomes Star" }).click();
    await page.getByTestId("save-status").filter({ hasText: /^Saved at/ }).waitFor();
    await page.waitForTimeout(400); // progress is recomputed once typing pauses
    const after = await progress.textContent();
    expect(minutesIn(after)).toBeLessThanOrEqual(before);
    expect(after).toMatch(new RegExp(`of ${(current.survey.pages as unknown[]).length} sections complete`));
  });

  it("asking to submit lists every missing required answer by section; each link opens its question", async () => {
    await page.getByTestId("check-link").click();
    const check = page.getByTestId("check-answers");
    await check.waitFor();
    await expect(check.getByRole("heading", { level: 2 }).textContent()).resolves.toMatch(/^\d+ required answers are missing$/);
    const groups = check.locator(".gap-group");
    // every section has required questions, and only one answer was given
    expect(await groups.count()).toBe((current.survey.pages as unknown[]).length);
    expect(await axeViolations(page)).toEqual([]);
    // a link to a matrix row on a later section
    const link = check.locator('.gap-group[data-page="p_items_safe"] a').first();
    const label = (await link.textContent()) ?? "";
    await link.click();
    await page.locator('[data-name="items_safe"]').waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name"))).toBe("items_safe");
    // the contents list names the gaps of every section
    if (viewport.width > 600) await expect(page.locator(".sv_progress-toc, .sd-toc").first().textContent()).resolves.toMatch(/\(\d+ missing\)/);
    expect(label).toMatch(/: .+ – Where is it recorded\?/);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("answers that break a rule are in the list before submitting, with the words the server would use", async () => {
    const code = las[la + 2].code;
    // "Other" chosen without saying what, and more vacant posts than the question allows
    const token = await env.startResponseAt(code, undefined, { cms_product: "other", cap_analyst_vacancies: 250 }, { name: "Cy Colleague", role: "Analyst" });
    const p = await env.newPage(viewport);
    await p.goto(`${env.base}/r#${token}`);
    await startAnswering(p, { name: "Cy Colleague", role: "Analyst" });
    await p.getByTestId("check-link").click();
    const check = p.getByTestId("check-answers");
    await check.waitFor();
    await expect(check.getByRole("heading", { level: 2 }).textContent()).resolves.toMatch(/^\d+ answers need attention before you can submit$/);
    const cms = check.locator('.gap-group[data-page="p_cms"]');
    await expect(cms.locator("h3").textContent()).resolves.toMatch(/1 to fix\)$/);
    await cms.getByRole("link", { name: /Which case-management system .*: Response required: enter another value\.$/ }).waitFor();
    await check.locator('.gap-group[data-page="p_capacity"]').getByRole("link", { name: /How many analyst posts are vacant.*: The value should not be greater than 100/ }).waitFor();
    expect(await axeViolations(p)).toEqual([]);
    await p.context().close();
  });

  it("each person changes their own details; a colleague in another browser starts with an empty form and keeps their own", async () => {
    await page.getByRole("button", { name: "Change your details" }).click();
    await page.getByRole("heading", { name: "Your details" }).waitFor();
    await expect(page.getByLabel("Your name").inputValue()).resolves.toBe("Ann Analyst");
    expect(await axeViolations(page)).toEqual([]);
    await expect(page.getByLabel("Your work e-mail").inputValue()).resolves.toBe("ann.analyst@la.gov.uk");
    await page.getByLabel("Your role").fill("Head of performance and intelligence");
    await page.getByLabel("Your work e-mail").fill("ann.analyst@performance.la.gov.uk");
    await page.getByRole("button", { name: "Save your details" }).click();
    await expect(page.locator(".contributor").textContent()).resolves.toContain("Answering as Ann Analyst (Head of performance and intelligence)");
    expect(await page.evaluate(() => JSON.parse(localStorage.getItem("lada:contributor") ?? "null"))).toEqual({
      name: "Ann Analyst",
      role: "Head of performance and intelligence",
      email: "ann.analyst@performance.la.gov.uk",
    });
    const colleague = await open(la, viewport);
    // the LA has begun, so a colleague's first visit continues it rather than starting it
    await colleague.getByRole("button", { name: "Continue", exact: true }).click();
    await expect(colleague.getByLabel("Your name").inputValue()).resolves.toBe("");
    await expect(colleague.getByLabel("Your role").inputValue()).resolves.toBe("");
    await expect(colleague.getByLabel("Your work e-mail").inputValue()).resolves.toBe("");
    await colleague.getByText(/Already contributing: Ann Analyst/).waitFor();
    // the colleague gives and then changes their own details: Ann's stay as she left them
    await colleague.getByLabel("Your name").fill("Bo Colleague");
    await colleague.getByLabel("Your role").fill("Analyst");
    await colleague.getByLabel("Your work e-mail").fill("bo.colleague@la.gov.uk");
    await colleague.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await colleague.getByRole("button", { name: "Change your details" }).click();
    await colleague.getByRole("heading", { name: "Your details" }).waitFor();
    await expect(colleague.getByLabel("Your work e-mail").inputValue()).resolves.toBe("bo.colleague@la.gov.uk");
    await colleague.getByLabel("Your role").fill("Senior analyst");
    await colleague.getByLabel("Your work e-mail").fill("bo.senior@la.gov.uk");
    expect(await axeViolations(colleague)).toEqual([]);
    await colleague.getByRole("button", { name: "Save your details" }).click();
    await expect(colleague.locator(".contributor").textContent()).resolves.toContain("Answering as Bo Colleague (Senior analyst)");
    const code = las[la].code;
    const keyed = async () =>
      (await env.t.pool.query("SELECT name, role, email FROM respondent_contributors WHERE la_code = $1 AND key_hash IS NOT NULL ORDER BY id", [code])).rows;
    await expect.poll(keyed).toEqual([
      { name: "Ann Analyst", role: "Head of performance and intelligence", email: "ann.analyst@performance.la.gov.uk" },
      { name: "Bo Colleague", role: "Senior analyst", email: "bo.senior@la.gov.uk" },
    ]);
    // Ann, back in her own browser, still sees her own details (from the server), not Bo's
    await page.evaluate(() => localStorage.removeItem("lada:contributor"));
    await page.reload();
    await page.getByRole("button", { name: /Start now|Continue/ }).first().click();
    await expect(page.locator(".contributor").textContent()).resolves.toContain("Answering as Ann Analyst (Head of performance and intelligence)");
    await page.getByRole("button", { name: "Change your details" }).click();
    await expect(page.getByLabel("Your work e-mail").inputValue()).resolves.toBe("ann.analyst@performance.la.gov.uk");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("'Not you?' forgets the last person here: after a reload the next person still starts with an empty form", async () => {
    const shared = await open(la, viewport);
    await shared.getByRole("button", { name: /^(Start now|Continue)$/ }).click();
    await shared.getByLabel("Your name").fill("Cy Clerk");
    await shared.getByLabel("Your role").fill("Data officer");
    await shared.getByLabel("Your work e-mail").fill("cy.clerk@la.gov.uk");
    await shared.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await expect(shared.locator(".contributor").textContent()).resolves.toContain("Answering as Cy Clerk (Data officer)");
    await shared.getByRole("button", { name: "Not you?" }).click();
    await expect(shared.getByLabel("Your name").inputValue()).resolves.toBe("");
    // the next person reloads before giving their details: Cy's name and e-mail must not come back
    await shared.reload();
    await shared.getByRole("button", { name: /Start now|Continue/ }).first().click();
    await expect(shared.getByLabel("Your name").inputValue()).resolves.toBe("");
    await expect(shared.getByLabel("Your work e-mail").inputValue()).resolves.toBe("");
    expect(await shared.locator(".contributor").count()).toBe(0);
    expect(await axeViolations(shared)).toEqual([]);
    // Cy stays a contributor with what they gave; nothing was changed by forgetting them here
    const cy = await env.t.pool.query("SELECT role, email FROM respondent_contributors WHERE la_code = $1 AND name = 'Cy Clerk'", [las[la].code]);
    expect(cy.rows).toEqual([{ role: "Data officer", email: "cy.clerk@la.gov.uk" }]);
  });
});
