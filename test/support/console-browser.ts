/**
 * The start of most console browser tests: a fresh browser context at one of the two sizes every
 * screen is tried at, a page that fails the test on any console error, and a researcher or admin
 * signed in through the sign-in form as a person would.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { watchConsole, type ConsoleWatch, type ExpectedFailure } from "./browser-console.ts";

/** The desktop and phone sizes every console and respondent screen is tested at. */
export const VIEWPORTS = [
  { name: "desktop", width: 1366, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;
export type Viewport = (typeof VIEWPORTS)[number];

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  watch: ConsoleWatch;
}

/**
 * Opens the console at `base` and signs in. The console asks "who am I?" before anyone has signed
 * in, which answers 401: that one failure is expected on every page; `expected` adds the test's own.
 */
export async function openSignedInConsole(
  browser: Browser,
  base: string,
  account: { email: string; password: string },
  viewport: { width: number; height: number },
  opts: { acceptDownloads?: boolean; expected?: ExpectedFailure[] } = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height }, acceptDownloads: opts.acceptDownloads ?? false });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const watch = watchConsole(page, [{ status: 401, path: "/api/auth/me" }, ...(opts.expected ?? [])]);
  await page.goto(`${base}/console`);
  await page.getByLabel("E-mail address").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("button", { name: "Sign out" }).waitFor();
  return { context, page, watch };
}

/**
 * What sticks out sideways: elements of the main content whose right edge is past the window's (wide
 * tables scroll inside their own .table-scroll region and are not counted), each named by tag, id
 * and class so a failure says which.
 */
export function elementsWiderThanWindow(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll("main *")].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest(".table-scroll")).map((e) => `${e.tagName} ${e.id} ${e.className}`),
  );
}
