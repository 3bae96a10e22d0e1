import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INJECTION_PAYLOADS, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { materialise, shownText, workbookBuffer, type MaterialisedTable } from "./export-test-helpers.ts";
import { convert, findSoffice, libreOfficeRequired, sheetsAsCsv } from "./libreoffice.ts";

const available = findSoffice() !== null;
const maybe = available || libreOfficeRequired ? describe : describe.skip;

maybe("the workbook in LibreOffice (headless)", () => {
  let dir: string;
  let xlsx: string;
  let expected: MaterialisedTable[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "export-lo-"));
    xlsx = join(dir, "export.xlsx");
    await writeFile(xlsx, await workbookBuffer(sampleSources(true)));
    expected = await materialise(sampleSources(true));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("opens the workbook and converts every sheet to CSV with the same values", { timeout: 180_000 }, async () => {
    const sheets = await sheetsAsCsv(xlsx, "export");
    expect([...sheets.keys()].sort()).toEqual(expected.map((t) => t.name).sort());
    for (const table of expected) {
      const rows = sheets.get(table.name)!;
      expect(rows[0], table.name).toEqual(table.headers);
      expect(rows.length - 1, table.name).toBe(table.rows.length);
      table.rows.forEach((row, r) => {
        const got = rows[r + 1];
        row.forEach((value, c) => {
          const where = `${table.name}!${table.headers[c]} row ${r + 2}`;
          if (typeof value === "number") expect(Number(got[c]), where).toBe(value);
          else expect(got[c] ?? "", where).toBe(shownText(value, table.kinds[c]));
        });
      });
    }
  });

  it("shows formula-like text literally and never evaluates it", { timeout: 180_000 }, async () => {
    const sheets = await sheetsAsCsv(xlsx, "export");
    const responses = sheets.get("Responses")!;
    const notes = responses.map((r) => r[responses[0].indexOf("notes")]);
    const other = responses.map((r) => r[responses[0].indexOf("lead_role_other")]);
    for (const payload of INJECTION_PAYLOADS) {
      // LibreOffice shows the stored text (a CR is an XML line break, read as LF); an evaluated cell would show 2, 0, "click", #NAME? ...
      const text = payload.replace(/\r/g, "\n");
      expect([...notes, ...other], JSON.stringify(payload)).toContain(text);
    }
    for (const evaluated of ["2", "0", "click", "#NAME?", "Err:508"]) expect(notes).not.toContain(evaluated);

    // The flat ODF document LibreOffice builds from the workbook has text cells and no formula at all.
    const fods = await convert(xlsx, "fods");
    try {
      const xml = await readFile(join(fods.dir, "export.fods"), "utf8");
      // (LibreOffice represents boolean cells as TRUE()/FALSE() formulas; nothing else may be a formula.)
      const formulas = [...xml.matchAll(/table:formula="([^"]*)"/g)].map((m) => m[1]);
      expect(formulas.filter((f) => f !== "of:=TRUE()" && f !== "of:=FALSE()")).toEqual([]);
      expect(xml).toMatch(/office:value-type="string" calcext:value-type="string">\s*<text:p>=1\+1<\/text:p>/);
      expect(xml).toContain("<text:p>=1+1</text:p>");
      expect(xml).toContain("<text:p>@SUM(1+1)</text:p>");
    } finally {
      await fods.cleanup();
    }
  });
});
