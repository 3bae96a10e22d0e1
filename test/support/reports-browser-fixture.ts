/**
 * The start of the feedback-report browser tests: the built client served by a listening app whose
 * database holds the demo fieldwork's submitted responses (or only the first few, when a test
 * releases every one of them and should not wait for a hundred PDFs), one console account, and
 * Chromium.
 */
import type { Browser } from "playwright-core";
import { launchChromium } from "../e2e/browser.ts";
import { ensureFreshClient } from "./client-build.ts";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { seedDemoSubmissions } from "../helpers/report-seed.ts";
import type { DemoWorld } from "./demo-reports.ts";
import type { Role } from "../../server/domain/accounts/roles.ts";

export interface ReportsBrowserFixture {
  t: TestApp;
  base: string;
  world: DemoWorld;
  /** a console account of the role asked for, to sign in with through the form */
  account: { email: string; password: string };
  browser: Browser;
  close(): Promise<void>;
}

export async function startReportsBrowserApp(opts: { role: Role; inProgress?: string[]; only?: number }): Promise<ReportsBrowserFixture> {
  const t = await buildTestApp({ clientRoot: ensureFreshClient() });
  let browser: Browser | undefined;
  try {
    await t.app.listen({ port: 0, host: "127.0.0.1" });
    const addr = t.app.server.address();
    if (!addr || typeof addr === "string") throw new Error("no address");
    const world = await seedDemoSubmissions(t.pool, { inProgress: opts.inProgress, only: opts.only });
    const account = await createAccount(t.app, opts.role, `${opts.role}@research.example`);
    browser = await launchChromium();
    const b = browser;
    return {
      t,
      base: `http://127.0.0.1:${addr.port}`,
      world,
      account,
      browser: b,
      async close() {
        await b.close();
        await t.close();
      },
    };
  } catch (err) {
    await browser?.close();
    await t.close();
    throw err;
  }
}
