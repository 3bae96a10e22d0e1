/**
 * Where one arrow key in an open item-matrix option list goes, against one character typed into a
 * plain <input> on the same page (the statutory-returns matrix, 31 items × 2 dropdowns, Chromium
 * 1366×900). Keys are pressed `--gap` ms apart so each key's work is on its own; for each key the
 * Chromium trace of the page's main thread from that keydown to the next is summed by event
 * (script, style, layout and whether it was forced from script, paint, frames), with React commits
 * counted through React's DevTools hook and keydown → next painted frame measured as in
 * respondent-typing-bench.ts. A CPU profile of the same keys gives the script's functions.
 * `--css` adds a style sheet to the page first, to try a CSS change without a build. Build the
 * client without minifying for readable names:
 *
 *   npx vite build --config client/vite.config.ts --minify false --outDir /tmp/dist-plain --emptyOutDir
 *   DATABASE_URL=postgres://… npx tsx bench/respondent-matrix-profile.ts [--client /tmp/dist-plain] [--keys 16] [--gap 150] [--css '…'] [--top 25] [--trace out.json] [--cpu out.cpuprofile]
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
    keys: { type: "string", default: "16" },
    gap: { type: "string", default: "150" },
    css: { type: "string" },
    top: { type: "string", default: "25" },
    trace: { type: "string" },
    cpu: { type: "string" },
    invalidations: { type: "boolean", default: false },
  },
});
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) throw new Error("set DATABASE_URL (a throw-away database is created on that server)");
const keys = Number(values.keys);
const gap = Number(values.gap);

const { db, app, base, token } = await startRespondentBenchApp(adminUrl, "matrix_profile", path.resolve(values.client!), "p_items_returns");
const browser = await launchChromium();
const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: Boolean(values.css) });
// a string, not a function: tsx would wrap the hook's functions in a helper the page does not have
await ctx.addInitScript(`
  localStorage.setItem("lada:contributor", JSON.stringify({ name: "Bench", role: "Bench" }));
  window.__keys = [];
  window.__commits = [];
  // React reports each commit to a DevTools hook that is present before it loads
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    onCommitFiberRoot() { window.__commits.push(performance.now()); },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    checkDCE() {},
  };
  // keydown -> the next frame painted -> a task after it, as in respondent-typing-bench.ts
  addEventListener("keydown", (e) => {
    const t0 = e.timeStamp;
    requestAnimationFrame(() => setTimeout(() => window.__keys.push(performance.now() - t0), 0));
  }, true);
`);
const page = await ctx.newPage();
await page.goto(`${base}/r#${token}`);
await page.locator('[data-name="items_returns"] .sd-editor-chevron-button').first().waitFor({ timeout: 60_000 });
await page.waitForTimeout(3000);
if (values.css) await page.addStyleTag({ content: values.css });
await page.evaluate(() => {
  const input = document.createElement("input");
  input.id = "bench-plain";
  input.setAttribute("aria-label", "plain");
  document.querySelector("main")!.prepend(input);
});

const cdp = await ctx.newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 100 });

interface Ev { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: Record<string, any> }
type Phase = { name: string; latencies: number[]; commits: number[]; events: Ev[]; profile: CpuProfile };

async function phase(name: string, focus: () => Promise<void>, press: (i: number) => Promise<void>): Promise<Phase> {
  await focus();
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __commits: number[] };
    w.__keys = [];
    w.__commits = [];
  });
  await browser.startTracing(page, {
    categories: [
      "devtools.timeline",
      "disabled-by-default-devtools.timeline",
      "disabled-by-default-devtools.timeline.frame",
      "toplevel",
      "blink.user_timing",
      ...(values.invalidations ? ["disabled-by-default-devtools.timeline.invalidationTracking"] : []),
    ],
  });
  await cdp.send("Profiler.start");
  for (let i = 0; i < keys; i++) {
    await press(i);
    if (gap > 0) await page.waitForTimeout(gap);
  }
  const { profile } = (await cdp.send("Profiler.stop")) as { profile: CpuProfile };
  const trace = JSON.parse((await browser.stopTracing()).toString("utf8")) as { traceEvents: Ev[] };
  const got = await page.evaluate(() => {
    const w = window as unknown as { __keys: number[]; __commits: number[] };
    return { latencies: w.__keys, commits: w.__commits };
  });
  if (values.trace) fs.writeFileSync(values.trace.replace(/(\.json)?$/, `-${name}.json`), JSON.stringify(trace));
  if (values.cpu) fs.writeFileSync(values.cpu.replace(/(\.cpuprofile)?$/, `-${name}.cpuprofile`), JSON.stringify(profile));
  return { name, ...got, events: trace.traceEvents, profile };
}

const text = "Exploitation screening moved to a structured form";
const plain = await phase("plain", () => page.locator("#bench-plain").focus(), (i) => page.keyboard.press(text[i % text.length] === " " ? "Space" : text[i % text.length]));
const cell = page.locator('[data-name="items_returns"] [role=combobox]').first();
const matrix = await phase(
  "matrix",
  async () => {
    await cell.focus();
    await page.keyboard.press("ArrowDown");
  },
  (i) => page.keyboard.press(i % 8 < 4 ? "ArrowDown" : "ArrowUp"),
);
await page.keyboard.press("Escape");

// ---- summaries ----
interface CpuNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: CpuNode[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number }

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const SCRIPT = new Set(["EventDispatch", "FunctionCall", "TimerFire", "FireAnimationFrame", "v8.compile", "RunMicrotasks", "V8.GCScavenger", "MajorGC", "MinorGC"]);

function perKey(p: Phase) {
  const threads = new Map<string, string>();
  for (const e of p.events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args?.name);
  const keydowns = p.events.filter((e) => e.name === "EventDispatch" && e.args?.data?.type === "keydown");
  const main = keydowns[0] ? `${keydowns[0].pid}:${keydowns[0].tid}` : "";
  const starts = keydowns.map((e) => e.ts).sort((a, b) => a - b);
  const onMain = p.events.filter((e) => e.ph === "X" && `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  // nesting: each event's nearest script ancestor says whether layout/style was forced from script
  const stack: Ev[] = [];
  const forced = new Set<Ev>();
  const topLevel = new Set<Ev>();
  for (const e of onMain) {
    while (stack.length && stack[stack.length - 1].ts + (stack[stack.length - 1].dur ?? 0) <= e.ts) stack.pop();
    if (!stack.length) topLevel.add(e);
    if ((e.name === "Layout" || e.name === "UpdateLayoutTree") && stack.some((s) => SCRIPT.has(s.name))) forced.add(e);
    stack.push(e);
  }
  const keyOf = (ts: number) => {
    let k = -1;
    for (let i = 0; i < starts.length; i++) if (starts[i] <= ts) k = i;
    return k;
  };
  const rows = new Map<string, number[]>();
  const add = (k: number, name: string, v: number) => {
    if (k < 0) return;
    const a = rows.get(name) ?? new Array(starts.length).fill(0);
    a[k] += v;
    rows.set(name, a);
  };
  for (const e of onMain) {
    const k = keyOf(e.ts);
    const d = (e.dur ?? 0) / 1000;
    if (topLevel.has(e)) add(k, "main thread busy (top-level tasks)", d);
    add(k, e.name, d);
    if (forced.has(e)) add(k, `${e.name} forced from script`, d);
    if (e.name === "UpdateLayoutTree") add(k, "  style: elements", e.args?.elementCount ?? 0);
    if (e.name === "Layout") add(k, "  layout: objects laid out", e.args?.beginData?.dirtyObjects ?? 0);
    if (e.name === "Paint") {
      add(k, "  paint: count", 1);
      const c = e.args?.data?.clip as number[] | undefined;
      if (c) add(k, "  paint: area (kpx)", (Math.abs((c[2] - c[0]) * (c[5] - c[1])) || 0) / 1000);
    }
    if (e.name === "BeginMainThreadFrame" || e.name === "BeginMainFrame") add(k, "  frames (BeginMainFrame)", 1);
  }
  // other threads (compositor, raster): their time per key
  for (const e of p.events) {
    if (e.ph !== "X" || `${e.pid}:${e.tid}` === main || !(e.name === "RasterTask" || e.name === "ThreadControllerImpl::RunTask")) continue;
    const t = threads.get(`${e.pid}:${e.tid}`) ?? "?";
    if (/Compositor|Raster|TileWorker/.test(t)) add(keyOf(e.ts), `other thread: ${t.replace(/\d+$/, "")} ${e.name}`, (e.dur ?? 0) / 1000);
  }
  return { rows, keysSeen: starts.length };
}

function scriptTop(profile: CpuProfile, top: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: CpuNode) => `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url ? `${n.callFrame.url.replace(/^.*\//, "")}:${n.callFrame.lineNumber + 1}` : ""}`.trim();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    let n = byId.get(profile.samples[i])!;
    if (["(idle)", "(program)"].includes(n.callFrame.functionName)) continue;
    self.set(label(n), (self.get(label(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (;;) {
      const k = label(n);
      if (!seen.has(k)) {
        total.set(k, (total.get(k) ?? 0) + dt);
        seen.add(k);
      }
      const p = parent.get(n.id);
      if (p === undefined) break;
      n = byId.get(p)!;
    }
  }
  const fmt = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]) => `${(v / keys).toFixed(2).padStart(7)} ms/key  ${k}`).join("\n");
  return { self: fmt(self), total: fmt(total) };
}

const summaries = [plain, matrix].map((p) => ({ p, s: perKey(p) }));
const names = new Set<string>();
for (const { s } of summaries) for (const [n, a] of s.rows) if (a.reduce((x, y) => x + y, 0) > 0) names.add(n);
const order = [...names].sort((a, b) => median(summaries[1].s.rows.get(b) ?? [0]) - median(summaries[1].s.rows.get(a) ?? [0]));
console.log(`per-key profile, Chromium 1366×900, ${keys} keys ${gap} ms apart, ${new Date().toISOString()}${values.css ? `, extra CSS: ${values.css}` : ""}`);
console.log(`| per key (median of ${keys}) | plain <input> | matrix option list |`);
console.log("|---|---|---|");
const cellOf = (p: (typeof summaries)[number], n: string) => {
  const a = p.s.rows.get(n);
  return a ? median(a).toFixed(n.includes("count") || n.includes("frames") || n.includes("elements") || n.includes("objects") ? 0 : 2) : "0";
};
console.log(`| keydown → next painted frame | ${median(plain.latencies).toFixed(1)} ms | ${median(matrix.latencies).toFixed(1)} ms |`);
console.log(`| React commits per key | ${(plain.commits.length / keys).toFixed(2)} | ${(matrix.commits.length / keys).toFixed(2)} |`);
for (const n of order) console.log(`| ${n} | ${cellOf(summaries[0], n)} | ${cellOf(summaries[1], n)} |`);
if (values.invalidations) {
  // what made style and layout dirty during the matrix keys: node and reason, counted
  const counts = new Map<string, number>();
  for (const e of matrix.events) {
    if (!/InvalidationTracking/.test(e.name)) continue;
    const d = e.args?.data ?? {};
    const k = `${e.name.replace("InvalidationTracking", "")}: ${d.reason ?? d.invalidationList?.[0]?.classes ?? ""} ${d.nodeName ?? ""}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  console.log("\ninvalidations during the matrix keys (per key):");
  for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(n / keys).toFixed(1).padStart(6)}  ${k}`);
}
const top = Number(values.top);
const st = scriptTop(matrix.profile, top);
console.log(`\nmatrix option list, script per key, self time:\n${st.self}\n\ntotal time (function and what it called):\n${st.total}`);

await browser.close();
await app.close();
await db.drop();
