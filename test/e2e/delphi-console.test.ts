/**
 * The Delphi console's settings form and results in real Chromium at 1366x900 and 390x844: a
 * researcher edits the settings (a missing number is refused in words), a save from a page opened
 * before round 1 opened is refused with the reason in words and the form then locks without a reload,
 * the locked parts show why, and unsaved
 * changes to the stopping rule outlast round 1 opening from the page (unless saved since); a new
 * panellist's private link stays shown through a failed second add, until a new one replaces it; the reminder
 * button e-mails (through a real SMTP server) only the panellist who has not submitted, once; the results
 * page shows the stopping rule's recommendation, attrition by round and group, the disagreement
 * index, each item's distribution per round as a chart with a table, and downloads the workbook. The panel's ratings are made through the services (the panellist's page has its own test).
 * Every page passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { rateAs, seedDelphiStudy } from "../support/delphi-console-fixture.ts";
import { closeRound, getSettings, openRound, putSettings, studyDetail } from "../../server/services/delphi-service.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

/** A study with 5 practitioners and 2 LA leaders; with its first two items' ids and names. */
async function seedStudy(title: string) {
  const study = await seedDelphiStudy(f, title, (id) => [
    ...Array.from({ length: 5 }, (_, i) => ({ name: `Practitioner ${i}`, email: `p${i}-${id}@panel.example`, group: "practitioners" })),
    ...Array.from({ length: 2 }, (_, i) => ({ name: `Leader ${i}`, email: `l${i}-${id}@panel.example`, group: "la_leaders" })),
  ]);
  const first = (await studyDetail(f.t.pool, study.id)).items.slice(0, 2);
  return { ...study, items: first.map((i) => i.id), names: first.map((i) => i.name) };
}

