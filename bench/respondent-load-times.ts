/**
 * The largest page's load, several times over, for medians: each run opens the survey link in a new
 * browser context (empty cache, as on a first visit) on the statutory-returns matrix (31 items ×
 * 2 dropdowns) and records
 * - when the survey chunk and the three reads the page waits for had arrived, and when the task
 *   that builds and draws the survey began (where the time before interactive goes);
 * - navigation-to-interactive: from navigation start until the matrix's dropdowns are drawn and the
 *   main thread has answered a task (as bench/respondent-typing-bench.ts measures it);
 * - the longest main-thread task of the whole load (navigation start to `--after` ms after
 *   interactive), and the longest one after interactive (PerformanceObserver "longtask");
 * - when the progress header first shows its count.
 * With two or more `--client` builds the runs take turns (A, B, A, B, …), so machine load falls on
 * each alike; all builds are served by this checkout's server (which sends a build's .br / .gz
 * copies when it has them).
 * `--visit return` times the third visit in the same browser (cache and compiled code kept), as when
 * a data lead opens their link again on another day; the default times a first visit.
 * `--network office` throttles the browser's connection as Chromium's DevTools do (see NETWORKS):
 * on this machine's loopback the download is free, so what compression saves only shows there.
 *
 *   DATABASE_URL=postgres://… npx tsx bench/respondent-load-times.ts [--runs 7] [--after 3000] [--network office] [--visit return] [--client dirA --client dirB]
 */
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startRespondentBenchApp } from "./lib/respondent-bench-app.ts";
import { launchChromium } from "../test/e2e/browser.ts";
import { median, medianRange } from "./lib/median.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    after: { type: "string", default: "3000" },
    client: { type: "string", multiple: true },
    network: { type: "string", default: "none" },
    visit: { type: "string", default: "first" },
  },
});
/** Round-trip latency and download / upload speed, in bytes per second (upload is a fifth of download). */
const NETWORKS: Record<string, { latency: number; down: number } | null> = {
  none: null,
  // a council office or home connection through a VPN: 10 Mbit/s, 40 ms
  office: { latency: 40, down: 10_000_000 / 8 },
  // a weak mobile connection (DevTools' "Fast 4G" is 9 Mbit/s, 170 ms; this is slower): 2 Mbit/s, 150 ms
  slow: { latency: 150, down: 2_000_000 / 8 },
};
// "return": the person opens their link again in the same browser, as a data lead does over the days
// they answer. Chromium keeps compiled code of a script it has run twice, so two untimed visits come first.
if (values.visit !== "first" && values.visit !== "return") throw new Error("--visit: first or return");
if (!(values.network in NETWORKS)) throw new Error(`--network: one of ${Object.keys(NETWORKS).join(", ")}`);
const network = NETWORKS[values.network];
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL (a throw-away database is created on that server)");
const clients = (values.client?.length ? values.client : [path.join(root, "client/dist")]).map((c) => path.resolve(c));
const runs = Number(values.runs);
const after = Number(values.after);

const apps: Awaited<ReturnType<typeof startRespondentBenchApp>>[] = [];
for (const [i, dir] of clients.entries()) apps.push(await startRespondentBenchApp(adminUrl, `load_times_${i}`, dir, "p_items_returns"));

interface Run {
  /** when the survey chunk, and the last of the three reads the page waits for, had arrived */
  chunkAt: number;
  dataAt: number;
  /** when the task that builds and draws the survey (the load's longest) began */
  renderAt: number;
  interactive: number;
  longest: number;
  longestAfter: number;
  longTasks: number;
  progressAt: number;
}
const results: Run[][] = clients.map(() => []);
const browser = await launchChromium();

