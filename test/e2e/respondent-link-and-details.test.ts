/**
 * Two ways a respondent gets stuck, in Chromium at desktop and phone size (axe, any console error
 * fails besides the 401s provoked on purpose):
 * - /r opened with no link and no session (an address copied from a colleague's address bar, which
 *   never holds the link) asks for the invitation e-mail and gives the study contact; a refused link
 *   gives the contact too.
 * - "Who is answering?" submitted empty shows every problem at once in a focused summary whose links
 *   move focus to the fields, each field marked and described by its message; "Change your details"
 *   can be cancelled without changing anything.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { laCodes, useFixtureSurvey } from "../routes/respondent/respondent-fixtures.ts";
import { axeViolations } from "./browser.ts";
import { setUpRespondentBrowser, startAnswering } from "../support/respondent-browser.ts";
import { VIEWPORTS } from "../support/console-browser.ts";

const rb = setUpRespondentBrowser();
let las: { code: string; name: string }[];

beforeAll(async () => {
  las = await laCodes(rb.t.pool, 2);
  for (const la of las) await useFixtureSurvey(rb.t.pool, la.code);
});

// without a session the survey's three reads are refused: that refusal is what these pages report
const noSession = ["/api/respondent/definition", "/api/respondent/response", "/api/respondent/welcome"].map((path) => ({ status: 401, path }));
const activeField = (page: import("playwright-core").Page) => page.evaluate(() => document.activeElement?.id ?? "");

describe("respondent links and details in Chromium", () => {
  for (const [i, viewport] of VIEWPORTS.entries()) {
    it(`/r without a link asks for the invitation e-mail and gives the study contact (${viewport.width}px)`, async () => {
      const first = await rb.newPage(viewport);
      await first.goto(await rb.surveyLink(las[i].code));
      await first.getByTestId("welcome").waitFor();
      const copied = first.url(); // what a person copies from the address bar: the link is gone from it
      expect(copied).toBe(`${rb.base}/r`);
      const colleague = await rb.newPage(viewport, { expected: noSession });
      await colleague.goto(copied);
      await colleague.getByRole("heading", { level: 1, name: "Open the survey from your invitation e-mail" }).waitFor();
      const text = (await colleague.locator("main").textContent()) ?? "";
      expect(text).toContain("Open the survey from the link in your invitation e-mail.");
      expect(text).toContain("forward them the invitation e-mail");
      expect(text).not.toMatch(/expired/);
      expect(text).not.toContain(las[i].name);
      const contact = colleague.getByTestId("contact");
      await expect(contact.textContent()).resolves.toMatch(/contact the LA data audit research team: la-data-audit@example\.org\./);
      await expect(contact.getByRole("link").getAttribute("href")).resolves.toBe("mailto:la-data-audit@example.org");
      expect(await axeViolations(colleague)).toEqual([]);
    });

    it(`a refused link says so and gives the study contact (${viewport.width}px)`, async () => {
      // the exchange and the three first reads, all made with the wrong link, are refused
      const page = await rb.newPage(viewport, { expected: [{ status: 401, path: "/api/respondent/session" }, ...noSession] });
      await page.goto(`${rb.base}/r#${"x".repeat(43)}`);
      await page.getByRole("heading", { level: 1, name: "This link does not work" }).waitFor();
      await expect(page.getByTestId("contact").getByRole("link").getAttribute("href")).resolves.toBe("mailto:la-data-audit@example.org");
      expect(await axeViolations(page)).toEqual([]);
    });

    it(`an empty "Who is answering?" shows both problems at once, summary first, each beside its field (${viewport.width}px)`, async () => {
      const page = await rb.newPage(viewport);
      await page.goto(await rb.surveyLink(las[i].code));
      await page.getByRole("button", { name: /^(Start now|Continue)$/ }).click();
      await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
      const summary = page.getByTestId("details-errors");
      await summary.waitFor();
      await expect(summary.getAttribute("role")).resolves.toBe("alert");
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("details-errors");
      await expect(summary.getByRole("link").allTextContents()).resolves.toEqual(["Enter your name", "Enter your role"]);
      for (const [label, message] of [
        ["Your name", "Enter your name"],
        ["Your role", "Enter your role"],
      ]) {
        const field = page.getByLabel(label);
        await expect(field.getAttribute("aria-invalid")).resolves.toBe("true");
        const described = (await field.getAttribute("aria-describedby")) ?? "";
        await expect(page.locator(`#${described.split(" ")[0]}`).textContent()).resolves.toBe(`Error: ${message}`);
      }
      await expect(page.getByLabel("Your work e-mail").getAttribute("aria-invalid")).resolves.toBeNull();
      expect(await axeViolations(page)).toEqual([]);
      await summary.getByRole("link", { name: "Enter your role" }).click();
      await expect.poll(() => activeField(page)).toBe("contributor-role");
      await summary.getByRole("link", { name: "Enter your name" }).click();
      await expect.poll(() => activeField(page)).toBe("contributor-name");
      // a fixed name leaves only the role's message; submitting again focuses the summary again
      await page.getByLabel("Your name").fill("Ann Analyst");
      await page.getByLabel("Your work e-mail").fill("ann@");
      await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
      await expect(summary.getByRole("link").allTextContents()).resolves.toEqual([
        "Enter your role",
        "Enter your work e-mail address in the correct format, like name@council.gov.uk, or leave it empty",
      ]);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("details-errors");
      await expect(page.getByLabel("Your name").getAttribute("aria-invalid")).resolves.toBeNull();
    });

    it(`"Change your details" can be cancelled, changing nothing (${viewport.width}px)`, async () => {
      const page = await rb.newPage(viewport);
      await page.goto(await rb.surveyLink(las[i].code));
      await startAnswering(page, { name: "Ann Analyst", role: "Performance lead" });
      const contributor = page.locator(".contributor");
      await expect.poll(() => contributor.textContent()).toContain("Answering as Ann Analyst (Performance lead)");
      await page.getByRole("button", { name: "Change your details" }).click();
      await page.getByLabel("Your name").fill("Someone Else");
      expect(await axeViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Cancel and go back to the questionnaire" }).click();
      await expect.poll(() => contributor.textContent()).toContain("Answering as Ann Analyst (Performance lead)");
      expect(await page.evaluate(() => JSON.parse(localStorage.getItem("lada:contributor") ?? "null"))).toEqual({ name: "Ann Analyst", role: "Performance lead" });
      await page.getByRole("button", { name: "Change your details" }).click();
      await expect(page.getByLabel("Your name").inputValue()).resolves.toBe("Ann Analyst");
    });
  }
});
