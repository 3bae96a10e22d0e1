/**
 * The Delphi console's CSV export and reminders in real Chromium at 1366x900 and 390x844: a
 * researcher downloads the CSV files with a codebook (pseudonymous, no personal-data option); an
 * admin asks for personal data, is told what the file will hold, must give a reason and confirm, and
 * gets the panel's names; the reminder interval is a setting (an impossible one refused in words);
 * the panel table shows when each panellist was last reminded (through a real SMTP server); the
 * reminder e-mail is edited and previewed on the e-mail page for the study's waiting panellist.
 * Every state passes axe and the browser logs no console error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import type { Page } from "playwright-core";
import { CHROMIUM } from "./browser.ts";
import { axeViolations, startConsoleBrowser, type ConsoleBrowserFixture } from "./console-helpers.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { rateAs, seedDelphiStudy } from "../support/delphi-console-fixture.ts";
import { openRound } from "../../server/services/delphi-service.ts";
import { readZip } from "../domain/exports/read-zip.ts";

const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let f: ConsoleBrowserFixture;

/** A study in round 1 with two panellists: Ann has rated and submitted, Bob has not. */
async function seed(title: string) {
  const tag = title.replace(/\W+/g, "-").toLowerCase();
  const s = await seedDelphiStudy(f, title, [
    { name: `Ann Done ${tag}`, email: `ann-${tag}@panel.example`, group: "practitioners" },
    { name: `Bob Waiting ${tag}`, email: `bob-${tag}@panel.example`, group: "la_leaders" },
  ]);
  await openRound(f.t.pool, s.id, {}, s.actor);
  const item = (await f.t.pool.query(`SELECT id FROM delphi_items WHERE study_id = $1 ORDER BY id LIMIT 1`, [s.id])).rows[0].id as string;
  await rateAs(f, s.tokens[0], { [String(item)]: 8 }, true);
  return { id: s.id, title, panel: s.panel };
}

async function downloadZip(page: Page, button: string) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: button }).click()]);
  return { name: download.suggestedFilename(), files: readZip(fs.readFileSync((await download.path())!)) };
}

