/**
 * Where the largest page's load goes: a Chromium CPU profile (DevTools protocol, sampled every
 * 0.1 ms) from navigation until the statutory-returns matrix is drawn and the main thread is free,
 * plus the following seconds, summarised as self and total time per function and the timeline of
 * the page's requests and long tasks. Build the client without minifying for readable names:
 *
 *   npx vite build --config client/vite.config.ts --minify false --outDir /tmp/dist-plain --emptyOutDir
 *   DATABASE_URL=postgres://… npx tsx bench/respondent-load-profile.ts [--client /tmp/dist-plain] [--after 3000] [--top 40] [--out profile.cpuprofile] [--visit return]
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startRespondentBenchApp } from "./lib/respondent-bench-app.ts";
import { launchChromium } from "../test/e2e/browser.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    client: { type: "string", default: path.join(root, "client/dist") },
    after: { type: "string", default: "3000" },
    top: { type: "string", default: "40" },
    out: { type: "string" },
    visit: { type: "string", default: "first" },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL (a throw-away database is created on that server)");

const { db, app, base, token } = await startRespondentBenchApp(adminUrl, "load_profile", path.resolve(values.client!), "p_items_returns");

const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
await ctx.addInitScript(() => {
  localStorage.setItem("lada:contributor", JSON.stringify({ name: "Bench", role: "Bench" }));
  const w = window as unknown as { __long: { start: number; duration: number }[] };
  w.__long = [];
  new PerformanceObserver((l) => {
    for (const e of l.getEntries()) w.__long.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
});
const page = await ctx.newPage();
const drawn = () => page.locator('[data-name="items_returns"] .sd-editor-chevron-button').first().waitFor({ timeout: 60_000 });
// "return": two untimed visits first, in the same browser (as bench/respondent-load-times.ts --visit return)
for (let warm = 0; values.visit === "return" && warm < 2; warm++) {
  await page.goto(`${base}/r#${token}`);
  await drawn();
  await page.getByTestId("progress").filter({ hasText: /sections complete/ }).waitFor({ timeout: 60_000 });
  await page.waitForTimeout(1000);
  // the link's token is gone from the address bar, so going to the link again would only change the
  // fragment of the same document: leave the page first, so each visit is a whole new load
  await page.goto("about:blank");
}
const cdp = await ctx.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
await cdp.send("Profiler.start");
await page.goto(`${base}/r#${token}`);
await drawn();
const interactive = await page.evaluate(() => new Promise<number>((r) => setTimeout(() => r(performance.now()), 0)));
await page.waitForTimeout(Number(values.after));
const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
const timeline = await page.evaluate(() => ({
  long: (window as unknown as { __long: { start: number; duration: number }[] }).__long,
  resources: (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((r) => ({ name: r.name.replace(location.origin, ""), start: r.startTime, end: r.responseEnd })),
  nav: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).toJSON(),
}));
if (values.out) fs.writeFileSync(values.out, JSON.stringify(profile));

interface CpuNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: CpuNode) => {
  const f = n.callFrame;
  return `${f.functionName || "(anonymous)"} ${f.url ? `${f.url.replace(/^.*\//, "")}:${f.lineNumber + 1}` : ""}`.trim();
};
const self = new Map<string, number>();
const total = new Map<string, number>();
let busy = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
  let n = byId.get(profile.samples[i])!;
  const l = label(n);
  self.set(l, (self.get(l) ?? 0) + dt);
  if (!["(idle)", "(program)", "(garbage collector)"].includes(n.callFrame.functionName)) busy += dt;
  const seen = new Set<string>();
  for (;;) {
    const k = label(n);
    if (!seen.has(k)) {
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
    const p = parent.get(n.id);
    if (p === undefined) break;
    n = byId.get(p)!;
  }
}
const top = Number(values.top);
const table = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join("\n");
console.log(`navigation to interactive: ${interactive.toFixed(0)} ms; profile ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms, of it script/busy ${busy.toFixed(0)} ms`);
console.log("\nrequests (ms from navigation start):");
for (const r of timeline.resources) console.log(`  ${r.start.toFixed(0).padStart(6)} → ${r.end.toFixed(0).padStart(6)}  ${r.name}`);
console.log(`\nlong tasks: ${timeline.long.map((l) => `${l.start.toFixed(0)}+${l.duration.toFixed(0)}`).join(", ")}`);
console.log(`\nself time:\n${table(self)}`);
console.log(`\ntotal time (function and what it called):\n${table(total)}`);

await browser.close();
await app.close();
await db.drop();
