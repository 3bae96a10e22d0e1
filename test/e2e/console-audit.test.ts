/**
 * The audit trail page in real Chromium at a desktop and a phone size: newest first, in words (no
 * JSON, no raw action codes, fingerprints shortened, a Delphi panellist named as one), LA by name; the filter is kept in the address across a reload; keys
 * typed into a filter while the last Filter press is being applied are kept; an LA code the service
 * would refuse is said beside the box; axe.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import supertest from "supertest";
import { CHROMIUM } from "./browser.ts";
import { axeViolations } from "./console-helpers.ts";
import { createAccount } from "../helpers/auth.ts";
import { startBrowserApp, type BrowserApp } from "../support/browser-app.ts";
import { openSignedInConsole, VIEWPORTS } from "../support/console-browser.ts";
import { recordAudit } from "../../server/repositories/audit-repository.ts";

const SHA = "3f2a9c1b7d4e".padEnd(64, "a");
const skip = !fs.existsSync(CHROMIUM) && process.env.CI !== "true";
let app: BrowserApp;
let admin: { email: string; password: string };
let laName: string;

describe.skipIf(skip)("audit trail in Chromium", () => {
  beforeAll(async () => {
    app = await startBrowserApp();
    admin = await createAccount(app.t.app, "admin", "audit-admin@research.example");
    // a failed sign-in, then a contact added for an LA: both recorded
    await supertest(app.t.app.server).post("/api/auth/login").send({ email: admin.email, password: "wrong" }).expect(401);
    const agent = supertest.agent(app.t.app.server);
    const login = await agent.post("/api/auth/login").send({ email: admin.email, password: admin.password }).expect(200);
    await agent.post("/api/admin/contacts").set("x-csrf-token", login.body.csrfToken).send({ laCode: "211", name: "Fran Contact", email: "f@la211.gov.uk" }).expect(201);
    laName = (await app.t.pool.query("SELECT name FROM las WHERE la_code = '211'")).rows[0].name;
    // newer kinds of entry: a release job, a release with its PDF's fingerprint, a Delphi panellist's submission
    await recordAudit(app.t.pool, { actor: "system", actorKind: "system", action: "report.release_job.start", subject: "1", details: { scope: "list", las: 2, snapshotId: 1 } });
    await recordAudit(app.t.pool, { actor: "system", actorKind: "system", action: "report.release", laCode: "211", subject: "v1", details: { snapshotId: 1, pdfSha256: SHA, replacedVersion: null } });
    await recordAudit(app.t.pool, { actor: "delphi-panellist:1", actorKind: "respondent", action: "delphi.round_submit", subject: "delphi:1", details: { round: 1 } });
  }, 300_000);
  afterAll(() => app?.close());

  for (const viewport of VIEWPORTS) {
    it(`reads the trail newest first in words, and a filter survives a reload (${viewport.name})`, async () => {
      const { context, page, watch } = await openSignedInConsole(app.browser, app.base, admin, viewport);
      await page.getByRole("link", { name: "Audit trail" }).click();
      await page.getByRole("heading", { name: "Audit trail", level: 1 }).waitFor();
      const rows = page.locator("tbody tr");
      await rows.first().waitFor();
      // newest first: this browser's own sign-in leads
      await expect.poll(() => rows.first().locator("td").nth(2).textContent()).toBe("Signed in");
      expect(await rows.first().locator("td").nth(1).textContent()).toBe(admin.email);
      await page.getByRole("row", { name: new RegExp(`Added an LA contact ${laName}`) }).waitFor();
      await page.getByRole("row", { name: /Failed to sign in.*reason: wrong password/ }).waitFor();
      // newer actions in words too: who, what, details in phrases, a fingerprint shortened (whole in its title)
      await page.getByRole("row", { name: /A Delphi panellist Submitted their Delphi ratings.*round 1/ }).waitFor();
      await page.getByRole("row", { name: /Started releasing feedback reports.*2 LAs, chosen from the list; snapshot 1/ }).waitFor();
      const release = page.getByRole("row", { name: /Released a feedback report: version 1/ });
      // (the database keeps details' keys in its own order)
      expect((await release.locator("td").nth(4).textContent())!.split("; ").sort()).toEqual(["PDF fingerprint 3f2a9c1b7d4e…", "first release", "snapshot 1"]);
      expect(await release.getByText("3f2a9c1b7d4e…").getAttribute("title")).toBe(SHA);
      const text = await page.locator("table").innerText();
      expect(text).not.toMatch(/[{}]|auth\.login|contact\.create|release_job|round_submit|An LA respondent/);
      expect(text).not.toContain(SHA);
      // every choice of "What happened" is in words, none spelt out from its code ("Report: snapshot")
      const choices = await page.getByLabel("What happened").locator("option").allTextContents();
      expect(choices).toEqual(expect.arrayContaining(["Added Delphi panellists", "Issued a feedback report link", "Froze the figures for feedback reports"]));
      expect(choices.filter((c) => c.includes(":") || c.includes("_"))).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);

      await page.getByLabel("What happened").selectOption({ label: "Failed to sign in" });
      await page.getByRole("button", { name: "Filter" }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("action")).toBe("auth.login_failed");
      await expect.poll(() => rows.count()).toBe(1);
      await page.reload();
      await expect.poll(() => rows.count()).toBe(1);
      expect(await page.getByLabel("What happened").inputValue()).toBe("auth.login_failed");
      expect(await axeViolations(page)).toEqual([]);
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll("main *")].filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !el.closest(".table-scroll")).map((el) => `${el.tagName}#${el.id}.${el.className}`).slice(0, 5),
      );
      expect(wide).toEqual([]);

      // an LA code the service would refuse is said beside the box, and nothing is sent (a refused
      // request would show as a console error, and the last list would have stayed as if filtered)
      const before = page.url();
      await page.getByLabel("LA code").fill("20");
      await page.getByRole("button", { name: "Filter" }).click();
      await page.getByText("Enter the LA's 3-digit code, for example 201").waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("audit-la");
      expect(await page.getByLabel("LA code").getAttribute("aria-invalid")).toBe("true");
      expect(page.url()).toBe(before);
      expect(await axeViolations(page)).toEqual([]);
      await page.getByLabel("LA code").fill("211");
      await page.getByRole("button", { name: "Filter" }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get("laCode")).toBe("211");
      await expect.poll(() => page.locator(".field-error").count()).toBe(0);
      expect(watch.errors).toEqual([]);
      await context.close();
    });
  }

  describe("typing into a filter just after pressing Filter", () => {
    // a long trail, so the redraw for an applied filter takes long enough to type into
    beforeAll(async () => {
      await app.t.pool.query(
        `INSERT INTO audit_log (at, actor, actor_kind, action, details) SELECT now() - interval '2 days' - n * interval '1 minute', 'system', 'system', 'export.audit', '{}' FROM generate_series(1, 300) n`,
      );
    });

    for (const viewport of VIEWPORTS) {
      it(`keeps a key typed into a filter while the last Filter press is still being applied (${viewport.name})`, async () => {
        const { context, page, watch } = await openSignedInConsole(app.browser, app.base, admin, viewport);
        await page.goto(`${app.base}/console/audit`);
        await page.getByRole("row", { name: new RegExp(`Added an LA contact ${laName}`) }).waitFor();
        const box = page.getByLabel("LA code");
        // a slow computer (CPU slowed down 6 times): the page redraws for the filter just applied
        // while the person is already typing the next key
        const cdp = await context.newCDPSession(page);
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
        await box.focus();
        await page.keyboard.type("203");
        await page.keyboard.press("Enter");
        // a second thought, typed at once: 211, not 203
        await page.keyboard.press("Backspace");
        await page.keyboard.press("Backspace");
        await page.keyboard.type("11");
        await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
        await expect.poll(() => new URL(page.url()).searchParams.get("laCode")).toBe("203");
        await page.getByText(/^0 entries, newest first/).waitFor();
        expect(await box.inputValue()).toBe("211");
        await page.keyboard.press("Enter");
        await expect.poll(() => new URL(page.url()).searchParams.get("laCode")).toBe("211");
        await page.getByRole("row", { name: new RegExp(`Added an LA contact ${laName}`) }).waitFor();
        expect(await box.inputValue()).toBe("211");
        // a change of address from elsewhere still resets the form: the menu's link to the whole trail
        await page.getByRole("link", { name: "Audit trail" }).click();
        await expect.poll(() => box.inputValue()).toBe("");
        expect(new URL(page.url()).search).toBe("");
        expect(watch.errors).toEqual([]);
        await context.close();
      });
    }
  });
});
