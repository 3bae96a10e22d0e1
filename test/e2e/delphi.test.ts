/**
 * The Delphi consultation in real Chromium at a desktop and a phone size: a researcher creates a
 * study from the catalogue, adds a panellist and opens round 1; the panellist rates items (saved as
 * they go, kept across a reload), comments and submits; the researcher approves the comment, closes
 * the round and opens round 2; the panellist sees their own previous rating, the panel's
 * distribution and the approved comment, and changes a rating; the researcher reads the results and
 * the framework view. Every page passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { watchConsole } from "../support/browser-console.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

describe.skipIf(skip)("Delphi consultation in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser();
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`a two-round study from set-up to the framework view (${viewport.name})`, async () => {
      const size = { viewport: { width: viewport.width, height: viewport.height } };
      const { page: researcher, watch: rWatch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport, { acceptDownloads: true });

      // set-up: a study from the catalogue, one panellist with a private link, round 1
      await researcher.getByRole("link", { name: "Delphi" }).click();
      await researcher.getByRole("heading", { level: 1, name: "Delphi consultation" }).waitFor();
      expect(new URL(researcher.url()).pathname).toBe("/console/delphi");
      expect(await axeViolations(researcher)).toEqual([]);
      await researcher.getByRole("button", { name: "Create the study" }).click();
      await researcher.getByRole("alert").getByText("Enter a title for the study").waitFor();
      const title = `Outcomes framework Delphi (${viewport.name})`;
      await researcher.getByLabel("Title of a new study").fill(title);
      await researcher.getByRole("button", { name: "Create the study" }).click();
      await researcher.getByRole("heading", { level: 1, name: title }).waitFor();
      // each study has its own address, so a link to it can be shared
      const studyId = new URL(researcher.url()).pathname.split("/")[3];
      expect(studyId).toMatch(/^[0-9]+$/);
      expect(new URL(researcher.url()).pathname).toBe(`/console/delphi/${studyId}`);
      await researcher.getByLabel("Name", { exact: true }).fill("Pat Practitioner");
      await researcher.getByLabel("E-mail address").fill(`pat-${viewport.name}@panel.example`);
      await researcher.getByLabel("Stakeholder group").selectOption({ label: "Practitioners" });
      await researcher.getByLabel("They have consented to take part").check();
      await researcher.getByRole("button", { name: "Add the panellist" }).click();
      const link = (await researcher.locator("#panellist-link").textContent())!;
      expect(link).toMatch(/\/delphi#[A-Za-z0-9_-]{43}$/);
      await researcher.getByRole("button", { name: "Open round 1" }).click();
      await researcher.getByText("Round 1 is open to 1 panellist.").waitFor();
      await researcher.getByRole("row", { name: /Round 1 Open/ }).waitFor();
      expect(await axeViolations(researcher)).toEqual([]);

      // the panellist rates round 1
      const panellist = await (await f.browser.newContext(size)).newPage();
      panellist.setDefaultTimeout(30_000);
      const pWatch = watchConsole(panellist);
      await panellist.goto(f.base + link.slice(link.indexOf("/delphi")));
      await panellist.getByRole("heading", { level: 1, name: title }).waitFor();
      expect(panellist.url()).not.toContain("#");
      const first = panellist.locator("section.panel-item").first();
      const firstName = (await first.locator("h3").textContent())!;
      const second = panellist.locator("section.panel-item").nth(1);
      expect(await axeViolations(panellist)).toEqual([]);
      await first.getByRole("radio", { name: "8", exact: true }).check();
      await panellist.getByText(/^Saved at/).waitFor();
      await second.getByRole("radio", { name: "Unable to rate" }).check();
      await first.getByLabel("Comment (optional)").fill("Essential for tracking repeat harm");
      await first.getByLabel("Comment (optional)").blur();
      await expect.poll(async () => (await f.t.pool.query(`SELECT count(*)::int AS n FROM delphi_ratings WHERE comment IS NOT NULL`)).rows[0].n).toBeGreaterThan(0);
      // propose a missing indicator (round 1 only)
      await panellist.getByRole("button", { name: "Send the proposal" }).click();
      await panellist.getByRole("alert").getByText("Enter the indicator you propose").waitFor();
      await panellist.getByLabel("Indicator", { exact: true }).fill(`Children's trust in their social worker (${viewport.name})`);
      await panellist.getByLabel("Why it matters (optional)").fill("Children say it matters most");
      await panellist.getByRole("button", { name: "Send the proposal" }).click();
      await panellist.getByText(/^Proposal sent:/).waitFor();
      expect(await axeViolations(panellist)).toEqual([]);
      await panellist.reload();
      await panellist.getByRole("heading", { level: 1, name: title }).waitFor();
      expect(await panellist.locator("section.panel-item").first().getByRole("radio", { name: "8", exact: true }).isChecked()).toBe(true);
      expect(await panellist.locator("section.panel-item").nth(1).getByRole("radio", { name: "Unable to rate" }).isChecked()).toBe(true);
      // a rating chosen just before "Submit" reaches the server first, however slow its save: it is kept,
      // and its "Saved at" cannot replace "Submitted" (nor be refused as coming after the submission)
      const order: string[] = [];
      panellist.on("request", (r) => r.url().endsWith("/api/delphi/round/submit") && order.push("submit sent"));
      panellist.on("response", (r) => r.url().endsWith("/api/delphi/ratings") && order.push(`rating saved (${r.status()})`));
      let releaseSave = () => {};
      const saveHeld = new Promise<void>((resolve) => (releaseSave = resolve));
      await panellist.route(
        "**/api/delphi/ratings",
        async (route) => {
          await saveHeld;
          await route.continue();
        },
        { times: 1 },
      );
      await panellist.locator("section.panel-item").nth(2).getByRole("radio", { name: "5", exact: true }).check();
      // most items are unrated, so the page checks before submitting (delphi-submit-check.test.ts tests that in full)
      await panellist.getByRole("button", { name: "Submit my ratings" }).click();
      await panellist.getByRole("region", { name: /^You have not rated \d+ items$/ }).waitFor();
      await panellist.getByRole("button", { name: "Submit anyway" }).click();
      releaseSave();
      await panellist.getByText(/^Submitted\./).waitFor();
      await expect.poll(() => order).toEqual(["rating saved (200)", "submit sent"]);
      const kept = await f.t.pool.query(
        `SELECT count(*)::int AS n FROM delphi_ratings r JOIN delphi_rounds d ON d.id = r.round_id WHERE d.study_id = $1 AND d.number = 1 AND r.rating = 5`,
        [studyId],
      );
      expect(kept.rows[0].n).toBe(1);
      expect(await panellist.getByText(/^Submitted\./).isVisible()).toBe(true);
      expect(await panellist.locator("section.panel-item").first().getByRole("radio", { name: "8", exact: true }).isDisabled()).toBe(true);
      expect(await axeViolations(panellist)).toEqual([]);

      // the researcher approves the comment, closes round 1, opens round 2
      await researcher.getByRole("link", { name: "Results, comments and decisions" }).click();
      await researcher.getByRole("heading", { level: 1, name: `Results: ${title}` }).waitFor();
      await researcher.getByRole("button", { name: "Approve comment: Essential for tracking repeat harm" }).click();
      await researcher.getByText(/approved: panellists will see it/).waitFor();
      const proposed = `Children's trust in their social worker (${viewport.name})`;
      await researcher.getByRole("heading", { level: 3, name: proposed }).waitFor();
      await researcher.getByRole("button", { name: `Accept as a new item: ${proposed}` }).click();
      await researcher.getByRole("alert").getByText(/Give a reason/).waitFor();
      expect(await axeViolations(researcher)).toEqual([]);
      await researcher.getByLabel(`Reason for “${proposed}”`).fill("Not in the catalogue; the panel should rate it");
      await researcher.getByRole("button", { name: `Accept as a new item: ${proposed}` }).click();
      await researcher.getByText(/^Accepted as a new item: Not in the catalogue/).waitFor();
      expect(await axeViolations(researcher)).toEqual([]);
      await researcher.getByRole("link", { name: "Back to the study" }).click();
      await researcher.getByRole("button", { name: "Close round 1" }).click();
      await researcher.getByText("Round 1 is closed.").waitFor();
      await researcher.getByLabel("Who takes part").selectOption({ label: "Only those who submitted the previous round" });
      await researcher.getByRole("button", { name: "Open round 2" }).click();
      await researcher.getByText("Round 2 is open to 1 panellist.").waitFor();

      // round 2: own previous rating, the panel's distribution and the approved comment
      await panellist.reload();
      await panellist.getByText("Round 2", { exact: false }).first().waitFor();
      const again = panellist.locator("section.panel-item", { has: panellist.getByRole("heading", { name: firstName, exact: true }) });
      await again.getByText("Your rating last round: 8").waitFor();
      await again.getByText("Essential for tracking repeat harm").waitFor();
      await again.getByText("How the panel rated this last round").click();
      await again.getByText(/Whole panel: median 8/).waitFor();
      // the panel's distribution as a chart with the same figures in a table (groups under 5 raters withheld)
      await again.getByRole("img", { name: new RegExp(`^Bar chart: ratings of “${firstName.replace(/[()]/g, ".")}” last round`) }).waitFor();
      await again.getByRole("region", { name: `Ratings of “${firstName}” last round` }).getByRole("row", { name: "8 1", exact: true }).waitFor();
      expect(await again.getByRole("columnheader", { name: "Practitioners" }).count()).toBe(0);
      expect(await axeViolations(panellist)).toEqual([]);
      await panellist.getByRole("heading", { level: 3, name: proposed }).waitFor();
      await again.getByRole("radio", { name: "9", exact: true }).check();
      await panellist.getByText(/^Saved at/).waitFor();
      await researcher.getByRole("button", { name: "Close round 2" }).click();
      await researcher.getByText("Round 2 is closed.").waitFor();

      // results and the framework view
      await researcher.getByRole("link", { name: "Results, comments and decisions" }).click();
      await researcher.getByRole("heading", { level: 3, name: firstName }).waitFor();
      expect(new URL(researcher.url()).pathname).toBe(`/console/delphi/${studyId}/results`);
      await researcher.getByRole("row", { name: /Round 2: everyone 0 of 1 1 0 9/ }).waitFor();
      expect(await axeViolations(researcher)).toEqual([]);
      await researcher.getByRole("link", { name: "Back to the study" }).click();
      await researcher.getByRole("link", { name: "Framework view" }).click();
      await researcher.getByRole("heading", { level: 1, name: "Framework view" }).waitFor();
      expect(new URL(researcher.url()).pathname).toBe(`/console/delphi/${studyId}/framework`);
      await researcher.getByRole("row", { name: new RegExp(`${firstName.replace(/[()]/g, ".")}.*Consensus: critical \\(round 2\\)`) }).waitFor();
      expect(await axeViolations(researcher)).toEqual([]);
      const [download] = await Promise.all([researcher.waitForEvent("download"), researcher.getByRole("link", { name: "Download the framework view as CSV" }).click()]);
      expect(download.suggestedFilename()).toMatch(/^framework-delphi-\d+-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(fs.readFileSync((await download.path())!, "utf8")).toContain("Recommend for national collection");

      // signing out ends the panellist's session: a reload no longer opens the round
      await panellist.getByRole("button", { name: "Sign out on this device" }).click();
      await panellist.getByText(/You have signed out on this device/).waitFor();
      expect(await axeViolations(panellist)).toEqual([]);
      expect(await panellist.evaluate(() => JSON.stringify(sessionStorage) + JSON.stringify(localStorage) + document.cookie)).not.toMatch(/[A-Za-z0-9_-]{43}/);
      pWatch.expect({ status: 401, path: "/api/delphi/round" });
      await panellist.reload();
      await panellist.getByRole("alert").getByText("This page needs the private link from your invitation e-mail.").waitFor();

      expect(rWatch.errors).toEqual([]);
      expect(pWatch.errors).toEqual([]);
      await researcher.context().close();
      await panellist.context().close();
    }, 480_000);
  }

  it("a withdrawn or wrong link says so", async () => {
    const page = await (await f.browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
    const watch = watchConsole(page, [{ status: 401, path: "/api/delphi/session" }]);
    await page.goto(`${f.base}/delphi#${"A".repeat(43)}`);
    await page.getByRole("alert").getByText(/This link is not valid or has been withdrawn/).waitFor();
    expect(await axeViolations(page)).toEqual([]);
    expect(watch.errors).toEqual([]);
    await page.context().close();
  }, 60_000);
});
