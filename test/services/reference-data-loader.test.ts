import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultReferenceFiles, loadReferenceData } from "../../server/services/reference-data-loader.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/test-db.ts";

describe("reference data loader", () => {
  let db: TestDatabase;
  let tmp: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "refdata-"));
  });
  afterAll(async () => {
    await db?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("is idempotent: loading the same files again changes nothing", async () => {
    const summary = await loadReferenceData(db.pool);
    for (const s of summary) {
      expect(s.added).toBe(0);
      expect(s.changed).toBe(0);
    }
    expect(summary.find((s) => s.dataset === "la_register")!.unchanged).toBe(153);
    const n = await db.pool.query("SELECT count(*)::int AS n FROM las");
    expect(n.rows[0].n).toBe(153);
  });

  it("loads a newer register in the same format and reports what changed", async () => {
    const files = defaultReferenceFiles();
    const reg = fs.readFileSync(files.register, "utf8").replace("202,E09000007,Camden,", "202,E09000007,London Borough of Camden,");
    const newReg = path.join(tmp, "la_register.csv");
    fs.writeFileSync(newReg, reg);
    const summary = await loadReferenceData(db.pool, { ...files, register: newReg });
    expect(summary.find((s) => s.dataset === "la_register")).toMatchObject({ added: 0, changed: 1, unchanged: 152 });
    const r = await db.pool.query("SELECT name FROM las WHERE la_code = '202'");
    expect(r.rows[0].name).toBe("London Borough of Camden");
  });

  it("changes nothing when any file is bad, and names the file and line", async () => {
    const files = defaultReferenceFiles();
    const before = await db.pool.query("SELECT count(*)::int AS n FROM reference_data_loads");
    const ctx = fs.readFileSync(files.context, "utf8").split("\n");
    ctx[5] = ctx[5].replace(/^(\d{3}),/, "$1,").replace(/,(\d+),/, ",12abc,");
    const badCtx = path.join(tmp, "la_context_2025.csv");
    fs.writeFileSync(badCtx, ctx.join("\n"));
    const reg = fs.readFileSync(files.register, "utf8").replace("London Borough of Camden", "Camden").replace("202,E09000007,Camden,", "202,E09000007,Renamed,");
    const newReg = path.join(tmp, "la_register2.csv");
    fs.writeFileSync(newReg, reg);
    await expect(loadReferenceData(db.pool, { ...files, register: newReg, context: badCtx })).rejects.toThrow(
      /la_context_2025\.csv, line 6: .* is not a (whole )?number/,
    );
    const r = await db.pool.query("SELECT name FROM las WHERE la_code = '202'");
    expect(r.rows[0].name).not.toBe("Renamed");
    const after = await db.pool.query("SELECT count(*)::int AS n FROM reference_data_loads");
    expect(after.rows[0].n).toBe(before.rows[0].n);
    await expect(loadReferenceData(db.pool, { ...files, ofstedHistory: path.join(tmp, "missing.csv") })).rejects.toThrow(
      /missing\.csv: cannot be read \(ENOENT\)/,
    );
  });
});
