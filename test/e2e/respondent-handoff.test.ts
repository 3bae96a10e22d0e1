/**
 * Sending a section to a colleague, in two browser contexts at desktop (1366×900) and phone (390×844)
 * size: the data lead hands "Data items" to Sam Jones with a note and gets the words to pass on; the
 * section shows "Handed to Sam Jones"; Sam opens the LA's link, picks "I am Sam Jones" and lands on
 * that section; his answers are attributed to him; the lead then sees who has the section and who
 * answered each section, above the section and on the check-your-answers page. axe on every new
 * state; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { question, startAnswering, setUpRespondentBrowser, waitSaved } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string; name: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 2);
  for (const la of las) await useFixtureSurvey(env.t.pool, la.code);
});

describe.each([
  { size: "desktop", viewport: { width: 1366, height: 900 }, la: 0 },
  { size: "phone", viewport: { width: 390, height: 844 }, la: 1 },
])("sending a section to a colleague ($size)", ({ viewport, la }) => {
  let priya: Page;
  let sam: Page;
  let code: string;
  let link: string;

  it("the data lead hands a section to a named colleague and gets the words to pass on", async () => {
    code = las[la].code;
    link = await env.surveyLink(code);
    priya = await env.newPage(viewport);
    await priya.goto(link);
    await startAnswering(priya, { name: "Priya Shah", role: "Head of Performance" });
    const leadName = question(priya, "lead_name").locator("input");
    await leadName.fill("Priya Shah");
    await leadName.press("Tab");
    await waitSaved(priya, code);
    await priya.getByRole("button", { name: "Next" }).click();
    await question(priya, "notes").waitFor();
    await priya.getByRole("button", { name: "Send this section to a colleague" }).click();
    await priya.getByRole("heading", { name: "Send “Data items” to a colleague" }).waitFor();
    await priya.getByRole("button", { name: "Hand over this section" }).click();
    await priya.getByRole("alert").filter({ hasText: "Enter your colleague’s name" }).waitFor(); // nothing sent without a name
    expect(await axeViolations(priya)).toEqual([]);
    await priya.getByLabel("Colleague’s name").fill("Sam Jones");
    await priya.getByLabel("Their work e-mail (optional)").fill("sam.jones@council.gov.uk");
    await priya.getByLabel("A note for them (optional)").fill("The workforce rows");
    // the hand-off and the words to pass on show at once, from the server's reply: the reload of the
    // list of hand-offs that follows is held here until they are seen, and they stay once it lands
    let releaseList = () => {};
    const listHeld = new Promise<void>((resolve) => (releaseList = resolve));
    let held = false;
    await priya.route("**/api/respondent/handoffs", async (route) => {
      if (route.request().method() !== "GET" || held) return route.fallback();
      held = true;
      await listHeld;
      await route.continue();
    });
    await priya.getByRole("button", { name: "Hand over this section" }).click();
    await priya.getByTestId("section-handoff").filter({ hasText: /^Handed to Sam Jones: not opened yet\./ }).waitFor();
    const words = await priya.getByLabel("What to send Sam Jones").inputValue();
    expect(words).toContain('choose "I am Sam Jones"');
    expect(words).toContain("Note from Priya Shah: The workforce rows");
    expect(held).toBe(true);
    const listed = priya.waitForResponse((r) => r.url().endsWith("/api/respondent/handoffs") && r.request().method() === "GET");
    releaseList();
    await listed;
    await priya.unroute("**/api/respondent/handoffs");
    await priya.getByTestId("section-handoff").filter({ hasText: /^Handed to Sam Jones: not opened yet\./ }).waitFor();
    expect(await priya.getByLabel("What to send Sam Jones").inputValue()).toBe(words);
    expect(await priya.getByRole("button", { name: "Send this section to a colleague" }).count()).toBe(0);
    expect(await axeViolations(priya)).toEqual([]);
    const { rows } = await env.t.pool.query("SELECT action FROM audit_log WHERE la_code = $1 AND action LIKE 'handoff.%'", [code]);
    expect(rows.map((r) => r.action)).toEqual(["handoff.create"]);
  });

  it("the colleague opens the LA's link, picks the hand-off and lands on that section; his answers are his", async () => {
    sam = await env.newPage(viewport);
    await sam.goto(link);
    await sam.getByRole("button", { name: "Continue", exact: true }).click();
    await sam.getByRole("group", { name: "Were you asked to answer a section?" }).waitFor();
    expect(await axeViolations(sam)).toEqual([]);
    await sam.getByLabel(/I am Sam Jones: “Data items”, from Priya Shah/).check();
    await expect(sam.getByLabel("Your name").inputValue()).resolves.toBe("Sam Jones");
    await sam.getByLabel("Your role").fill("Workforce analyst");
    await sam.getByRole("button", { name: "Continue to the questionnaire" }).click();
    await question(sam, "notes").waitFor(); // straight to the section handed to him
    await sam.getByTestId("section-handoff").filter({ hasText: /^Handed to Sam Jones: Sam Jones \(Workforce analyst\) has taken it\./ }).waitFor();
    const notes = question(sam, "notes").locator("textarea");
    await notes.fill("Workforce figures come from HR");
    await notes.press("Tab");
    await waitSaved(sam, code);
    await sam.getByTestId("section-answered-by").filter({ hasText: "Answered by Sam Jones" }).waitFor();
    await expect(sam.getByTestId("section-answered-by").textContent()).resolves.toMatch(/^Answered by Sam Jones \(Workforce analyst\); last change \d\d:\d\d\.$/);
    expect(await axeViolations(sam)).toEqual([]);
    const { rows } = await env.t.pool.query(
      `SELECT p.name FROM response_changes c JOIN responses r ON r.id = c.response_id JOIN respondent_contributors p ON p.id = c.contributor_id
        WHERE r.la_code = $1 AND c.question = 'notes'`,
      [code],
    );
    expect(rows).toEqual([{ name: "Sam Jones" }]);
  });

  it("the data lead sees who has the section and who answered each section", async () => {
    await priya.evaluate(() => window.dispatchEvent(new Event("focus"))); // back to her window
    await priya.getByTestId("section-handoff").filter({ hasText: "Sam Jones (Workforce analyst) has taken it" }).waitFor();
    await priya.getByTestId("section-answered-by").filter({ hasText: "Answered by Sam Jones (Workforce analyst)" }).waitFor();
    await priya.getByTestId("check-link").click();
    const who = priya.getByTestId("section-attribution");
    await who.waitFor();
    await expect(who.locator('[data-page="about"] dd').textContent()).resolves.toMatch(/^Answered by Priya Shah \(Head of Performance\); last change \d\d:\d\d\.$/);
    await expect(who.locator('[data-page="items"] dd').textContent()).resolves.toMatch(/Answered by Sam Jones \(Workforce analyst\).* Handed to Sam Jones: Sam Jones \(Workforce analyst\) has taken it\./);
    expect(await axeViolations(priya)).toEqual([]);
  });
});
