/**
 * "None" and "Don't know" in a tick-all question, in real Chromium at 1366×900 and 390×844: ticking
 * one clears the other ticks, ticking another answer clears it, and what is saved is what is shown.
 * axe on the page; any console error fails.
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

const saved = (laCode: string) => env.savedAnswer(laCode, "lo_measures");

describe.each([
  [0, { width: 1366, height: 900 }],
  [1, { width: 390, height: 844 }],
])("a tick-all question's 'None' (LA %i)", (i, viewport) => {
  it("clears the other ticks, and is cleared by another tick", async () => {
    const la = las[i].code;
    const token = await env.startResponseAt(la, "p_local_outcomes", {});
    const page = await env.newPage(viewport, { contributor: { name: "Priya Shah", role: "Head of performance" } });
    await page.goto(`${env.base}/r#${token}`);
    const q = question(page, "lo_measures");
    const box = (name: RegExp) => q.getByRole("checkbox", { name });
    // the box itself is drawn by its label (survey-core hides the native input): a person clicks the label
    const tick = (text: string | RegExp) => q.locator("label", { hasText: text }).first().click();
    await tick("Outcomes Star");
    await tick(/^None$/);
    await expect.poll(() => box(/^Outcomes Star/).isChecked()).toBe(false);
    await expect(box(/^None$/).isChecked()).resolves.toBe(true);
    await waitSaved(page, la);
    expect(await saved(la)).toEqual(["none"]);
    await tick("Outcomes Star");
    await expect.poll(() => box(/^None$/).isChecked()).toBe(false);
    await waitSaved(page, la);
    expect(await saved(la)).toEqual(["outcomes_star"]);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });
});
