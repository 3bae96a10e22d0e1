/**
 * The data-item matrix's closed dropdowns are drawn light until used (client/src/respondent/light-dropdown.tsx):
 * at load no survey-core option list or popup is built for them, yet each is the same labelled combobox,
 * and a click opens survey-core's own option list where an option is chosen and saved. (Keyboard use is
 * covered by respondent-matrix-keyboard and respondent-typing.) Real Chromium; axe; any console error fails.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes } from "../routes/respondent/respondent-fixtures.ts";
import { setUpRespondentBrowser, waitSaved } from "../support/respondent-browser.ts";
import { axeViolations } from "./browser.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const env = setUpRespondentBrowser();
let las: { code: string }[];
const current = loadDefinitions().current();
const matrix = (current.survey.pages as any[]).find((p) => p.name === "p_items_safe").elements[0];

beforeAll(async () => {
  las = await laCodes(env.t.pool, 1);
});

describe("the data-item matrix's closed dropdowns", () => {
  it("build no option list until used, and a click opens survey-core's list", async () => {
    const token = await env.startResponseAt(las[0].code, "p_items_safe", {});
    const page = await env.newPage({ width: 1366, height: 900 }, { contributor: { name: "Ann Analyst", role: "Head of performance" } });
    await page.goto(`${env.base}/r#${token}`);
    const cells = page.locator('[data-name="items_safe"] [role=combobox]');
    await cells.first().waitFor();
    expect(await cells.count()).toBe(matrix.rows.length); // the other questions wait for "Where is it recorded?"
    expect(await page.locator('[data-name="items_safe"] .sv-popup').count()).toBe(0);
    await expect(cells.first().getAttribute("aria-expanded")).resolves.toBe("false");
    expect(await cells.first().getAttribute("aria-label")).toContain(String(matrix.rows[0].text));
    expect(await axeViolations(page)).toEqual([]);

    await page.locator('[data-name="items_safe"] tbody tr').first().locator(".sd-dropdown").first().click();
    const list = page.locator(`[id="${await cells.first().getAttribute("aria-controls")}"]`);
    const option = list.getByRole("option", { name: "In structured fields" });
    await option.waitFor();
    await expect(cells.first().getAttribute("aria-expanded")).resolves.toBe("true");
    await option.click();
    await expect.poll(() => page.locator('[data-name="items_safe"] tbody tr').first().textContent()).toContain("In structured fields");
    await waitSaved(page, las[0].code);
    const { rows } = await env.t.pool.query("SELECT data->'items_safe'->$2->>'recorded' AS cell FROM responses WHERE la_code = $1", [las[0].code, matrix.rows[0].value]);
    expect(rows[0].cell).toBe("structured");
    // the one dropdown used now has survey-react-ui's popup; the others are still light
    expect(await page.locator('[data-name="items_safe"] .sv-popup').count()).toBe(1);
  });
});
