/**
 * npm run reports -- --out DIR: every released report as the LA received it (the stored PDF, byte for
 * byte, and its CSV), or with --submitted a preview of every submitted LA's report; a progress bar on
 * stderr; never into a folder that has files in it; recorded in the audit trail.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { releaseReports } from "../../server/services/report-service.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { seedDemoSubmissions } from "../helpers/report-seed.ts";
import { runScript } from "../helpers/run-script.ts";

let db: TestDatabase;
let dir: string;
let submitted: string[];
let released: string[];

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "reports-cli-"));
  const all = (await import("../support/demo-reports.ts")).demoWorld().submitted.map((s) => s.la.laCode);
  submitted = all.slice(0, 3);
  await seedDemoSubmissions(db.pool, { inProgress: all.slice(3) });
  released = submitted.slice(0, 2);
  await releaseReports(db.pool, loadDefinitions(), { laCodes: released }, { actor: "test", actorKind: "system" }, { publicUrl: "http://localhost:3000", ttlDays: 30 });
}, 300_000);
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runScript("scripts/reports.ts", args, { databaseUrl: db.url });

describe("npm run reports", () => {
  it("writes each released report's stored PDF and its CSV, with a progress bar, and records the run", { timeout: 180_000 }, async () => {
    const out = path.join(dir, "released");
    const r = await run(["--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Wrote 2 released report(s) (PDF and CSV each) to ${out}.`);
    expect(r.stderr).toMatch(/Reports \|.*\| 2\/2 \(100%\)/);
    const names = readdirSync(out).sort();
    expect(names).toEqual(released.flatMap((c) => [`feedback-report-${c}-v1.csv`, `feedback-report-${c}-v1.pdf`]).sort());
    for (const c of released) {
      const stored = await db.pool.query("SELECT pdf, report FROM report_releases WHERE la_code = $1 AND withdrawn_at IS NULL", [c]);
      expect(Buffer.compare(readFileSync(path.join(out, `feedback-report-${c}-v1.pdf`)), stored.rows[0].pdf)).toBe(0);
      const csv = readFileSync(path.join(out, `feedback-report-${c}-v1.csv`), "utf8");
      expect(csv.split("\n")[0]).toBe("la_code,section,area,measure,value,score,england,region,la_type,statistical_neighbours");
      expect(csv.split("\n")[1]).toMatch(new RegExp(`^${c},`));
    }
    const audit = await db.pool.query("SELECT actor, details FROM audit_log WHERE action = 'report.export_folder'");
    expect(audit.rows).toEqual([{ actor: "reports-cli", details: { which: "released", reports: 2, failed: 0 } }]);
  });

  it("--submitted writes a preview of every submitted LA's report", { timeout: 600_000 }, async () => {
    const out = path.join(dir, "previews");
    const r = await run(["--out", out, "--submitted"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("Wrote 3 preview report(s)");
    const names = readdirSync(out).sort();
    expect(names).toEqual(submitted.flatMap((c) => [`feedback-report-${c}-preview.csv`, `feedback-report-${c}-preview.pdf`]).sort());
    for (const c of submitted) expect(readFileSync(path.join(out, `feedback-report-${c}-preview.pdf`)).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("refuses a folder with files in it, and a missing --out, changing nothing", { timeout: 120_000 }, async () => {
    const out = path.join(dir, "busy");
    await run(["--out", out]).then((r) => expect(r.status).toBe(0));
    writeFileSync(path.join(out, "notes.txt"), "mine");
    const before = readdirSync(out).sort();
    const again = await run(["--out", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain(`--out ${out} is not empty; choose an empty or new folder`);
    expect(readdirSync(out).sort()).toEqual(before);
    const missing = await run([]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/required option '--out <dir>'/);
  });
});