describe.skipIf(skip)("Delphi console: settings, reminders, results, charts and the workbook in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser({ smtp: true });
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`unsaved changes to the stopping rule outlast round 1 opening (${viewport.name})`, async () => {
      const s = await seedStudy(`Unsaved edits study (${viewport.name})`);
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport);
      await page.goto(`${f.base}/console/delphi/${s.id}`);
      await page.getByRole("heading", { level: 2, name: "Settings" }).waitFor();
      await page.getByLabel("Maximum number of rounds").fill("5");
      await page.getByLabel("Stable when fewer than this % move category").fill("25");
      await page.getByLabel("An item needs no further round when").selectOption("stable");
      await page.getByLabel("Hours before a panellist can be reminded again").fill("48");
      await page.getByLabel("Critical: at least this % rate 7–9").fill("80");
      // meanwhile a colleague saves a different stability threshold: theirs is what the form shows next
      const { settings } = await getSettings(f.t.pool, s.id);
      await putSettings(f.t.pool, s.id, { ...settings, stopping: { ...settings.stopping, stabilityThresholdPct: 20 } }, s.actor);

      // round 1 opens from this page, and the study reloads with the rule locked
      await page.getByRole("button", { name: "Open round 1" }).click();
      await page.getByText("Round 1 is open to 7 panellists.").waitFor();
      await page.getByText(/^Round 1 has opened, so the stakeholder groups and the consensus rule are locked/).waitFor();
      expect(await page.getByLabel("Maximum number of rounds").inputValue()).toBe("5");
      expect(await page.getByLabel("Stable when fewer than this % move category").inputValue()).toBe("20");
      expect(await page.getByLabel("An item needs no further round when").inputValue()).toBe("stable");
      expect(await page.getByLabel("Hours before a panellist can be reminded again").inputValue()).toBe("48");
      // the locked rule shows what the panel rates under, not the change that can no longer be saved
      expect(await page.getByLabel("Critical: at least this % rate 7–9").inputValue()).toBe("70");
      expect(await page.getByLabel("Critical: at least this % rate 7–9").isDisabled()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("button", { name: "Save the settings" }).click();
      await page.getByText(/^Settings saved\. The consensus rule is at version 1\./).waitFor();
      await page.getByText(/At most 5 rounds; an item is stable when fewer than 20% of panellists move/).waitFor();
      expect((await getSettings(f.t.pool, s.id)).settings).toMatchObject({ stopping: { maxRounds: 5, stabilityThresholdPct: 20, stopWhen: "stable" }, reminders: { minIntervalHours: 48 } });
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }

  for (const viewport of VIEWPORTS) {
    it(`a panellist's private link, shown only once, outlasts a failed add (${viewport.name})`, async () => {
      const s = await seedStudy(`Private link study (${viewport.name})`);
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport);
      await page.goto(`${f.base}/console/delphi/${s.id}`);
      await page.getByRole("button", { name: "Add the panellist" }).waitFor();
      await page.getByLabel("Name", { exact: true }).fill("Robin Carer");
      await page.getByLabel("E-mail address").fill(`robin-${s.id}@panel.example`);
      await page.getByLabel("They have consented to take part").check();
      await page.getByRole("button", { name: "Add the panellist" }).click();
      await page.getByText("Private link for Robin Carer (shown only once):").waitFor();
      const link = (await page.locator("#panellist-link").textContent())!;
      expect(link).toMatch(/\/delphi#[A-Za-z0-9_-]{43}$/);

      // an add refused in the browser (empty fields) says why and keeps the link
      await page.getByRole("button", { name: "Add the panellist" }).click();
      await page.getByText("Enter the panellist's name and a valid e-mail address").waitFor();
      expect(await page.locator("#panellist-link").textContent()).toBe(link);
      expect(await axeViolations(page)).toEqual([]);

      // so does an add that fails on its way to the server
      await page.getByLabel("Name", { exact: true }).fill("Sam Second");
      await page.getByLabel("E-mail address").fill(`sam-${s.id}@panel.example`);
      watch.expect({ status: "offline", path: `/api/admin/delphi/studies/${s.id}/panellists` });
      await context.setOffline(true);
      await page.getByRole("button", { name: "Add the panellist" }).click();
      await page.locator("#panellist-message .console-error").waitFor();
      expect(await page.locator("#panellist-link").textContent()).toBe(link);
      expect(await page.getByText("Private link for Robin Carer (shown only once):").isVisible()).toBe(true);
      await context.setOffline(false);

      // a successful add replaces it with the new panellist's link
      await page.getByRole("button", { name: "Add the panellist" }).click();
      await page.getByText("Private link for Sam Second (shown only once):").waitFor();
      const second = (await page.locator("#panellist-link").textContent())!;
      expect(second).toMatch(/\/delphi#[A-Za-z0-9_-]{43}$/);
      expect(second).not.toBe(link);
      expect(await axeViolations(page)).toEqual([]);

      // and the researcher can hide it once sent
      await page.getByRole("button", { name: "I have sent the link: hide it" }).click();
      expect(await page.locator("#panellist-link").count()).toBe(0);
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }

  for (const viewport of VIEWPORTS) {
    it(`settings, the stopping rule, attrition and disagreement (${viewport.name})`, async () => {
      const s = await seedStudy(`Settings study (${viewport.name})`);
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport, { acceptDownloads: true });
      await page.goto(`${f.base}/console/delphi/${s.id}`);
      await page.getByRole("heading", { level: 2, name: "Settings" }).waitFor();

      // a missing number and a wrong one are both refused in words before anything is sent: each beside
      // its box and together in the summary, which links to the boxes
      await page.getByLabel("Maximum number of rounds").fill("");
      await page.getByLabel("Stable when fewer than this % move category").fill("0");
      await page.getByRole("button", { name: "Save the settings" }).click();
      const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
      await summary.getByRole("link", { name: "Enter a number for “Maximum number of rounds”" }).waitFor();
      await summary.getByRole("link", { name: "“Stable when fewer than this % move category” must be a percentage above 0 and at most 100" }).waitFor();
      await expect(page.getByLabel("Maximum number of rounds").getAttribute("aria-invalid")).resolves.toBe("true");
      await expect(page.getByLabel("Stable when fewer than this % move category").getAttribute("aria-invalid")).resolves.toBe("true");
      expect(await page.locator("#settings-stability-error").textContent()).toContain("must be a percentage above 0 and at most 100");
      expect(await axeViolations(page)).toEqual([]);
      await summary.getByRole("link", { name: "Enter a number for “Maximum number of rounds”" }).click();
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("settings-max-rounds");
      await page.getByLabel("Maximum number of rounds").fill("2");
      await page.getByLabel("Stable when fewer than this % move category").fill("20");
      await page.getByLabel("New group").fill("Carers and parents");
      await page.getByRole("button", { name: "Add the group" }).click();
      await page.getByRole("button", { name: "Save the settings" }).click();
      // the confirmation outlasts the study's reload, which redraws the form from the saved settings
      await page.getByRole("heading", { level: 2, name: "Consensus rule (version 2)" }).waitFor();
      await page.getByText(/At most 2 rounds; an item is stable when fewer than 20% of panellists move/).waitFor();
      expect(await page.getByText(/^Settings saved\. The consensus rule is at version 2\./).isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);

      // round 1 opens elsewhere while this page is open: changing the rule is refused, in words, and
      // the page fetches the study again, so the form locks without the researcher reloading it
      await openRound(f.t.pool, s.id, { items: s.items }, s.actor);
      watch.expect({ status: 409, path: `/api/admin/delphi/studies/${s.id}/settings` });
      await page.getByLabel("Critical: at least this % rate 7–9").fill("80");
      await page.getByRole("button", { name: "Save the settings" }).click();
      const refusal = page.getByText(/^Not saved: The consensus rule and the stakeholder groups cannot change now: round 1 has opened/);
      await refusal.waitFor();
      await page.getByText(/^Round 1 has opened, so the stakeholder groups and the consensus rule are locked/).waitFor();
      await page.getByRole("heading", { level: 2, name: "Consensus rule (version 2, locked since round 1 opened)" }).waitFor();
      expect(await refusal.isVisible()).toBe(true);
      expect(await page.getByLabel("Critical: at least this % rate 7–9").isDisabled()).toBe(true);
      // the refused change gives way to the rule the panel rates under
      expect(await page.getByLabel("Critical: at least this % rate 7–9").inputValue()).toBe("70");
      expect(await page.getByLabel("Maximum number of rounds").isDisabled()).toBe(false);
      expect(await page.getByRole("button", { name: "Add the group" }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);

      // the panel rates round 1: the first item agreed, the second split; one leader does not submit
      const split = [1, 1, 9, 9, 9, 5, 5];
      for (let i = 0; i < 7; i++) await rateAs(f, s.tokens[i], { [s.items[0]]: 8, [s.items[1]]: split[i] }, i < 6);
      // reminders: only the leader who has not submitted gets one, and not twice within a day
      await page.reload();
      await page.getByText(/Round 1 is open: 6 of 7 have submitted/).waitFor();
      await page.getByRole("button", { name: "Remind those who have not submitted" }).click();
      await page.getByText("Reminder sent to 1 panellist.").waitFor();
      expect(f.received.filter((r) => r.endsWith("@panel.example") && r.includes(`-${s.id}@`))).toEqual([`l1-${s.id}@panel.example`]);
      await page.getByRole("button", { name: "Remind those who have not submitted" }).click();
      await page.getByText("Nobody was reminded; 1 panellist was already reminded in the last 24 hours.").waitFor();
      expect(f.received.filter((r) => r.includes(`-${s.id}@`))).toHaveLength(1);
      expect(await axeViolations(page)).toEqual([]);
      await closeRound(f.t.pool, s.id, s.actor);

      await page.getByRole("link", { name: "Results, comments and decisions" }).click();
      await page.getByRole("heading", { level: 2, name: "Stopping rule" }).waitFor();
      await page.getByText(/^Another round is recommended: 1 of the 2 items rated in round 1 have not stopped/).waitFor();
      await page.getByRole("row", { name: /Round 1: everyone 6 of 7/ }).first().waitFor();
      await page.getByRole("row", { name: /Round 1: LA leaders 1 of 2/ }).first().waitFor();
      await page.getByText(/Stopping rule: Round 1: consensus that it is critical; stability needs a second round\. No further round needed\./).waitFor();
      await page.getByRole("cell", { name: "1.011 (disagree)" }).waitFor();
      // the distribution per round as a chart, with the same figures in a table
      await page.getByText(`Distribution of ratings of “${s.names[0]}” by round (chart and table)`).click();
      await page.getByText(`Distribution of ratings of “${s.names[1]}” by round (chart and table)`).click();
      await page.getByRole("img", { name: `Bar chart: ratings of “${s.names[0]}” by round, number of panellists giving each rating; the same figures are in the table` }).waitFor();
      const agreed = page.getByRole("region", { name: `Ratings of “${s.names[0]}” by round (number of panellists)` });
      await agreed.getByRole("row", { name: "8 7", exact: true }).waitFor();
      await agreed.getByRole("row", { name: "1 0", exact: true }).waitFor();
      const splitTable = page.getByRole("region", { name: `Ratings of “${s.names[1]}” by round (number of panellists)` });
      await splitTable.getByRole("row", { name: "9 3", exact: true }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      // the workbook download
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download the results workbook" }).click()]);
      expect(download.suggestedFilename()).toMatch(new RegExp(`^delphi-${s.id}-results-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
      expect(fs.readFileSync((await download.path())!).subarray(0, 2).toString()).toBe("PK");

      // round 2 with those who submitted round 1: two leave; the study reaches its maximum of 2 rounds
      await openRound(f.t.pool, s.id, { items: "noConsensus", eligible: "previousCompleters" }, s.actor);
      for (let i = 0; i < 6; i++) await rateAs(f, s.tokens[i], { [s.items[1]]: split[i] }, i < 4);
      await closeRound(f.t.pool, s.id, s.actor);
      await page.reload();
      await page.getByText("Close the study: the stopping rule allows at most 2 rounds and 2 have been held. Items without consensus go to the consensus meeting.").waitFor();
      await page
        .getByText("Attrition bias: in round 1, those who stayed to the last round rated it median 5 (50% 7–9, 4 panellists); those who left, median 7 (50% 7–9, 2 panellists).")
        .waitFor();
      await page.getByRole("row", { name: /Round 2: everyone 4 of 6 4 of 6 33\.3%/ }).waitFor();
      expect(await axeViolations(page)).toEqual([]);

      expect(watch.errors).toEqual([]);
      await context.close();
    }, 480_000);
  }
});
