import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDefinitions } from "../../server/domain/definitions/load-definitions.ts";
import { listAudit } from "../../server/repositories/audit-repository.ts";
import { readZip } from "../domain/exports/read-zip.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";
import { runScript } from "../helpers/run-script.ts";

let db: TestDatabase;
let dir: string;
let laCode: string;

beforeAll(async () => {
  db = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "export-cli-"));
  const d = loadDefinitions().current();
  await db.pool.query(`INSERT INTO survey_definitions (survey_id, version, hash, definition) VALUES ($1, $2, $3, '{}'::jsonb)`, [d.surveyId, d.version, d.hash]);
  laCode = (await db.pool.query("SELECT la_code FROM las ORDER BY la_code LIMIT 1")).rows[0].la_code;
  await db.pool.query(
    `INSERT INTO responses (la_code, survey_id, definition_version, definition_hash, data, status, submitted_at)
     VALUES ($1, $2, $3, $4, $5, 'submitted', now())`,
    [laCode, d.surveyId, d.version, d.hash, JSON.stringify({ cs_willing: "yes", cs_contact_email: "erin@la.example", final_comments: "@SUM(1)" })],
  );
}, 120_000);
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]) {
  return runScript("scripts/export.ts", args, { databaseUrl: db.url });
}

describe("npm run export", () => {
  it("writes the workbook of submitted responses without personal data, and records it", { timeout: 120_000 }, async () => {
    const out = path.join(dir, "export.xlsx");
    const r = await run(["--out", out]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*export\.xlsx: 1 submitted response\(s\).*personal data left out/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("Responses")!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(ws.rowCount).toBe(2);
    expect(ws.getRow(2).getCell(1).value).toBe(laCode);
    expect(ws.getRow(2).getCell(header.indexOf("final_comments") + 1).value).toBe("@SUM(1)");
    expect(header).not.toContain("cs_contact_email");
    expect(readdirPartials()).toEqual([]);
    const audit = await listAudit(db.pool, { action: "export.responses" });
    expect(audit.at(-1)).toMatchObject({ actor: "system", details: { format: "xlsx", status: "submitted", includePersonal: false } });

    const again = await run(["--out", out]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it("writes the CSV bundle for every LA with personal data when asked (file readable by its owner only)", { timeout: 120_000 }, async () => {
    const out = path.join(dir, "export.zip");
    const r = await run(["--out", out, "--status", "all", "--include-personal"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/personal data INCLUDED/);
    expect(statSync(out).mode & 0o077).toBe(0);
    const files = readZip(readFileSync(out));
    const csv = files.get("responses.csv")!.toString("utf8");
    expect(csv).toContain("erin@la.example");
    expect(csv.trim().split("\n").length).toBeGreaterThan(100); // one line per LA
    expect(files.has("responses.sps") && files.has("responses.do")).toBe(true);
  });

  it("rejects a bad --status or file type without touching the database", async () => {
    const bad = await run(["--out", path.join(dir, "x.xlsx"), "--status", "draft"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--status must be submitted or all/);
    const ext = await run(["--out", path.join(dir, "x.csv")]);
    expect(ext.status).toBe(1);
    expect(ext.stderr).toMatch(/must end in \.xlsx or \.zip/);
    expect(existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });
});

function readdirPartials(): string[] {
  return readdirSync(dir).filter((f) => f.includes(".partial-"));
}
