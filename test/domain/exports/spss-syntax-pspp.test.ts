/**
 * The bundle's SPSS syntax run by GNU PSPP (Debian `pspp`), when installed: it must read
 * responses.csv with the right types and apply the labels. Skipped when pspp is absent
 * (PSPP_REQUIRED=true makes it fail instead).
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { exportTables } from "../../../server/domain/exports/export-tables.ts";
import { writeCsvBundle } from "../../../server/domain/exports/write-csv-bundle.ts";
import { sampleResponses, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { collect } from "./export-test-helpers.ts";
import { readZip } from "./read-zip.ts";

const pspp = ["/usr/bin/pspp", "/usr/local/bin/pspp"].find((p) => existsSync(p));
const maybe = pspp || process.env.PSPP_REQUIRED === "true" ? describe : describe.skip;

maybe("responses.sps in PSPP", () => {
  it("reads responses.csv with dates, numbers and value labels", { timeout: 120_000 }, async () => {
    const sources = sampleSources(false);
    const zip = readZip(await collect((s) => writeCsvBundle(s, exportTables(sources), { codebook: sources.codebook, includePersonal: false })));
    const dir = await mkdtemp(join(tmpdir(), "export-pspp-"));
    try {
      for (const name of ["responses.csv", "responses.sps"]) await writeFile(join(dir, name), zip.get(name)!);
      await writeFile(
        join(dir, "run.sps"),
        [
          "INCLUDE FILE='responses.sps'.",
          "LIST /VARIABLES=la_code submitted_at lead_role n_analysts review_date lead_role_other.",
          "FREQUENCIES /VARIABLES=lead_role maturity_governance.",
          "DISPLAY LABELS.",
          "",
        ].join("\n"),
      );
      const { stderr } = await promisify(execFile)(pspp!, ["-O", "format=csv", "-o", "out.csv", "run.sps"], { cwd: dir, timeout: 60_000 });
      expect(stderr).not.toMatch(/error|warning/i);
      const out = await readFile(join(dir, "out.csv"), "utf8");
      const list = out.split("Table: Data List\n")[1].split("\n\n")[0].split("\n");
      expect(list[0]).toBe("la_code,submitted_at,lead_role,n_analysts,review_date,lead_role_other");
      expect(list.length - 1).toBe(sampleResponses.length); // one case per response, none split by line breaks
      expect(list[1]).toBe("201,2025-03-04 09:08:07,3,2.50,2024/11/30,'=1+1");
      expect(list[4]).toMatch(/^301,2025-03-10 15:30:00,3,-3.00,\.,'\+1\+1$/);
      expect(out).toContain("Valid,Data analyst,1,");
      expect(out).toContain(",Other,");
      expect(out).toMatch(/lead_role,\d+,Which best describes your role\?/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
