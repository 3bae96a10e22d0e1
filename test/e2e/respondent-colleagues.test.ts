/**
 * Colleagues answering one LA's questionnaire at the same time, in two browser contexts, at desktop
 * (1366×900) and phone (390×844) size: the conflict dialog names who changed the answer and when, and
 * the red "Not saved" status clears once the person has chosen; colleagues' changes that arrive are
 * applied and announced in a quiet notice ("Priya Shah changed 2 answers on this page") without moving
 * focus. axe on every new state; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { question, startAnswering, setUpRespondentBrowser, waitSaved, type Person } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string; name: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 2);
  for (const la of las) await useFixtureSurvey(env.t.pool, la.code);
});

async function stored(laCode: string) {
  const { rows } = await env.t.pool.query("SELECT data FROM responses WHERE la_code = $1", [laCode]);
  return rows[0].data;
}

async function open(link: string, viewport: { width: number; height: number }, who: Person): Promise<Page> {
  const page = await env.newPage(viewport);
  await page.goto(link);
  await startAnswering(page, who);
  await question(page, "lead_name").waitFor();
  return page;
}

async function type(page: Page, name: string, text: string) {
  const input = question(page, name).locator("input, textarea").first();
  await input.fill(text);
  await input.press("Tab");
}

const priyaWho = { name: "Priya Shah", role: "Head of Performance" };
const samWho = { name: "Sam Jones", role: "Workforce analyst" };

describe.each([
  { size: "desktop", viewport: { width: 1366, height: 900 }, la: 0 },
  { size: "phone", viewport: { width: 390, height: 844 }, la: 1 },
])("colleagues answering together ($size)", ({ viewport, la }) => {
  let priya: Page;
  let sam: Page;
  let code: string;

  it("the conflict dialog names who changed the answer and when", async () => {
    code = las[la].code;
    const link = await env.surveyLink(code);
    priya = await open(link, viewport, priyaWho);
    sam = await open(link, viewport, samWho);
    await type(priya, "lead_name", "Priya Shah");
    await waitSaved(priya, code);
    env.watchOf(sam).expect({ status: 409, path: "/api/respondent/response" }); // Sam's save is based on an older version
    await type(sam, "lead_name", "Sam Jones");
    const dialog = sam.getByRole("dialog");
    await dialog.waitFor();
    await dialog.getByRole("heading", { name: "Priya Shah changed the same answer" }).waitFor();
    await expect(dialog.getByTestId("changed-by").textContent()).resolves.toMatch(/^Priya Shah \(Head of Performance\) changed this at \d\d:\d\d$/);
    await expect(dialog.getByTestId("theirs").textContent()).resolves.toBe("Priya Shah");
    await dialog.getByLabel(/Keep Priya Shah’s answer/).waitFor();
    await expect(sam.getByTestId("save-status").textContent()).resolves.toBe("Not saved: a colleague changed the same answer");
    expect(await axeViolations(sam)).toEqual([]);
  });

  it("keeping the colleague's answer clears the red status; the form shows their answer", async () => {
    const dialog = sam.getByRole("dialog");
    await dialog.getByRole("button", { name: "Save my choice" }).click();
    await dialog.waitFor({ state: "detached" });
    await sam.getByTestId("save-status").filter({ hasText: /^Saved at \d\d:\d\d$/ }).waitFor();
    await expect(question(sam, "lead_name").locator("input").inputValue()).resolves.toBe("Priya Shah");
    expect((await stored(code)).lead_name).toBe("Priya Shah");
    expect(await axeViolations(sam)).toEqual([]);
  });

  it("a colleague's changes arrive with a quiet notice naming them; focus stays where the person is typing", async () => {
    await type(priya, "analysts", "4");
    await question(priya, "tools").locator("label", { hasText: "excel" }).click();
    await waitSaved(priya, code);
    await expect.poll(async () => (await stored(code)).tools, { timeout: 20_000 }).toEqual(["excel"]);
    // Sam types elsewhere on the page: his save brings Priya's answers back with who made them
    await question(sam, "lead_name").locator("input").fill("Priya Shah, with Sam");
    const notice = sam.getByTestId("colleague-notice");
    await notice.filter({ hasText: "Priya Shah changed 2 answers on this page." }).waitFor();
    await expect(notice.getAttribute("role")).resolves.toBe("status");
    await expect(notice.getAttribute("aria-live")).resolves.toBe("polite");
    await expect(question(sam, "analysts").locator("input").inputValue()).resolves.toBe("4");
    await expect(question(sam, "tools").locator('input[value="excel"]').isChecked()).resolves.toBe(true);
    // the notice did not take focus from the box Sam is typing in
    await expect(sam.evaluate(() => document.activeElement?.closest("[data-name]")?.getAttribute("data-name"))).resolves.toBe("lead_name");
    expect(await axeViolations(sam)).toEqual([]);
    await waitSaved(sam, code);
    await sam.getByRole("button", { name: "Hide this message" }).click();
    await expect(notice.textContent()).resolves.toBe("");
  });
});
