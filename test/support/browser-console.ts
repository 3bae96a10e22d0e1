/**
 * Fails a browser test on any console error or uncaught page error. A test that provokes an error
 * response on purpose (a bad link, a conflict, a rejected submit, the network switched off) names it:
 * each entry matches only the "Failed to load resource" line Chromium logs for that status and path.
 */
import type { Page } from "playwright-core";

export interface ExpectedFailure {
  /** the HTTP status, or "offline" for a request made while the test has the browser offline */
  status: number | "offline";
  /** path of the request the test provokes, e.g. "/api/respondent/response/submit" */
  path: string;
}

export interface ConsoleWatch {
  /** every unexpected console error and page error seen so far */
  errors: string[];
  /** allow one more provoked failure on this page from now on */
  expect(failure: ExpectedFailure): void;
}

export function watchConsole(page: Page, expected: ExpectedFailure[] = []): ConsoleWatch {
  const allowed = [...expected];
  const errors: string[] = [];
  const line = (f: ExpectedFailure) =>
    f.status === "offline" ? "Failed to load resource: net::ERR_INTERNET_DISCONNECTED" : `Failed to load resource: the server responded with a status of ${f.status} `;
  const isExpected = (text: string, url: string) => allowed.some((f) => text.startsWith(line(f)) && new URL(url).pathname === f.path);
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    const url = m.location().url;
    if (url && isExpected(m.text(), url)) return;
    errors.push(`console error: ${m.text()}${url ? ` (${url})` : ""}`);
  });
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  return { errors, expect: (f) => allowed.push(f) };
}
