/**
 * The start of the feedback-report browser tests: the app with Chromium (startBrowserApp), its
 * database holding the demo fieldwork's submitted responses (or only the first few, when a test
 * releases every one of them and should not wait for a hundred PDFs), and one console account.
 */
import { startBrowserApp, type BrowserApp } from "./browser-app.ts";
import { createAccount } from "../helpers/auth.ts";
import { seedDemoSubmissions } from "../helpers/report-seed.ts";
import type { DemoWorld } from "./demo-reports.ts";
import type { Role } from "../../server/domain/accounts/roles.ts";

export interface ReportsBrowserFixture extends BrowserApp {
  world: DemoWorld;
  /** a console account of the role asked for, to sign in with through the form */
  account: { email: string; password: string };
}

export async function startReportsBrowserApp(opts: { role: Role; inProgress?: string[]; only?: number }): Promise<ReportsBrowserFixture> {
  const app = await startBrowserApp();
  try {
    const world = await seedDemoSubmissions(app.t.pool, { inProgress: opts.inProgress, only: opts.only });
    const account = await createAccount(app.t.app, opts.role, `${opts.role}@research.example`);
    return { ...app, world, account };
  } catch (err) {
    await app.close();
    throw err;
  }
}