describe.skipIf(skip)("Delphi console: CSV export with personal data on request, reminder settings and template in Chromium", () => {
  beforeAll(async () => {
    f = await startConsoleBrowser({ smtp: true });
  }, 300_000);
  afterAll(() => f?.close());

  for (const viewport of VIEWPORTS) {
    it(`a researcher exports pseudonymous CSV files; an admin adds personal data only after a reason and a confirm (${viewport.name})`, async () => {
      const s = await seed(`Export study ${viewport.name}`);
      const researcher = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport, { acceptDownloads: true });
      await researcher.page.goto(`${f.base}/console/delphi/${s.id}/results`);
      await researcher.page.getByRole("heading", { level: 2, name: "Download the results" }).waitFor();
      await researcher.page.getByText("Only an admin can include the panellists' names and e-mail addresses.").waitFor();
      expect(await researcher.page.getByLabel(/Include panellists' names/).count()).toBe(0);
      const plain = await downloadZip(researcher.page, "Download the CSV files with a codebook");
      expect(plain.name).toMatch(new RegExp(`^delphi-${s.id}-results-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
      expect([...plain.files.keys()].sort()).toEqual(["README.txt", "codebook.csv", "comments.csv", "methods.csv", "ratings.csv", "results.csv"]);
      expect([...plain.files.values()].map(String).join("")).not.toMatch(/Ann Done|panel\.example/);
      await researcher.page.getByText(/^Downloaded delphi-\d+-results-[\d-]+\.zip\.$/).waitFor();
      expect(await axeViolations(researcher.page)).toEqual([]);
      expect(researcher.watch.errors).toEqual([]);
      await researcher.context.close();

      const admin = await openSignedInConsole(f.browser, f.base, f.accounts.admin, viewport, { acceptDownloads: true });
      await admin.page.goto(`${f.base}/console/delphi/${s.id}/results`);
      await admin.page.getByLabel("Include panellists' names, e-mail addresses and stakeholder groups").check();
      await admin.page.getByText(/^The CSV files will include the name, e-mail address and stakeholder group of every panellist.*Panellists whose personal data has been erased are left out\. Your name, the time and your reason are recorded in the audit trail\.$/).waitFor();
      expect(await axeViolations(admin.page)).toEqual([]);
      // nothing is requested without a reason and the confirm
      await admin.page.getByRole("button", { name: "Download the CSV files with personal data" }).click();
      await admin.page.getByText("Say why you need the panellists' personal data, in at least 10 characters.").waitFor();
      await admin.page.getByLabel("Why do you need the personal data?").fill("Certificates of participation");
      await admin.page.getByRole("button", { name: "Download the CSV files with personal data" }).click();
      await admin.page.getByText("Tick the box to confirm you need the personal data and will keep it safe.").waitFor();
      await admin.page.getByLabel("I need this personal data and will handle it under our data-protection agreement").check();
      const personal = await downloadZip(admin.page, "Download the CSV files with personal data");
      expect(personal.name).toMatch(/-results-personal-\d{4}-\d{2}-\d{2}\.zip$/);
      expect(String(personal.files.get("panellists.csv"))).toContain(s.panel[1].email);
      await admin.page.getByText(/with personal data\. The download is recorded in the audit trail\.$/).waitFor();
      expect(await axeViolations(admin.page)).toEqual([]);
      expect(admin.watch.errors).toEqual([]);
      await admin.context.close();
    }, 300_000);

    it(`the reminder interval, "Last reminded" and the reminder template with preview (${viewport.name})`, async () => {
      const s = await seed(`Reminder study ${viewport.name}`);
      const { context, page, watch } = await openSignedInConsole(f.browser, f.base, f.accounts.researcher, viewport);
      await page.goto(`${f.base}/console/delphi/${s.id}`);
      const interval = page.getByLabel("Hours before a panellist can be reminded again");
      expect(await interval.inputValue()).toBe("24");
      // refused in the box's words before anything is sent (the server would refuse it too)
      await interval.fill("0");
      await page.getByRole("button", { name: "Save the settings" }).click();
      await page.locator("#settings-reminder-interval-error").getByText("“Hours before a panellist can be reminded again” must be a whole number from 1 to 336").waitFor();
      await interval.fill("12");
      await page.getByRole("button", { name: "Save the settings" }).click();
      await page.getByText(/^Settings saved\./).waitFor();
      await page.getByText(/nobody is reminded again within 12 hours/).waitFor();

      const panel = page.getByRole("region", { name: "Panel table" });
      await panel.getByRole("row", { name: new RegExp(`${s.panel[1].name} .*Not reminded`) }).waitFor();
      await page.getByRole("button", { name: "Remind those who have not submitted" }).click();
      await page.getByText("Reminder sent to 1 panellist.").waitFor();
      expect(f.received.filter((r) => r.includes(viewport.name))).toEqual([s.panel[1].email]);
      // Bob's row now shows the date and time; Ann, who submitted, was never reminded
      await panel.getByRole("row", { name: new RegExp(`${s.panel[1].name} .* \\d{1,2} \\w{3} \\d{4},? \\d{2}:\\d{2}`) }).waitFor();
      await panel.getByRole("row", { name: new RegExp(`${s.panel[0].name} .*Not reminded`) }).waitFor();
      await page.getByRole("button", { name: "Remind those who have not submitted" }).click();
      await page.getByText("Nobody was reminded; 1 panellist was already reminded in the last 12 hours.").waitFor();
      expect(await axeViolations(page)).toEqual([]);

      await page.getByRole("link", { name: "Edit or preview the reminder e-mail" }).click();
      expect(await page.getByLabel(/Delphi panel reminder/).isChecked()).toBe(true);
      await page.getByText(/Placeholders: \{\{panellist_name\}\}, \{\{study_title\}\}, \{\{round\}\}, \{\{closes_at\}\}, \{\{link\}\}, \{\{sender_name\}\}/).waitFor();
      await page.getByLabel("Subject").fill("Please rate round {{round}} of {{study_title}}");
      await page.getByLabel("Preview for the panel of").selectOption({ label: s.title });
      await page.getByRole("button", { name: "Preview", exact: true }).click();
      await page.getByText(`As ${s.panel[1].name} would receive it for round 1 of ${s.title}; the private link is created when the reminder is sent.`).waitFor();
      await page.getByText(`Please rate round 1 of ${s.title}`).waitFor();
      await page.getByText(new RegExp(`^Dear ${s.panel[1].name},`)).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Save template" }).click();
      await page.getByText("The Delphi reminder template was saved.").waitFor();
      expect(await page.getByRole("heading", { name: "Send" }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(watch.errors).toEqual([]);
      await context.close();
    }, 300_000);
  }
});
