/**
 * The start of the respondent browser tests: the app serving the built client on a free port, real
 * Chromium, survey pages at a chosen size that fail the test on any console error, and the first
 * steps a person takes on the survey. setUpRespondentBrowser() registers the hooks that start and stop
 * all this and check every test's console, so a test file calls it once, at its top; the file's own
 * beforeAll runs after the app has started.
 */
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { TestApp } from "../helpers/build-test-app.ts";
import { makeToken } from "../routes/respondent/respondent-fixtures.ts";
import { startBrowserApp, type BrowserApp } from "./browser-app.ts";
import { watchConsole, type ConsoleWatch, type ExpectedFailure } from "./browser-console.ts";

/** Who is answering, as the survey's first screen asks it. */
export interface Person {
  name: string;
  role: string;
  /** the optional work e-mail the first screen also asks for */
  email?: string;
}

export interface RespondentBrowser {
  /** The running app (its pool, inject); read it in hooks and tests, not at the file's top. */
  readonly t: TestApp;
  readonly browser: Browser;
  /** `http://127.0.0.1:<port>` */
  readonly base: string;
  /**
   * A page in a fresh browser context (its own cookies and localStorage) whose console errors fail
   * the test. With `contributor`, the page remembers that person as if they had answered before, so
   * the survey opens on the questionnaire instead of asking who is answering.
   */
  newPage(viewport: { width: number; height: number }, opts?: { contributor?: Person; expected?: ExpectedFailure[] }): Promise<Page>;
  /** The console watch of a page from newPage, to allow a failure the test provokes. */
  watchOf(page: Page): ConsoleWatch;
  /** The LA's survey link, with a fresh token. */
  surveyLink(laCode: string): Promise<string>;
  /**
   * Saves the LA's response as a colleague would have left it: `changes` answered and (unless
   * `pageName` is undefined) the survey on that page, where the next person to open it lands.
   * Returns the token it used.
   */
  startResponseAt(laCode: string, pageName: string | undefined, changes?: Record<string, unknown>, by?: Person): Promise<string>;
  /** One answer as stored in the LA's response (null when unanswered or no response yet). */
  savedAnswer(laCode: string, name: string): Promise<unknown>;
}

export function setUpRespondentBrowser(): RespondentBrowser {
  let app: BrowserApp | undefined;
  const watches = new Map<Page, ConsoleWatch>();
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("the respondent browser has not started: read it in a hook or a test");
    return value;
  };

  beforeAll(async () => {
    app = await startBrowserApp();
  });

  afterEach(() => {
    expect([...watches.values()].flatMap((w) => w.errors.splice(0))).toEqual([]);
  });

  afterAll(() => app?.close());

  return {
    get t() {
      return started(app).t;
    },
    get browser() {
      return started(app).browser;
    },
    get base() {
      return started(app).base;
    },
    async newPage(viewport, opts = {}) {
      const context = await started(app).browser.newContext({ viewport });
      const page = await context.newPage();
      page.setDefaultTimeout(30_000);
      watches.set(page, watchConsole(page, opts.expected));
      const contributor = opts.contributor;
      if (contributor) await context.addInitScript((who) => localStorage.setItem("lada:contributor", JSON.stringify(who)), contributor);
      return page;
    },
    watchOf(page) {
      const watch = watches.get(page);
      if (!watch) throw new Error("not a page from newPage");
      return watch;
    },
    async surveyLink(laCode) {
      return `${started(app).base}/r#${await makeToken(started(app).t.pool, laCode)}`;
    },
    async startResponseAt(laCode, pageName, changes = {}, by = { name: "Setup", role: "Test" }) {
      const t = started(app).t;
      const token = await makeToken(t.pool, laCode);
      const headers = { authorization: `Bearer ${token}` };
      expect((await t.app.inject({ method: "GET", url: "/api/respondent/response", headers })).statusCode).toBe(200);
      const res = await t.app.inject({
        method: "PATCH",
        url: "/api/respondent/response",
        headers: { ...headers, "if-match": "0" },
        payload: { changes, contributor: by, ...(pageName === undefined ? {} : { uiState: { currentPageName: pageName } }) },
      });
      expect(res.statusCode, res.body).toBe(200);
      return token;
    },
    async savedAnswer(laCode, name) {
      const { rows } = await started(app).t.pool.query("SELECT data->$2 AS v FROM responses WHERE la_code = $1", [laCode, name]);
      return rows[0]?.v ?? null;
    },
  };
}

/** The survey's first screen and "who is answering": Start now (Continue once the LA has answers), the person's name, role (and e-mail), Continue. */
export async function startAnswering(page: Page, who: Person): Promise<void> {
  await page.getByRole("button", { name: /^(Start now|Continue)$/ }).click();
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Your role").fill(who.role);
  if (who.email !== undefined) await page.getByLabel("Your work e-mail").fill(who.email);
  await page.getByRole("button", { name: "Continue to the questionnaire" }).click();
}

/** A survey question's box, by the question's name in the definition. */
export const question = (page: Page, name: string) => page.locator(`[data-name="${name}"]`);

/** Waits until the LA's answers have left the page's local queue and the status says they are saved. */
export async function waitSaved(page: Page, laCode: string): Promise<void> {
  await page.waitForFunction((code) => Object.keys(localStorage).every((k) => !k.startsWith(`lada:pending:${code}`)), laCode);
  await page.getByTestId("save-status").filter({ hasText: /^Saved at \d\d:\d\d$/ }).waitFor();
}
