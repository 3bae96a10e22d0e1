/** The researcher console works by keyboard alone (real Chromium): sign-in, navigation, sorting, search, editing, e-mail preview, sign-out. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { expectFocused, signInByKeyboard, startConsoleBrowser, tabTo, type ConsoleBrowserFixture } from "./console-helpers.ts";

let f: ConsoleBrowserFixture;
let page: Page;

beforeAll(async () => {
  f = await startConsoleBrowser({ smtp: true });
  page = await (await f.browser.newContext()).newPage();
  page.setDefaultTimeout(20_000);
});
afterAll(() => f?.close());

const focused = (p: Page) =>
  p.evaluate(() => {
    const a = document.activeElement as HTMLElement;
    const cs = getComputedStyle(a);
    return { tag: a.tagName.toLowerCase(), text: (a.textContent ?? "").trim(), id: a.id, outline: cs.outlineStyle, outlineWidth: cs.outlineWidth };
  });

describe("researcher console by keyboard", () => {
  it("signs in with Tab, typing and Enter; the skip link jumps to the main content", async () => {
    await signInByKeyboard(page, f.base, f.accounts.admin.email, f.accounts.admin.password);
    await page.getByRole("heading", { level: 1, name: "Fieldwork dashboard" }).waitFor();
    expect((await focused(page)).tag).toBe("h1"); // after signing in, the new page's heading has focus
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Fieldwork dashboard" }).waitFor();
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Skip to main content");
    await page.keyboard.press("Enter");
    expect(page.url()).toMatch(/#main$/);
  });

  it("moves through the navigation; the new page's heading takes focus; focus is visible", async () => {
    await page.goto(`${f.base}/console`);
    await page.getByRole("heading", { level: 1, name: "Fieldwork dashboard" }).waitFor();
    await tabTo(page, (el) => el.tag === "a" && el.text === "Local authorities");
    const f1 = await focused(page);
    expect(f1.outline).not.toBe("none");
    expect(f1.outlineWidth).not.toBe("0px");
    await page.keyboard.press("Enter");
    await page.getByRole("link", { name: "Camden" }).waitFor();
    const h = await focused(page);
    expect(h).toMatchObject({ tag: "h1", text: "Local authorities" });
  });

  it("sorts the LA list with Enter on a column heading and searches by typing", async () => {
    await tabTo(page, (el) => el.tag === "button" && el.text.startsWith("% complete"));
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter"); // second press: descending
    const th = page.locator("th", { has: page.getByRole("button", { name: /% complete/ }) });
    // the sort is kept in the address; the router applies it in a transition, so wait for the render
    await expect.poll(() => th.getAttribute("aria-sort")).toBe("descending");
    await expect.poll(() => page.locator("tbody tr").first().locator("th").textContent()).toContain("Greenwich"); // 100% (submitted)
    expect(new URL(page.url()).searchParams.get("sort")).toBe("percentComplete");
    const search = page.getByLabel("Search by name, code, region or type");
    await search.focus();
    // Fast typing on a slow computer (CPU slowed down 4 times): the router's render of an earlier
    // letter can land between two key presses, and no letter may be lost to it.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    for (const words of ["kensington and chelsea", "westminster", "camden"]) {
      await search.fill("");
      await page.keyboard.type(words);
      expect(await search.inputValue()).toBe(words);
    }
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await expect.poll(() => new URL(page.url()).searchParams.get("q")).toBe("camden");
    await expect.poll(() => page.locator("tbody tr").count()).toBe(1);
    await tabTo(page, (el) => el.tag === "a" && el.text === "Camden");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Camden (202)" }).waitFor();
    expect((await focused(page)).tag).toBe("h1");
    // narrow the readable response to answered questions with the keyboard
    const summary = (await page.getByText(/^\d+ of \d+ questions answered\.$/).textContent())!;
    const answered = Number(summary.split(" ")[0]);
    expect(answered).toBeGreaterThan(0);
    await tabTo(page, (el) => el.tag === "input" && el.id === "answered-only", 120);
    await page.keyboard.press("Space");
    await expect.poll(() => page.locator("#answered-only").isChecked()).toBe(true);
    await expect.poll(() => page.locator(".answer-question").count()).toBe(answered);
  });

  it("edits a contact: focus goes into the form, and back to the Edit button after saving", async () => {
    await page.goto(`${f.base}/console/contacts`);
    await page.getByRole("rowheader", { name: "Sam Smith" }).waitFor();
    await tabTo(page, (el) => el.tag === "button" && el.text === "Edit Sam Smith", 120);
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Save contact" }).waitFor();
    expect((await focused(page)).tag).toBe("input");
    await page.keyboard.press("End");
    await page.keyboard.type(" Jr");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Save contact");
    await page.keyboard.press("Enter");
    await page.getByRole("rowheader", { name: "Sam Smith Jr" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === "BUTTON");
    expect((await focused(page)).text).toBe("Edit Sam Smith Jr");
  });

  it("picks the reminder template with arrow keys and previews it; focus moves to the preview", async () => {
    await page.goto(`${f.base}/console/emails`);
    await page.getByLabel("Subject").waitFor();
    await tabTo(page, (el) => el.id === "kind-invitation");
    await page.keyboard.press("ArrowDown");
    await expectFocused(page, "kind-reminder");
    await page.waitForFunction(() => (document.getElementById("tpl-subject") as HTMLInputElement).value.startsWith("Reminder"));
    await tabTo(page, (el) => el.tag === "button" && el.text === "Preview");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Preview" }).waitFor();
    await page.waitForFunction(() => document.activeElement?.classList.contains("preview") === true);
    expect(await page.locator(".preview").textContent()).toMatch(/Reminder: LA Data Capability Audit/);
  });

  it("sends a reminder by keyboard and follows its progress to the end", async () => {
    // still on the e-mails page with the reminder template chosen
    await tabTo(page, (el) => el.id === "send-deadline");
    await page.keyboard.type("12 December 2026");
    await page.keyboard.press("Tab");
    await expectFocused(page, "send-codes");
    await page.keyboard.type("202");
    await page.keyboard.press("Tab");
    await expectFocused(page, "send-confirm");
    await page.keyboard.press("Space");
    await tabTo(page, (el) => el.tag === "button" && el.text === "Send reminders");
    await page.keyboard.press("Enter");
    await page.getByText(/^Sent 1 e-mail\(s\) to 1 LA\(s\); 0 failed/).waitFor();
    expect(f.received).toEqual(["sam@la202.gov.uk"]);
    await page.getByRole("cell", { name: "Sent", exact: true }).first().waitFor();
  });

  it("signs out with the keyboard", async () => {
    await page.goto(`${f.base}/console`);
    await page.getByRole("heading", { level: 1, name: "Fieldwork dashboard" }).waitFor();
    await tabTo(page, (el) => el.tag === "button" && el.text === "Sign out");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "Sign in to the researcher console" }).waitFor();
    const me = await page.evaluate(() => fetch("/api/auth/me").then((r) => r.status));
    expect(me).toBe(401);
  });
});
