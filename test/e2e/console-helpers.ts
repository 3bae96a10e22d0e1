/** Shared set-up for the console's Chromium tests: a built client, a listening app with fieldwork data, axe-core. */
import fs from "node:fs";
import { createRequire } from "node:module";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser.ts";
import type { TestApp } from "../helpers/build-test-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { seedResponse } from "../helpers/fieldwork-seed.ts";
import { recordAxeCheck } from "../accessibility/axe.ts";
import { ensureFreshClient } from "../support/client-build.ts";
import type { Role } from "../../server/domain/accounts/roles.ts";
import { startTestSmtpServer } from "../support/test-smtp-server.ts";
import { serveWithClient } from "../support/browser-app.ts";

export { ensureFreshClient };

const require = createRequire(import.meta.url);
export const AXE_SOURCE = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface ConsoleFixture {
  t: TestApp;
  base: string;
  accounts: Record<Role, { email: string; password: string; id: string }>;
  /** Recipients of every e-mail received by the test SMTP server (when started with smtp: true). */
  received: string[];
  close(): Promise<void>;
}

export async function startConsoleApp(opts: { smtp?: boolean } = {}): Promise<ConsoleFixture> {
  const smtp = opts.smtp ? await startTestSmtpServer() : null;
  const config = smtp ? { smtp: { host: "127.0.0.1", port: smtp.port, secure: false, from: "Audit Team <audit@research.example>" } } : {};
  const { t, base } = await serveWithClient({ config });
  const accounts = {
    admin: await createAccount(t.app, "admin", "admin@research.example"),
    researcher: await createAccount(t.app, "researcher", "researcher@research.example"),
    viewer: await createAccount(t.app, "viewer", "viewer@research.example"),
  };
  await seedResponse(t.pool, {
    laCode: "202",
    status: "in_progress",
    data: { lead_name: "Sam", case_system: "mosaic" },
    startedAt: "2026-10-01T09:00:00Z",
    contributor: { name: "Sam Analyst", role: "BI lead" },
  });
  await seedResponse(t.pool, {
    laCode: "203",
    status: "submitted",
    data: { lead_name: "Ann", sign_off: "yes" },
    startedAt: "2026-10-01T10:00:00Z",
    submittedAt: "2026-10-03T10:00:00Z",
    contributor: { name: "Ann Head", role: "Head of service" },
  });
  await t.pool.query(`INSERT INTO la_contacts (la_code, name, email, role) VALUES ('202', 'Sam Smith', 'sam@la202.gov.uk', 'Data lead')`);
  await t.pool.query(
    `INSERT INTO email_sends (kind, la_code, to_address, subject, outcome, error) VALUES ('invitation', '202', 'sam@la202.gov.uk', 'Invitation', 'failed', '550 mailbox unavailable')`,
  );
  return {
    t,
    base,
    accounts,
    get received() {
      return smtp ? smtp.inbox.flatMap((m) => m.to) : [];
    },
    async close() {
      await t.close();
      await smtp?.close();
    },
  };
}

export interface ConsoleBrowserFixture extends ConsoleFixture {
  browser: Browser;
}

/** startConsoleApp and real Chromium, closed together: what most console browser test files start from. */
export async function startConsoleBrowser(opts: { smtp?: boolean } = {}): Promise<ConsoleBrowserFixture> {
  const f = await startConsoleApp(opts);
  const browser = await launchChromium().catch(async (err) => {
    await f.close();
    throw err;
  });
  const closeApp = f.close;
  // assigned onto f, not spread, so that `received` stays a live view of the inbox
  return Object.assign(f, {
    browser,
    async close() {
      await browser.close();
      await closeApp();
    },
  });
}

export async function axeViolations(page: Page): Promise<string[]> {
  // evaluate (not a script tag): the app's CSP forbids inline scripts, and stays on for the test
  if (!(await page.evaluate("typeof window.axe !== \"undefined\""))) await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, WCAG_TAGS);
  recordAxeCheck(page.url());
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")})`);
}

/** Sign in through the form using the keyboard only. */
export async function signInByKeyboard(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(`${base}/console`);
  await page.getByRole("heading", { name: "Sign in to the researcher console" }).waitFor();
  await page.keyboard.press("Tab"); // skip link
  await page.keyboard.press("Tab");
  await expectFocused(page, "login-email");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await expectFocused(page, "login-password");
  await page.keyboard.type(password);
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Sign out" }).waitFor();
}

export async function expectFocused(page: Page, id: string): Promise<void> {
  const active = await page.evaluate(() => document.activeElement?.id ?? "");
  if (active !== id) throw new Error(`expected focus on #${id}, found #${active}`);
}

/** Press Tab until the focused element matches, up to `max` presses; returns the number of presses. */
export async function tabTo(page: Page, match: (el: { tag: string; text: string; id: string; label: string }) => boolean, max = 60): Promise<number> {
  for (let i = 1; i <= max; i++) {
    await page.keyboard.press("Tab");
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { tag: a?.tagName.toLowerCase() ?? "", text: (a?.textContent ?? "").trim(), id: a?.id ?? "", label: a?.getAttribute("aria-label") ?? "" };
    });
    if (match(el)) return i;
  }
  throw new Error("focus never reached the wanted element by Tab");
}