async function once(i: number): Promise<Run> {
  const { base, token } = apps[i];
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  await ctx.addInitScript(() => {
    localStorage.setItem("lada:contributor", JSON.stringify({ name: "Bench", role: "Bench" }));
    const w = window as unknown as { __long: { start: number; duration: number }[]; __progressAt: number };
    w.__long = [];
    w.__progressAt = NaN;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: "longtask", buffered: true });
    // no named inner functions here: tsx wraps them in a helper (__name) that the page does not have,
    // and the script stopped at that line, so the progress time was never taken
    const poll = setInterval(() => {
      const p = document.querySelector('[data-testid="progress"]');
      if (Number.isNaN(w.__progressAt) && p && /sections complete/.test(p.textContent ?? "")) w.__progressAt = performance.now();
      if (!Number.isNaN(w.__progressAt)) clearInterval(poll);
    }, 20);
  });
  const page = await ctx.newPage();
  if (network) {
    const cdp = await ctx.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: network.latency, downloadThroughput: network.down, uploadThroughput: network.down / 5 });
  }
  const drawn = () => page.locator('[data-name="items_returns"] .sd-editor-chevron-button').first().waitFor({ timeout: 60_000 });
  if (values.visit === "return") {
    for (let warm = 0; warm < 2; warm++) {
      await page.goto(`${base}/r#${token}`);
      await drawn();
      await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor({ timeout: 60_000 });
      await page.waitForTimeout(1000);
      // the link's token is gone from the address bar, so going to the link again would only change
      // the fragment of the same document: leave the page first, so each visit is a whole new load
      await page.goto("about:blank");
    }
  }
  await page.goto(`${base}/r#${token}`);
  await drawn();
  const interactive = await page.evaluate(() => new Promise<number>((r) => setTimeout(() => r(performance.now()), 0)));
  await page.waitForTimeout(after);
  const { long, progressAt, resources } = await page.evaluate(() => {
    const w = window as unknown as { __long: { start: number; duration: number }[]; __progressAt: number };
    const resources = performance.getEntriesByType("resource").map((e) => ({ name: e.name, end: (e as PerformanceResourceTiming).responseEnd }));
    return { long: w.__long, progressAt: w.__progressAt, resources };
  });
  await ctx.close();
  const afterIt = long.filter((l) => l.start > interactive);
  const ends = (re: RegExp) => Math.max(...resources.filter((r) => re.test(r.name)).map((r) => r.end));
  const before = long.filter((l) => l.start < interactive);
  return {
    chunkAt: ends(/\/assets\/respondent-page-[^/]*\.js$/),
    dataAt: ends(/\/api\/respondent\/(definition|response|welcome)$/),
    renderAt: before.reduce((a, b) => (b.duration > a.duration ? b : a), { start: NaN, duration: 0 }).start,
    interactive,
    longest: Math.max(0, ...long.map((l) => l.duration)),
    longestAfter: Math.max(0, ...afterIt.map((l) => l.duration)),
    longTasks: long.length,
    progressAt,
  };
}

for (let r = 0; r < runs; r++) {
  for (let i = 0; i < clients.length; i++) {
    const res = await once(i);
    results[i].push(res);
    console.log(`run ${r + 1} ${path.basename(clients[i])}: interactive ${res.interactive.toFixed(0)} ms, longest task ${res.longest.toFixed(0)} ms, after interactive ${res.longestAfter.toFixed(0)} ms, progress shown ${res.progressAt.toFixed(0)} ms`);
  }
}

const fmt = medianRange;
console.log(`\nlargest page load, Chromium 1366×900, ${values.visit} visit, network ${values.network}, ${runs} runs each, medians (range), ${new Date().toISOString()}`);
console.log(`| measure | ${clients.map((c) => path.basename(c)).join(" | ")} |`);
console.log(`|---|${clients.map(() => "---|").join("")}`);
const line = (name: string, pick: (r: Run) => number) => console.log(`| ${name} | ${results.map((rs) => fmt(rs.map(pick))).join(" | ")} |`);
line("survey chunk arrived", (r) => r.chunkAt);
line("definition, answers and first-screen text arrived", (r) => r.dataAt);
line("longest task before interactive began (build and draw)", (r) => r.renderAt);
line("navigation to interactive", (r) => r.interactive);
line("longest main-thread task of the load", (r) => r.longest);
line(`longest task after interactive (${after} ms)`, (r) => r.longestAfter);
line("progress count shown", (r) => r.progressAt);
console.log(`| long tasks (> 50 ms) | ${results.map((rs) => median(rs.map((r) => r.longTasks)).toFixed(0)).join(" | ")} |`);

await browser.close();
for (const a of apps) {
  await a.app.close();
  await a.db.drop();
}
