/**
 * The receipt after submitting, in real Chromium: each data-item matrix is summarised item by item,
 * with each question and the chosen answer's text ("Does not apply" where an earlier answer rules
 * the question out, "Not answered" where it was left empty), never survey-core's "Choice option"
 * placeholder nor the item's definition repeated in every label. Any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const env = setUpRespondentBrowser();
let token: string;
const matrix = (loadDefinitions().current().survey.pages as any[]).find((p) => p.name === "p_items_safe").elements[0];
const [first, second] = matrix.rows as { value: string; text: string; description: string }[];

beforeAll(async () => {
  const [la] = await laCodes(env.t.pool, 1);
  token = await env.startResponseAt(la.code, "p_items_safe", {
    [`items_safe.${first.value}`]: { recorded: "not_recorded" },
    [`items_safe.${second.value}`]: { recorded: "structured", extractable: "yes", completeness: "c90_100" },
  });
  // submitted as if from the check page (what is checked on submit is tested elsewhere)
  await env.t.pool.query("UPDATE responses SET status = 'submitted', submitted_at = now(), submitted_by = 'Ann Analyst' WHERE la_code = $1", [la.code]);
});

describe("the receipt", () => {
  it("lists each data item's questions with the chosen answers in words", async () => {
    const page = await env.newPage({ width: 1366, height: 900 }, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
    await page.goto(`${env.base}/r#${token}`);
    await page.getByTestId("receipt").waitFor();
    const main = page.locator("main");
    await expect(main.textContent()).resolves.not.toContain("Choice option");
    const items = page.locator('[data-testid="summary-items"][data-name="items_safe"]');
    const row = (text: string) => items.locator(".summary-row", { has: page.locator("dt", { hasText: text }) }).first();
    const answers = async (text: string) =>
      Object.fromEntries(
        await row(text)
          .locator(".summary-item-answers > div")
          .evaluateAll((els) => els.map((e) => [e.querySelector("dt")!.textContent, e.querySelector("dd")!.textContent])),
      );
    expect(await answers(second.text)).toEqual({
      "Where is it recorded?": "In structured fields of the case-management system",
      "Can it be extracted at child level?": "Yes, by a routine query or report",
      "How complete is it?": "90% or more",
      "Years of history held": "Not answered",
    });
    expect(await answers(first.text)).toEqual({
      "Where is it recorded?": "Not recorded",
      "Can it be extracted at child level?": "Does not apply",
      "How complete is it?": "Does not apply",
      "Years of history held": "Does not apply",
    });
    // an item never answered: its questions are not answered, rather than ruled out
    const third = (matrix.rows as { text: string }[])[2];
    if (third) expect(Object.values(await answers(third.text))).toEqual(["Not answered", "Not answered", "Not answered", "Not answered"]);
    // the item's definition is not repeated in the summary
    await expect(items.textContent()).resolves.not.toContain(first.description.slice(0, 40));
    expect(await axeViolations(page)).toEqual([]);
  }, 120_000);
});
