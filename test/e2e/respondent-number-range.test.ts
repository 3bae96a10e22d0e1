/**
 * A number outside the question's range (analyst vacancies: 0 to 100) in real Chromium, at 1366×900
 * and 390×844: the box says so in plain words as soon as the person leaves it, nothing is saved
 * while it stands, and a number in range clears the message and is saved. axe on the error state;
 * any console error fails. (Before, the number stayed in the box, silently unsaved, and was gone
 * on the next visit.)
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { question, setUpRespondentBrowser, waitSaved } from "../support/respondent-browser.ts";

const env = setUpRespondentBrowser();
let las: { code: string }[];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 2);
});

const saved = (laCode: string) => env.savedAnswer(laCode, "cap_analyst_vacancies");

describe.each([
  [0, { width: 1366, height: 900 }],
  [1, { width: 390, height: 844 }],
])("a number out of range (LA %i)", (i, viewport) => {
  it("is refused beside the box at once, is not saved, and a number in range is", async () => {
    const la = las[i].code;
    const token = await env.startResponseAt(la, "p_capacity", { cap_analyst_fte: "f1_2" });
    const page = await env.newPage(viewport, { contributor: { name: "Priya Shah", role: "Head of performance" } });
    await page.goto(`${env.base}/r#${token}`);
    await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor();
    const q = question(page, "cap_analyst_vacancies");
    const box = q.getByRole("spinbutton");
    await box.fill("250");
    await box.press("Tab");
    await expect.poll(() => q.getByText("The value should not be greater than 100").isVisible()).toBe(true);
    await expect(box.getAttribute("aria-invalid")).resolves.toBe("true");
    expect(await axeViolations(page)).toEqual([]);
    // the refused number is not an answer: nothing of it is queued or saved
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("lada:pending:")).map((k) => localStorage.getItem(k)).join(""))).not.toContain("250");
    expect(await saved(la)).toBeNull();

    await box.fill("5");
    await box.press("Tab");
    await expect.poll(() => q.getByText("The value should not be greater than 100").count()).toBe(0);
    await waitSaved(page, la);
    expect(await saved(la)).toBe(5);
    await page.context().close();
  });
});
