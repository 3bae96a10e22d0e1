/**
 * The bundle's SPSS syntax run by GNU PSPP (Debian `pspp`), when installed: it must read
 * responses.csv with the right types and apply the labels. Skipped when pspp is absent, except in
 * CI (CI=true or PSPP_REQUIRED=true), where a missing pspp fails it.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exportTables } from "../../../server/domain/exports/export-tables.ts";
import { writeCsvBundle } from "../../../server/domain/exports/write-csv-bundle.ts";
import { sampleResponses, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { collect } from "./export-test-helpers.ts";
import { readZip } from "./read-zip.ts";
import { psppPath, psppRequired, requireTool, run, runsWith } from "../../support/statistics-tools.ts";

describe.runIf(runsWith({ path: psppPath, required: psppRequired }))("responses.sps in PSPP", () => {
  it("reads responses.csv with dates, numbers and value labels", { timeout: 120_000 }, async () => {
    const pspp = requireTool(psppPath, "GNU PSPP", "pspp");
    const sources = sampleSources(false);
    const zip = readZip(await collect((s) => writeCsvBundle(s, exportTables(sources), { codebook: sources.codebook, status: "submitted", includePersonal: false })));
    const dir = await mkdtemp(join(tmpdir(), "export-pspp-"));
    try {
      for (const [name, data] of zip) await writeFile(join(dir, name), data);
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
      const { stderr } = await run(pspp, ["-O", "format=csv", "-o", "out.csv", "run.sps"], { cwd: dir, timeout: 60_000 });
      expect(stderr).not.toMatch(/error|warning/i);
      const out = await readFile(join(dir, "out.csv"), "utf8");
      const list = out.split("Table: Data List\n")[1].split("\n\n")[0].split("\n");
      expect(list[0]).toBe("la_code,submitted_at,lead_role,n_analysts,review_date,lead_role_other");
      expect(list.length - 1).toBe(sampleResponses.length); // one case per response, none split by line breaks
      expect(list[1]).toBe("201,04-MAR-2025 09:08:07,3,2.50,30-NOV-2024,=1+1");
      expect(list[4]).toMatch(/^301,10-MAR-2025 15:30:00,3,-3.00,\.,\+1\+1$/);
      expect(out).toContain("Valid,Data analyst,1,");
      expect(out).toContain(",Other,");
      expect(out).toMatch(/lead_role,\d+,Which best describes your role\?/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
