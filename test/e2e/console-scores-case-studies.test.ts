/**
 * The researcher's score and case-study views in real Chromium: heat map (filters narrow it, sort,
 * a keyboard-reachable cell opens the LA's explanation), indicator ranking with charts, LA profile
 * (five-level capability scale, explanations), case-study run (k picks with rationale, an API error
 * next to the field it names, save, compare, decline and re-run), typology grid and saved
 * selections; every page passes axe-core (WCAG 2.2 AA tags).
 *
 * Data: a handful of LA responses answered through the real save/submit path with deterministic
 * demo answers (strong to weak), all agreeing to case-study work; scores come from the scoring
 * service (refreshStaleScores), as the API reads them.
 */
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchChromium } from "./browser.ts";
import { axeViolations, signInByKeyboard, tabTo } from "./console-helpers.ts";
import { FIXTURE, loadFixtureResponses, startApp, type Fixture } from "../support/scores-console-fixture.ts";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";

let f: Fixture;
let browser: Browser;
let page: Page;
let las: { la_code: string; name: string; region: string; la_type: string }[];

describe.skipIf(skip)("researcher console: scores and case studies in Chromium", () => {
  beforeAll(async () => {
    f = await startApp();
    await loadFixtureResponses(f.t.pool);
    las = (await f.t.pool.query("SELECT la_code, name, region, la_type FROM las WHERE la_code = ANY($1) ORDER BY name", [Object.keys(FIXTURE)])).rows;
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
    page.setDefaultTimeout(30_000);
    await signInByKeyboard(page, f.base, f.accounts.researcher.email, f.accounts.researcher.password);
  }, 300_000);
  afterAll(async () => {
    // screenshots for a human look (tmp/ is git-ignored)
    if (process.env.CONSOLE_SCREENSHOTS && page) {
      for (const [name, path] of [["scores", "/console/scores"], ["la-scores", "/console/scores/840"], ["indicators", "/console/indicators"], ["case-studies", "/console/case-studies"], ["typology", "/console/case-studies/typology"], ["saved", "/console/case-studies/saved"]]) {
        await page.goto(`${f.base}${path}`);
        await page.waitForTimeout(1500);
        await page.screenshot({ path: `tmp/console-${name}.png`, fullPage: name !== "la-scores" && name !== "indicators" });
      }
    }
    await browser?.close();
    await f?.t.close();
    if (f?.client) fs.rmSync(f.client, { recursive: true, force: true });
  });

  async function visit(path: string, heading: string | RegExp) {
    await page.goto(`${f.base}${path}`);
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
    await page.locator("[role=status]", { hasText: /^Loading/ }).first().waitFor({ state: "detached" }).catch(() => {});
  }
  const bodyRows = () => page.locator("table.heatmap tbody tr");

  it("heat map: every submitted LA with band letter and score per cell; filters narrow it; sorting; axe", async () => {
    // what the API says about one LA and indicator, to find it on screen
    const api = await page.evaluate(async () => (await fetch("/api/admin/scores?status=submitted")).json());
    const durham = api.las.find((l: { laCode: string }) => l.laCode === "840");
    const firstInd = api.indicators[0];
    const cell = durham.scores[firstInd.id] as { score: number | null; band: string };
    const letter = { ready_now: "R", feasible_with_development: "F", not_feasible_now: "N", not_enough_information: "?" }[cell.band]!;

    await visit("/console/scores", "Feasibility heat map");
    await page.locator("table.heatmap").waitFor();
    await expect.poll(() => bodyRows().count()).toBe(las.length);
    const durhamRow = bodyRows().filter({ has: page.getByRole("rowheader", { name: /Durham/ }) });
    const durhamCell = durhamRow.locator("td.cell a").first();
    const visible = await durhamCell.evaluate((a) => [...a.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join(""));
    expect(visible).toBe(`${letter}${cell.score !== null ? ` ${cell.score}` : ""}`);
    // not colour alone: the band's name is in the link's accessible text
    expect(await durhamCell.textContent()).toContain(`Durham, ${firstInd.name}`);
    expect(await page.locator(".band-legend").innerText()).toContain("Not enough information");
    expect(await axeViolations(page)).toEqual([]);

    // filter by region: only the London boroughs remain
    const london = las.filter((l) => l.region === "London");
    expect(london.length).toBeGreaterThan(0);
    expect(london.length).toBeLessThan(las.length);
    await page.getByLabel("Region").selectOption("London");
    await expect.poll(() => bodyRows().count()).toBe(london.length);
    expect(await page.getByRole("status").filter({ hasText: /^Showing/ }).innerText()).toContain(`Showing ${london.length} of ${las.length} local authorities`);
    // by LA type too (combined: London and a type none of them has -> nothing)
    await page.getByLabel("LA type").selectOption(las.find((l) => l.region !== "London" && !london.some((x) => x.la_type === l.la_type))?.la_type ?? "county council");
    await expect.poll(() => bodyRows().count()).toBe(0);
    await page.getByText("No local authority matches these filters.").waitFor();
    await page.getByLabel("Region").selectOption("");
    await page.getByLabel("LA type").selectOption("");
    // Ofsted judgement filter narrows to the LAs with that judgement
    const ofsted = (await f.t.pool.query("SELECT la_code, overall_effectiveness FROM ofsted_judgements WHERE la_code = ANY($1)", [Object.keys(FIXTURE)])).rows;
    const good = ofsted.filter((o) => o.overall_effectiveness === "Good").length;
    await page.getByLabel("Ofsted judgement").selectOption("Good");
    await expect.poll(() => bodyRows().count()).toBe(good);
    await page.getByLabel("Ofsted judgement").selectOption("");
    await expect.poll(() => bodyRows().count()).toBe(las.length);
    // columns by outcome area
    // the view lives in the address, which the router applies in a transition: wait for the render
    await page.getByLabel("Indicators (columns)").selectOption({ index: 1 });
    await expect.poll(() => page.locator("table.heatmap thead th.ind-head").count()).toBeLessThan(api.indicators.length);
    expect(await page.locator("table.heatmap thead th.ind-head").count()).toBeGreaterThan(0);
    await page.getByLabel("Indicators (columns)").selectOption("");

    // sort by capability (highest first): Durham (0.95 latent) leads; aria-sort says so
    await page.getByRole("button", { name: /^Capability/ }).click();
    const capHead = page.locator("th", { has: page.getByRole("button", { name: /^Capability/ }) });
    await expect.poll(() => capHead.getAttribute("aria-sort")).toBe("descending");
    const scores = (api.las as { name: string; capabilityScore: number | null }[]).map((l) => l.capabilityScore ?? -1);
    const top = api.las[scores.indexOf(Math.max(...scores))].name;
    await expect.poll(() => bodyRows().first().locator("th").innerText()).toContain(top);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("heat map: filters, search and sort live in the address; reload and Back restore the view", async () => {
    const london = las.filter((l) => l.region === "London");
    const api0 = await page.evaluate(async () => (await fetch("/api/admin/scores?status=submitted")).json());
    await visit("/console/scores", "Feasibility heat map");
    await page.locator("table.heatmap").waitFor();
    await page.getByLabel("Region").selectOption("London");
    await page.getByLabel("Indicators (columns)").selectOption({ index: 1 });
    await page.getByRole("button", { name: /^Capability/ }).click();
    await expect.poll(() => bodyRows().count()).toBe(london.length);
    await expect.poll(() => page.locator("th", { has: page.getByRole("button", { name: /^Capability/ }) }).getAttribute("aria-sort")).toBe("descending");
    await expect.poll(() => page.locator("table.heatmap thead th.ind-head").count()).toBeLessThan(api0.indicators.length);
    const columns = await page.locator("table.heatmap thead th.ind-head").count();
    const order = await bodyRows().locator("th").allInnerTexts();
    const url = page.url();
    expect(new URL(url).searchParams.get("region")).toBe("London");
    expect(new URL(url).searchParams.get("sort")).toBe("capability");
    const same = async () => {
      await expect.poll(() => bodyRows().locator("th").allInnerTexts()).toEqual(order);
      expect(await page.locator("table.heatmap thead th.ind-head").count()).toBe(columns);
      expect(await page.getByLabel("Region").inputValue()).toBe("London");
      expect(await page.locator("th", { has: page.getByRole("button", { name: /^Capability/ }) }).getAttribute("aria-sort")).toBe("descending");
    };
    await page.reload();
    await same();
    // open an LA's profile from the row, then Back: the same view
    await bodyRows().first().locator("th a").click();
    await page.getByRole("heading", { name: "Capability profile" }).waitFor();
    await page.goBack();
    await expect.poll(() => page.url()).toBe(url);
    await same();
    // the search forgives a one-letter typo
    const name = [...london].sort((a, b) => b.name.split(" ")[0].length - a.name.split(" ")[0].length)[0].name;
    const typo = name.slice(0, 2) + name.slice(3); // one letter of the longest first word left out
    await page.getByLabel("LA name or code").fill(typo);
    await expect.poll(() => bodyRows().locator("th").allInnerTexts()).toContainEqual(expect.stringContaining(name));
    await page.reload();
    expect(await page.getByLabel("LA name or code").inputValue()).toBe(typo);
    await expect.poll(() => bodyRows().locator("th").allInnerTexts()).toContainEqual(expect.stringContaining(name));
  });

  it("heat map at 1366 px: region, type and Ofsted under the name leave the width to the indicators; the LA column stays while scrolling", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    try {
      await visit("/console/scores", "Feasibility heat map");
      await page.locator("table.heatmap").waitFor();
      const region = page.locator(".heatmap-scroll");
      const box = (await region.boundingBox())!;
      const fullyVisible = () =>
        page.locator("table.heatmap thead th.ind-head").evaluateAll((ths, right) => ths.filter((th) => th.getBoundingClientRect().right <= (right as number)).length, box.x + box.width);
      const compact = await fullyVisible();
      // five information columns took ~900 px and left room for ~6 indicators
      expect(compact).toBeGreaterThanOrEqual(15);
      // the facts are still on the row, in words
      const first = las[0];
      expect(await bodyRows().first().locator("th").innerText()).toContain(first.region);
      // as columns on request (kept in the address), sortable, at the cost of indicator columns
      // the box follows the address, which the router applies after the click
      await page.getByLabel("Show LA details as columns (to sort by them)").click();
      await expect.poll(() => new URL(page.url()).searchParams.get("facts")).toBe("columns");
      await page.getByRole("button", { name: /^Region/ }).waitFor();
      expect(await fullyVisible()).toBeLessThan(compact);
      expect(await page.getByLabel("Show LA details as columns (to sort by them)").isChecked()).toBe(true);
      await page.getByLabel("Show LA details as columns (to sort by them)").click();
      await expect.poll(() => page.getByRole("button", { name: /^Region/ }).count()).toBe(0);
      // scrolled to the last indicators, the LA names are still in view
      const rowHead = bodyRows().first().locator("th");
      const before = (await rowHead.boundingBox())!;
      await region.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
      await expect.poll(async () => (await page.locator("table.heatmap thead th.ind-head").last().boundingBox())!.x).toBeLessThan(box.x + box.width);
      const after = (await rowHead.boundingBox())!;
      expect(Math.abs(after.x - before.x)).toBeLessThan(2);
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it("indicator charts: the legend reads in the order of the bars, and the percentage axis ends at 100%", async () => {
    await page.setViewportSize({ width: 1366, height: 900 });
    try {
      await visit("/console/indicators", /Indicator/);
      const chart = page.locator(".recharts-wrapper").first();
      await chart.waitFor();
      const legend = await chart.locator(".recharts-legend-item-text").allInnerTexts();
      // bars stack from the left in the scale's order: Ready now first, Not enough information last
      expect(legend).toEqual(["Ready now", "Feasible with development", "Not feasible now", "Not enough information"]);
      const ticks = await chart.locator(".recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value").allTextContents();
      expect(ticks.at(-1)).toBe("100%");
      for (const t of ticks) expect(Number.parseFloat(t)).toBeLessThanOrEqual(100);
    } finally {
      await page.setViewportSize({ width: 1280, height: 720 });
    }
  });

  it("a heat-map cell is reached by keyboard and opens that indicator's explanation on the LA profile", async () => {
    await visit("/console/scores", "Feasibility heat map");
    await page.locator("table.heatmap").waitFor();
    const firstCell = bodyRows().first().locator("td.cell a").first();
    const href = await firstCell.getAttribute("href");
    await firstCell.focus(); // reachable: a link in the tab order
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("A");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.closest("td.cell") !== null)).toBe(true);
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.waitForURL((u) => `${u.pathname}${u.hash}` === href);
    const indId = href!.split("#")[1];
    await expect.poll(() => page.evaluate(() => document.activeElement?.closest("section")?.id ?? "")).toBe(indId);
  });

  it("LA profile: capability profile with all five levels, and explanations in words; axe", async () => {
    const durham = las.find((l) => l.la_code === "840")!;
    await visit("/console/scores/840", new RegExp(`${durham.name} \\(840\\)`));
    await page.getByRole("heading", { name: "Capability profile" }).waitFor();
    const profile = page.getByRole("table", { name: /Level of each data-maturity dimension/ });
    await expect.poll(() => profile.locator("tbody tr").count()).toBe(6);
    expect(await profile.innerText()).toMatch(/of 5: /);
    await page.getByText("All five levels for every dimension").click();
    const scale = page.getByRole("table", { name: /Five levels per dimension/ });
    await expect.poll(() => scale.locator("thead th").count()).toBe(6);
    await expect.poll(() => scale.getByText("This LA").count()).toBeGreaterThan(0);
    // explanations: items, answers, steps
    const firstExplanation = page.locator("section.indicator-explanation").first();
    await expect.poll(() => firstExplanation.locator("ol.steps li").count()).toBeGreaterThan(0);
    expect(await firstExplanation.getByRole("table").innerText()).toMatch(/Required/);
    // labels, never codes: no question name or coded answer anywhere on the page (closed details included)
    const rules = loadDefinitions().current().rules;
    const codes = rules.capability.dimensions.flatMap((d) => d.questions.flatMap((q) => [q.question, ...Object.keys(q.points).filter((v) => /[_\d]/.test(v))]));
    expect(codes).toEqual(expect.arrayContaining(["cap_analyst_fte"]));
    const text = (await page.locator("main").textContent()) ?? "";
    expect(text).toContain("How each dimension was scored");
    for (const code of [...new Set([...codes, "f11_plus", "cap_analyst_fte"])]) expect(text, code).not.toMatch(new RegExp(`(^|[^\\w])${code}([^\\w]|$)`));
    expect(text).not.toMatch(/\.\)\./);
    expect(text).not.toMatch(/band: unknown/);
    // one vocabulary: the capability band is never a level name
    const band = await page.locator(".summary-list div", { hasText: "Capability band" }).locator("dd").innerText();
    expect(band).toMatch(/^(Lower capability|Lower-middle capability|Upper-middle capability|Higher capability) \(score \d+\)$|^Not enough information$/);
    expect(await axeViolations(page)).toEqual([]);
    // printed: one LA on a few A4 pages, without the menu or the per-indicator explanations
    await page.emulateMedia({ media: "print" });
    expect(await page.locator("section.indicator-explanation").first().isVisible()).toBe(false);
    expect(await page.getByText("This printed copy lists every indicator").isVisible()).toBe(true);
    expect(await page.getByRole("table", { name: /^Indicators for / }).isVisible()).toBe(true);
    const pdf = (await page.pdf({ format: "A4" })).toString("latin1");
    const a4Pages = (pdf.match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length;
    expect(a4Pages).toBeGreaterThan(0);
    expect(a4Pages).toBeLessThanOrEqual(10); // 7 for this LA with the v4 indicators; the whole page printed ran to ~75
    await page.emulateMedia({ media: "screen" });
    expect(await page.getByText("This printed copy lists every indicator").isVisible()).toBe(false);
    // band filter narrows the indicators listed
    const all = await page.locator("section.indicator-explanation").count();
    await page.getByLabel("Show indicators").selectOption("ready_now");
    const ready = await page.locator("section.indicator-explanation").count();
    expect(ready).toBeLessThan(all);
    expect(await page.locator("section.indicator-explanation .band-not_feasible_now").count()).toBe(0);
  });

  it("indicator ranking: counts per band, most common barrier, recharts charts with tables; axe", async () => {
    const summary = await page.evaluate(async () => (await fetch("/api/admin/indicators/summary")).json());
    await visit("/console/indicators", "Indicator ranking");
    const table = page.getByRole("table", { name: /Indicators by number of LAs in each band/ });
    await table.waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(summary.indicators.length);
    // default order: most LAs ready now first
    const best = [...summary.indicators].sort(
      (a: { overall: { counts: { ready_now: number } }; indicatorName: string }, b: typeof a) =>
        b.overall.counts.ready_now - a.overall.counts.ready_now || b.indicatorName.localeCompare(a.indicatorName),
    )[0];
    const firstRow = table.locator("tbody tr").first();
    expect(await firstRow.locator("td").first().innerText()).toContain(String(best.overall.counts.ready_now));
    expect(await page.getByRole("status").filter({ hasText: /responding LA/ }).innerText()).toContain(`${summary.respondingLas} responding LAs; showing`);
    await page.locator(".recharts-surface").first().waitFor();
    await expect.poll(() => page.locator(".recharts-surface").count()).toBeGreaterThanOrEqual(3);
    await expect.poll(() => page.getByRole("table", { name: /by region: LAs in each band/ }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("indicator ranking: outcome area, sort and the indicator broken down live in the address; reload and Back restore them", async () => {
    await visit("/console/indicators", "Indicator ranking");
    const table = page.getByRole("table", { name: /Indicators by number of LAs in each band/ });
    await table.waitFor();
    await page.getByLabel("Outcome area").selectOption({ index: 1 });
    await page.getByRole("button", { name: /^Indicator/ }).first().click(); // sort by name
    const chosen = await page.locator("#ind-chosen option").nth(1).getAttribute("value");
    await page.locator("#ind-chosen").selectOption(chosen!);
    await expect.poll(() => new URL(page.url()).searchParams.get("indicator")).toBe(chosen);
    await expect.poll(() => page.locator("th", { has: page.getByRole("button", { name: /^Indicator/ }) }).first().getAttribute("aria-sort")).toBe("ascending");
    const names = await table.locator("tbody tr th").allInnerTexts();
    const url = page.url();
    expect(new URL(url).searchParams.get("indicator")).toBe(chosen);
    const same = async () => {
      await expect.poll(() => table.locator("tbody tr th").allInnerTexts()).toEqual(names);
      expect(await page.locator("#ind-chosen").inputValue()).toBe(chosen);
    };
    await page.reload();
    await same();
    await page.getByRole("link", { name: "Heat map by LA" }).click();
    await page.getByRole("heading", { level: 1, name: "Feasibility heat map" }).waitFor();
    await page.goBack();
    await expect.poll(() => page.url()).toBe(url);
    await same();
  });

  it("case studies: an API error is shown next to the field it names (keyboard only), and nothing is saved", async () => {
    await visit("/console/case-studies", "Case-study selection");
    // keyboard alone: arrow to wave 2, Tab to the run button, Enter; wave 2 needs a saved wave 1
    await page.locator("#cs-wave-1").focus();
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#cs-wave-2").isChecked()).toBe(true);
    await tabTo(page, (el) => el.tag === "button" && el.text === "Run selection", 80);
    await page.keyboard.press("Enter");
    await page.locator("#cs-wave-1-error").waitFor();
    expect(await page.locator("#cs-wave-1-error").innerText()).toMatch(/no wave-1 selection has been saved/);
    expect(await page.locator("#cs-wave-2").getAttribute("aria-describedby")).toContain("cs-wave-1-error");
    await expect.poll(() => page.evaluate(() => document.activeElement?.querySelector(".error-summary") !== null)).toBe(true);
    await page.locator("#cs-wave-2").focus();
    await page.keyboard.press("ArrowUp");
    expect(await page.locator("#cs-wave-1").isChecked()).toBe(true);
    // errors by other fields, and LAs chosen by name: test/e2e/console-case-study-selection.test.ts
    expect((await f.t.pool.query("SELECT count(*)::int AS n FROM case_study_selections")).rows[0].n).toBe(0);
  });

  it("case studies: run shows k picks with rationale, reserves, coverage and objective; save; compare; decline and re-run; axe", async () => {
    await visit("/console/case-studies", "Case-study selection");
    // the objective in plain words (OBJECTIVE.md)
    await page.getByText("How the objective is calculated, in plain words").click();
    expect(await page.locator(".objective-text").innerText()).toMatch(/weighted average of the nine scores/);
    await page.getByLabel("Number of LAs (k)").fill("3");
    await page.getByLabel("Seed (optional)").fill("7");
    await page.getByRole("button", { name: "Run selection" }).click();
    const result = page.getByRole("heading", { level: 2, name: /^Run 1: wave 1, 3 picks, objective/ });
    await result.waitFor();
    const picks = page.locator("ol.pick-list").first().locator("> li");
    await expect.poll(() => picks.count()).toBe(3);
    for (let i = 0; i < 3; i++) expect(await picks.nth(i).locator(".rationale").innerText()).toMatch(/\w{3,}/);
    await expect.poll(() => page.getByText(/^Objective value: 0\.\d{3}/).count()).toBe(1);
    await expect.poll(() => page.getByRole("table", { name: /Reserves/ }).locator("tbody tr").count()).toBe(3);
    expect(await page.getByRole("table", { name: "Coverage of the sample" }).innerText()).toMatch(/Region/);
    expect(await axeViolations(page)).toEqual([]);

    // save as the wave's selection
    await page.getByRole("button", { name: "Save run 1 as the wave 1 selection" }).click();
    await page.getByText(/^Saved as the wave 1 selection\./).waitFor();
    const saved = (await f.t.pool.query("SELECT wave, k, seed FROM case_study_selections")).rows;
    expect(saved).toEqual([{ wave: 1, k: 3, seed: 7 }]);

    // a second run with other weights, then compare side by side
    await page.getByLabel("Region", { exact: true }).fill("0");
    await page.getByLabel("Capability band").fill("5");
    await page.getByRole("button", { name: "Run selection" }).click();
    await page.getByRole("heading", { level: 2, name: /^Run 2: wave 1/ }).waitFor();
    await page.getByRole("heading", { name: "Compare two runs" }).waitFor();
    await expect.poll(() => page.locator(".compare-grid .run-card").count()).toBe(2);
    expect(await page.locator(".compare-grid").innerText()).toContain("Run 1");
    expect(await axeViolations(page)).toEqual([]);

    // mark a pick of run 1 as declined: the other two are kept, the decliner is out
    await page.getByRole("button", { name: "Show run 1" }).click();
    const run1Picks = await page.locator("ol.pick-list").first().locator("> li strong").allInnerTexts();
    const declinedName = run1Picks[0].replace(/ \(\d{3}\)$/, "");
    const declinedCode = run1Picks[0].match(/\((\d{3})\)/)![1];
    await page.getByRole("button", { name: `${declinedName} declined: re-run keeping the others` }).click();
    await page.getByRole("heading", { level: 2, name: /^Run 3: wave 1, 3 picks/ }).waitFor();
    const run3Picks = await page.locator("ol.pick-list").first().locator("> li strong").allInnerTexts();
    expect(run3Picks).not.toContain(run1Picks[0]);
    expect(run3Picks).toEqual(expect.arrayContaining(run1Picks.slice(1)));
    // the note is with the run shown and in the list of kept runs
    await expect.poll(() => page.getByText(`after ${declinedName} (${declinedCode}) declined`).count()).toBe(2);
    expect(await axeViolations(page)).toEqual([]);
  });

  it("typology grid: trajectory x capability band with counts and LA names; axe", async () => {
    await visit("/console/case-studies/typology", "Case-study typology");
    const grid = page.getByRole("table", { name: /by Ofsted trajectory and capability band/ });
    await grid.waitFor();
    const submitted = (await f.t.pool.query("SELECT count(*)::int AS n FROM responses WHERE status = 'submitted'")).rows[0].n;
    expect(await page.getByRole("status").filter({ hasText: /that submitted/ }).innerText()).toContain(`${submitted} LAs that submitted`);
    expect(await grid.innerText()).toContain("Durham");
    expect(await grid.locator("thead th").allInnerTexts()).toEqual(expect.arrayContaining(["Lower capability", "Lower-middle capability", "Upper-middle capability", "Higher capability"]));
    expect(await axeViolations(page)).toEqual([]);
  });

  it("a viewer (aggregates only) gets the indicator ranking but no per-LA views; axe", async () => {
    const viewerPage = await (await browser.newContext()).newPage();
    viewerPage.setDefaultTimeout(30_000);
    try {
      await signInByKeyboard(viewerPage, f.base, f.accounts.viewer.email, f.accounts.viewer.password);
      const nav = viewerPage.getByRole("navigation", { name: "Console" });
      await expect.poll(() => nav.getByRole("link", { name: "Indicators" }).count()).toBe(1);
      expect(await nav.getByRole("link", { name: "Scores" }).count()).toBe(0);
      expect(await nav.getByRole("link", { name: "Case studies" }).count()).toBe(0);
      await nav.getByRole("link", { name: "Indicators" }).click();
      await viewerPage.getByRole("table", { name: /Indicators by number of LAs in each band/ }).waitFor();
      expect(await viewerPage.getByRole("heading", { name: "Capability bands across LAs" }).count()).toBe(0);
      // outcome areas by name, not id
      expect(await viewerPage.getByLabel("Outcome area").locator("option").allInnerTexts()).toContain("Keeping children safe");
      expect(await axeViolations(viewerPage)).toEqual([]);
      await viewerPage.goto(`${f.base}/console/scores`);
      await viewerPage.getByRole("heading", { level: 1, name: "Not available for your role" }).waitFor();
    } finally {
      await viewerPage.context().close();
    }
  });

  it("saved selections list who saved which picks when; axe", async () => {
    await visit("/console/case-studies/saved", "Saved case-study selections");
    const table = page.getByRole("table", { name: /Saved selections/ });
    await table.waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(1);
    const row = await table.locator("tbody tr").first().innerText();
    expect(row).toContain(f.accounts.researcher.email);
    expect(row).toContain("(current)");
    expect(row).toMatch(/k = 3; seed 7/);
    await page.getByText(/^Picks, reserves and coverage/).click();
    const picks = page.locator("section.run-card ol.pick-list > li");
    await expect.poll(() => picks.count()).toBe(3);
    expect(await axeViolations(page)).toEqual([]);

    // the current selection's first pick declines: re-run keeping the other two, then save it
    const before = await picks.locator("strong").allInnerTexts();
    const declinedName = before[0].replace(/ \(\d{3}\)$/, "");
    await page.getByRole("button", { name: `${declinedName} declined: re-run keeping the others` }).click();
    const rerun = page.locator("section", { has: page.locator("#rerun-h") });
    await rerun.locator("#rerun-h").waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe("rerun-h");
    await expect.poll(() => rerun.locator("ol.pick-list > li strong").count()).toBe(3);
    const after = await rerun.locator("ol.pick-list > li strong").allInnerTexts();
    expect(after).toHaveLength(3);
    expect(after).not.toContain(before[0]);
    expect(after).toEqual(expect.arrayContaining(before.slice(1)));
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Save this re-run as the wave 1 selection" }).click();
    await page.getByText("Saved as the current wave 1 selection.").waitFor();
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    expect(await table.locator("tbody tr").first().innerText()).toContain("(current)");
    expect(await table.locator("tbody tr").nth(1).innerText()).not.toContain("(current)");
  });
});
