/**
 * Smoke test of the service as a newcomer runs it: the real server process on the embedded
 * database (no DATABASE_URL) in a temporary DATA_DIR: health 200, 153 LAs, clean stop on SIGTERM,
 * and the data still there after a restart. With --built it runs the compiled server
 * (node dist/server/main.js, as production does: no tsx) after `npm run build`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { buildReport } from "../server/domain/reports/build-report.ts";
import { demoWorld } from "../test/support/demo-reports.ts";

const built = process.argv.includes("--built");
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "la-audit-smoke-"));

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

function startServer(port: number): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn" };
  delete env.DATABASE_URL;
  const args = built ? ["dist/server/main.js"] : ["--import", "tsx", "server/main.ts"];
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "inherit", "inherit"] });
  return child;
}

async function waitHealthy(port: number, timeoutMs = 240_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (r.status === 200) return r.json();
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not become healthy in time");
}

async function stop(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    child.once("exit", (code) => resolve(code));
    child.kill("SIGTERM");
  });
}

let failed = false;
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failed = true;
};

try {
  for (const round of [1, 2]) {
    const port = await freePort();
    const child = startServer(port);
    const health = await waitHealthy(port);
    check(health.status === "ok" && health.database === "embedded", `round ${round}: health ok on the embedded database`);
    const las = (await (await fetch(`http://127.0.0.1:${port}/api/las`)).json()) as unknown[];
    check(las.length === 153, `round ${round}: 153 LAs (got ${las.length})`);
    const page = await fetch(`http://127.0.0.1:${port}/`);
    check(page.status === 200 && (await page.text()).includes('<div id="root">'), `round ${round}: the web client is served`);
    const code = await stop(child);
    check(code === 0, `round ${round}: clean stop on SIGTERM (exit ${code})`);
  }
  if (built) {
    // submit validation runs survey-core in a worker thread: the compiled worker must load without tsx
    const compiled = path.resolve("dist/server/services/submit-validator.js");
    const { SubmitValidator } = (await import(compiled)) as typeof import("../server/services/submit-validator.ts");
    const validator = new SubmitValidator();
    const survey = { pages: [{ name: "p1", elements: [{ type: "text", name: "q1", title: "Your name", isRequired: true }] }] };
    const result = await validator.validate(survey, {}, {}, "smoke@1");
    await validator.close();
    check(!result.valid && validator.stats.worker === 1, `compiled submit validation worker answers (${validator.stats.worker} in the worker, valid=${result.valid})`);
    // feedback-report PDFs too: a missing compiled worker once made every PDF render in the main thread
    const pool = (await import(path.resolve("dist/server/services/report-pdf-pool.js"))) as typeof import("../server/services/report-pdf-pool.ts");
    const world = demoWorld();
    const pdf = await pool.renderReportPdfOffThread(buildReport(world.inputFor(world.submitted[0].la.laCode)));
    const { workersStarted, renderedHere } = pool.reportPdfPoolStats;
    check(
      pdf.subarray(0, 5).toString() === "%PDF-" && workersStarted >= 1 && renderedHere === 0,
      `compiled report PDF worker renders (${workersStarted} worker started, ${renderedHere} rendered in the main thread)`,
    );
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}
const what = built ? "smoke (compiled server)" : "smoke";
const summary = failed ? `${what}: 0 passed, 1 failed` : `${what}: 1 passed, 0 failed`;
console.log(summary);
process.exit(failed ? 1 : 0);
