/**
 * The app as browser tests open it: a fresh database, the built client served on a free port of
 * 127.0.0.1, and (startBrowserApp) real Chromium beside it, closed together.
 */
import type { Browser } from "playwright-core";
import { buildTestApp, type TestApp } from "../helpers/build-test-app.ts";
import { ensureFreshClient } from "./client-build.ts";
import { launchChromium } from "../e2e/browser.ts";
import type { AppConfig } from "../../server/config.ts";

export interface ServedApp {
  t: TestApp;
  /** `http://127.0.0.1:<port>` */
  base: string;
}

export interface AppOptions {
  config?: Partial<AppConfig>;
  /** the client to serve; the freshly built client/dist unless a test serves its own copy */
  clientRoot?: string;
}

export async function serveWithClient(opts: AppOptions = {}): Promise<ServedApp> {
  const t = await buildTestApp({ config: opts.config, clientRoot: opts.clientRoot ?? ensureFreshClient() });
  await t.app.listen({ port: 0, host: "127.0.0.1" });
  const addr = t.app.server.address();
  if (!addr || typeof addr === "string") throw new Error("no address");
  return { t, base: `http://127.0.0.1:${addr.port}` };
}

export interface BrowserApp extends ServedApp {
  browser: Browser;
  close(): Promise<void>;
}

export async function startBrowserApp(opts: AppOptions = {}): Promise<BrowserApp> {
  const served = await serveWithClient(opts);
  const browser = await launchChromium().catch(async (err) => {
    await served.t.close();
    throw err;
  });
  return {
    ...served,
    browser,
    async close() {
      await browser.close();
      await served.t.close();
    },
  };
}
