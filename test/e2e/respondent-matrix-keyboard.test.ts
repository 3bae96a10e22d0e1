/**
 * The data-item matrix with the keyboard only (Tab, Shift+Tab, arrow keys, Space, Enter; no mouse),
 * in real Chromium at 1366×900 and 390×844, on the current questionnaire:
 * - rows answered with the arrow keys (the dropdowns keep their arrow icons); after "Not recorded" the row's other questions say
 *   "Does not apply", are skipped by Tab and are not gaps in the check list;
 * - each row's first question carries the item's definition in its accessible name;
 * - "Set all to …" per column: fills the empty cells, asks before replacing a colleague's answer
 *   (focus starts on the choice that replaces nothing), Undo puts the earlier answers back, every
 *   cell can still be changed after, and the change log records one change per item row;
 * - the check list reached from the header lists the rows with gaps, and its link puts focus on
 *   the row's question.
 * axe on every new state; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser } from "../support/respondent-browser.ts";
import { chooseInDropdown, chooseInSelect, focused, tabTo } from "../support/keyboard.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const env = setUpRespondentBrowser();
let las: { code: string; name: string }[];
const current = loadDefinitions().current();
const matrix = (current.survey.pages as any[]).find((p) => p.name === "p_items_education").elements[0];
const rowNames: string[] = matrix.rows.map((r: any) => r.value);
const rowTexts: string[] = matrix.rows.map((r: any) => r.text);

beforeAll(async () => {
  las = await laCodes(env.t.pool, 2);
});

/** A colleague has already said where the third item is recorded; the page opens on this matrix. */
async function open(laIndex: number, viewport: { width: number; height: number }): Promise<Page> {
  const token = await env.startResponseAt(las[laIndex].code, "p_items_education", { [`items_education.${rowNames[2]}`]: { recorded: "free_text" } }, { name: "Colleague", role: "Analyst" });
  const page = await env.newPage(viewport, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
  await page.goto(`${env.base}/r#${token}`);
  await page.locator('[data-name="items_education"]').waitFor();
  return page;
}

async function savedData(laIndex: number): Promise<Record<string, Record<string, string>>> {
  const { rows } = await env.t.pool.query("SELECT data->'items_education' AS m FROM responses WHERE la_code = $1", [las[laIndex].code]);
  return rows[0]?.m ?? {};
}

const allSaved = (page: Page) => page.waitForFunction(() => Object.keys(localStorage).every((k) => !k.startsWith("lada:pending:")), undefined, { timeout: 30_000 });
const isCombo = (name: string) => (f: { role: string | null; name: string }) => f.role === "combobox" && f.name.startsWith(name);

describe("the data-item matrix by keyboard at 1366×900", () => {
  let page: Page;

  it("answers rows with the arrow keys; a row's questions that do not apply say so and are skipped", async () => {
    page = await open(0, { width: 1366, height: 900 });
    // the first item's first question: its accessible name carries the item's definition
    const first = await tabTo(page, isCombo(rowTexts[0]));
    expect(first.name).toContain(matrix.rows[0].description);
    expect(first.name).toMatch(/Where is it recorded\?$/);
    await chooseInDropdown(page, "Not recorded");
    const row0 = page.locator('[data-name="items_education"] tbody tr').nth(0);
    await expect.poll(() => row0.getByTestId("cell-not-applicable").allTextContents()).toEqual(Array(3).fill("Does not apply: Not recorded"));
    // Tab goes on to the next item: the three cells that do not apply take no focus
    const next = await tabTo(page, (f) => f.role === "combobox", { max: 3 });
    expect(next.name).toMatch(new RegExp(`^${rowTexts[1].replace(/[()]/g, "\\$&")} \\(`));
    await chooseInDropdown(page, "Only in free text");
    await expect.poll(() => page.locator('[data-name="items_education"] tbody tr').nth(1).getByTestId("cell-not-applicable").count()).toBe(0);
    // the second item's other questions now apply: answer one with the arrow keys
    await tabTo(page, isCombo(`${rowTexts[1]}: Can it be extracted`), { max: 2 });
    await chooseInDropdown(page, "Yes, but only with manual work");
    // the row's dropdowns still show their arrow icons after their lists were opened and moved through
    const icons = await page.locator('[data-name="items_education"] tbody tr').nth(1).locator(".sd-editor-chevron-button svg use")
      .evaluateAll((uses) => uses.map((u) => u.getAttributeNS("http://www.w3.org/1999/xlink", "href")));
    expect(icons.length).toBeGreaterThan(1);
    expect(icons.every((href) => href === "#icon-chevrondown-24x24")).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("sets a whole column by keyboard, asks before replacing a colleague's answer, and undoes", async () => {
    await tabTo(page, (f) => f.tag === "summary", { back: true });
    await page.keyboard.press("Enter");
    const select = await tabTo(page, (f) => f.tag === "select", { max: 3 });
    expect(select.name).toBe("Set every item’s “Where is it recorded?” to");
    await chooseInSelect(page, "In structured fields");
    await tabTo(page, (f) => f.tag === "button" && f.text.startsWith("Set all"), { max: 2 });
    await page.keyboard.press("Space");
    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    // items 1-3 have answers (mine, mine, a colleague's); the last two are empty
    await expect(dialog.getByRole("listitem").allTextContents()).resolves.toEqual([
      `${rowTexts[0]}: Not recorded`,
      `${rowTexts[1]}: Only in free text or documents`,
      `${rowTexts[2]}: Only in free text or documents`,
    ]);
    expect((await focused(page)).text).toBe("Only fill the 2 items with no answer");
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press("Enter");
    await dialog.waitFor({ state: "detached" }).catch(() => dialog.waitFor({ state: "hidden" }));
    const status = page.getByTestId("set-all-status");
    await expect.poll(() => status.textContent()).toMatch(/set to “In structured fields of the case-management system” for 2 items\. 3 items kept their own answer\./);
    expect((await focused(page)).tag).toBe("select");
    await allSaved(page);
    let data = await savedData(0);
    expect(rowNames.map((r) => data[r]?.recorded)).toEqual(["not_recorded", "free_text", "free_text", "structured", "structured"]);
    // the change log has one change per item row that was set, under this person's name
    const log = await env.t.pool.query(
      `SELECT c.question FROM response_changes c JOIN responses r ON r.id = c.response_id JOIN respondent_contributors p ON p.id = c.contributor_id
        WHERE r.la_code = $1 AND p.name = 'Ann Analyst' AND c.new_value->>'recorded' = 'structured'`,
      [las[0].code],
    );
    expect(log.rows.map((r) => r.question).sort()).toEqual([`items_education.${rowNames[3]}`, `items_education.${rowNames[4]}`].sort());

    // Undo puts the two cells back to empty
    await tabTo(page, (f) => f.text.startsWith("Undo"));
    await page.keyboard.press("Enter");
    await expect.poll(() => status.textContent()).toBe("Undone: 2 items have their earlier answer back.");
    await allSaved(page);
    data = await savedData(0);
    expect(rowNames.map((r) => data[r]?.recorded)).toEqual(["not_recorded", "free_text", "free_text", undefined, undefined]);

    // again, replacing every answer this time
    await tabTo(page, (f) => f.tag === "button" && f.text.startsWith("Set all"), { max: 2 });
    await page.keyboard.press("Enter");
    await dialog.waitFor();
    await tabTo(page, (f) => f.text.startsWith("Replace them"), { back: true, max: 3 });
    await page.keyboard.press("Enter");
    await expect.poll(() => status.textContent()).toMatch(/for 5 items\./);
    await allSaved(page);
    data = await savedData(0);
    expect(rowNames.map((r) => data[r]?.recorded)).toEqual(Array(5).fill("structured"));
    // the second item kept its other answer; each cell can still be changed on its own
    expect(data[rowNames[1]].extractable).toBe("manual");
    await tabTo(page, isCombo(rowTexts[4]));
    await chooseInDropdown(page, "Don't know");
    await allSaved(page);
    data = await savedData(0);
    expect(data[rowNames[4]].recorded).toBe("dont_know");
    expect(data[rowNames[3]].recorded).toBe("structured");
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a column's “Set all” leaves out the items where that question does not apply", async () => {
    await tabTo(page, (f) => f.tag === "select" && f.name.includes("Can it be extracted"), { back: true });
    await chooseInSelect(page, "Yes, by a routine query");
    await tabTo(page, (f) => f.tag === "button" && f.text.startsWith("Set all"), { max: 2 });
    await page.keyboard.press("Space");
    const dialog = page.locator("dialog[open]");
    await dialog.waitFor();
    expect(await dialog.getByRole("listitem").allTextContents()).toEqual([`${rowTexts[1]}: Yes, but only with manual work`]);
    expect((await focused(page)).text).toBe("Only fill the 3 items with no answer");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("set-all-status").textContent()).toMatch(/for 3 items\..*1 item kept its own answer\..*1 item left out: the question does not apply to it\./);
  });

  it("the check list, reached by keyboard, names the rows with gaps but no cell that does not apply", async () => {
    await allSaved(page);
    await tabTo(page, (f) => f.testid === "check-link", { back: true, max: 120 });
    await page.keyboard.press("Enter");
    const list = page.getByTestId("check-answers");
    await list.waitFor();
    const group = list.locator('[data-page="p_items_education"]');
    const gaps = await group.getByRole("link").allTextContents();
    // completeness is still missing on the four items recorded in structured fields; the item
    // answered "Don't know" has nothing that applies left to answer
    expect(gaps).toHaveLength(4);
    for (const g of gaps) expect(g).toMatch(/How complete is it\?$/);
    expect(gaps.some((g) => g.includes(rowTexts[4]))).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
    // a link opens the page and puts focus on the item's question
    await tabTo(page, (f) => f.tag === "a" && f.text.includes(rowTexts[0]), { max: 250 });
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await focused(page)).name).toMatch(new RegExp(`^${rowTexts[0]}`));
  });
  it("moves through an open option list with the arrow keys, re-drawing only the options whose look changed", async () => {
    // focus is on the first item's question with a gap (the check list's link put it there and scrolled to it);
    // survey-core closes an open list on any scroll, so wait for the page to stand still, then open the list
    const combo = page.locator("*:focus");
    await page.waitForFunction(() => new Promise<boolean>((r) => {
      const y = scrollY;
      setTimeout(() => r(scrollY === y), 500);
    }));
    await expect.poll(async () => {
      if ((await combo.getAttribute("aria-expanded")) !== "true") await page.keyboard.press("ArrowDown");
      return page.locator(`[id="${await combo.getAttribute("aria-controls")}"] [role=option]`).first().isVisible();
    }).toBe(true);
    const list = page.locator(`[id="${await combo.getAttribute("aria-controls")}"]`);
    const options = await list.locator("[role=option]").count();
    expect(options).toBeGreaterThan(3);
    // count each option's React re-draws: its component is found from the option's element
    await list.locator("[role=option]").evaluateAll((lis) => {
      const w = window as unknown as { __optionDraws: number };
      w.__optionDraws = 0;
      for (const li of lis) {
        let fiber = (li as any)[Object.keys(li).find((k) => k.startsWith("__reactFiber$"))!];
        while (fiber && !(fiber.stateNode && typeof fiber.stateNode.render === "function" && fiber.stateNode.props?.item)) fiber = fiber.return;
        const draw = fiber.stateNode.render;
        fiber.stateNode.render = function (this: unknown) {
          w.__optionDraws++;
          return draw.call(this);
        };
      }
    });
    const keys = ["ArrowDown", "ArrowDown", "ArrowDown", "ArrowUp", "ArrowUp", "ArrowDown", "ArrowDown", "ArrowDown"];
    for (const key of keys) {
      await page.keyboard.press(key);
      // exactly one option shows the focus ring, and it is the one the combobox names as active
      const state = await list.locator("[role=option]").evaluateAll((lis) => ({
        focused: lis.filter((li) => li.classList.contains("sd-selectlist__item--focused")).map((li) => li.id),
        selected: lis.filter((li) => li.getAttribute("aria-selected") === "true").length,
      }));
      expect(state.focused).toEqual([await combo.getAttribute("aria-activedescendant")]);
      expect(state.selected).toBeLessThanOrEqual(1);
    }
    // the options the focus left and reached are re-drawn, not every option of the list on every key (the
    // old list: 96 draws for these 8 keys)
    const draws = await page.evaluate(() => (window as unknown as { __optionDraws: number }).__optionDraws);
    expect(draws).toBeGreaterThan(0);
    expect(draws).toBeLessThan(keys.length * options);
    await page.keyboard.press("Escape");
    await expect.poll(() => combo.getAttribute("aria-expanded")).toBe("false");
    expect(await axeViolations(page)).toEqual([]);
  });
});

describe("the data-item matrix by keyboard on a phone (390×844)", () => {
  it("sets a column by keyboard and says when an item's other questions do not apply", async () => {
    const page = await open(1, { width: 390, height: 844 });
    await tabTo(page, (f) => f.tag === "summary");
    await page.keyboard.press("Space");
    await tabTo(page, (f) => f.tag === "select", { max: 3 });
    await chooseInSelect(page, "Not applicable");
    await tabTo(page, (f) => f.tag === "button" && f.text.startsWith("Set all"), { max: 2 });
    await page.keyboard.press("Enter");
    await page.locator("dialog[open]").waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await tabTo(page, (f) => f.text.startsWith("Replace it"), { back: true, max: 3 });
    await page.keyboard.press("Space");
    await expect.poll(() => page.getByTestId("set-all-status").textContent()).toMatch(/for 5 items\./);
    await expect.poll(() => page.locator('[data-name="items_education"]').getByTestId("cell-not-applicable").count()).toBe(5);
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await allSaved(page);
    const data = await savedData(1);
    expect(rowNames.map((r) => data[r]?.recorded)).toEqual(Array(5).fill("not_applicable"));
  });
});
