import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { exportTables } from "../../../server/domain/exports/export-tables.ts";
import { csvField, writeCsvBundle } from "../../../server/domain/exports/write-csv-bundle.ts";
import { fixtureCodebook, PERSONAL_VARIABLES } from "../../fixtures/exports/codebook.ts";
import { INJECTION_PAYLOADS, PERSONAL_STRINGS, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { collect, materialise } from "./export-test-helpers.ts";
import { convert, findSoffice, libreOfficeRequired } from "./libreoffice.ts";
import { readZip } from "./read-zip.ts";

async function bundle(includePersonal: boolean): Promise<Map<string, string>> {
  const sources = sampleSources(includePersonal);
  const buf = await collect((s) =>
    writeCsvBundle(s, exportTables(sources), { codebook: sources.codebook, includePersonal, generatedAt: new Date("2025-05-06T07:08:09Z") }),
  );
  return new Map([...readZip(buf)].map(([name, data]) => [name, data.toString("utf8")]));
}

describe("writeCsvBundle", () => {
  it("zips one CSV per table with the workbook's values, plus SPSS, Stata and a README", async () => {
    const files = await bundle(true);
    expect([...files.keys()]).toEqual([
      "about.csv",
      "responses.csv",
      "responses_labels.csv",
      "codebook.csv",
      "scores.csv",
      "indicators.csv",
      "las.csv",
      "case_studies.csv",
      "responses.sps",
      "responses.do",
      "README.txt",
    ]);
    for (const table of await materialise(sampleSources(true))) {
      const rows = parse(files.get(table.fileName)!) as string[][];
      expect(rows[0]).toEqual(table.headers);
      expect(rows.slice(1)).toEqual(table.rows.map((r) => r.map((v, i) => csvField(v, table.kinds[i] as never))));
    }
    const responses = parse(files.get("responses.csv")!, { columns: true }) as Record<string, string>[];
    expect(responses[0]).toMatchObject({
      la_code: "201",
      submitted_at: "2025-03-04 09:08:07",
      lead_role: "3",
      lead_role_other: "'=1+1",
      systems_mosaic: "0",
      maturity_quality: "5",
      safe_di_referral_date_ext: "2",
      n_analysts: "2.5",
      review_date: "2024-11-30",
      has_warehouse: "1",
      notes: "Line one Line two — “quoted”, comma, ünïcödé 数据", // one line per case for SPSS
    });
    expect(responses[1].maturity_quality).toBe("");
    expect(responses[3].n_analysts).toBe("-3"); // numbers are never prefixed
    const labels = parse(files.get("responses_labels.csv")!, { columns: true }) as Record<string, string>[];
    expect(labels[0]).toMatchObject({ lead_role: "Other", systems_mosaic: "Not selected", maturity_quality: "Very high" });
  });

  it("prefixes formula-like text with an apostrophe", async () => {
    const files = await bundle(false);
    const notes = (parse(files.get("responses.csv")!, { columns: true }) as Record<string, string>[]).map((r) => r.notes);
    for (const p of INJECTION_PAYLOADS.slice(1)) expect(notes).toContain(`'${p.replace(/\r/g, " ")}`);
    expect(files.get("indicators.csv")).toContain("'=Timeliness of referral decisions");
    expect(files.get("case_studies.csv")).toContain("'-reserve");
  });

  it("leaves personal data out unless includePersonal", async () => {
    const without = await bundle(false);
    for (const [name, text] of without) for (const s of PERSONAL_STRINGS) expect(text, name).not.toContain(s);
    for (const v of PERSONAL_VARIABLES) {
      expect(without.get("responses.csv")!.split("\n")[0]).not.toContain(v);
      expect(without.get("responses.sps")).not.toContain(v);
      expect(without.get("responses.do")).not.toContain(v);
    }
    const withPersonal = [...(await bundle(true)).values()].join("\n");
    for (const s of PERSONAL_STRINGS) expect(withPersonal).toContain(s);
  });

  it("writes SPSS syntax that reads responses.csv and applies variable labels, value labels and levels", async () => {
    const files = await bundle(false);
    const sps = files.get("responses.sps")!;
    const header = files.get("responses.csv")!.split("\n")[0].split(",");
    // GET DATA lists every column of the CSV in order, with a format
    const vars = sps.split("/VARIABLES=\n")[1].split("\n.\n")[0].trim().split("\n").map((l) => l.trim().split(" ")[0]);
    expect(vars).toEqual(header);
    expect(sps).toMatch(/GET DATA\n {2}\/TYPE=TXT\n {2}\/FILE='responses.csv'/);
    expect(sps).toContain("    la_code A3\n");
    expect(sps).toContain("    review_date SDATE10\n");
    expect(sps).toContain("    submitted_at YMDHMS19\n");
    expect(sps).toContain("    n_analysts F16.0\n");
    expect(sps).toContain("  lead_role 'Which best describes your role?' /");
    expect(sps).toContain("  lead_role\n    1 'Data analyst'\n    2 'Service manager'\n    3 'Other'");
    expect(sps).toMatch(/\/maturity_governance maturity_quality confidence \(ORDINAL\)/);
    expect(sps).toMatch(/n_analysts review_date \(SCALE\)|\(SCALE\)/);
    expect(sps.trimEnd().endsWith("EXECUTE.")).toBe(true);
  });

  it("writes a Stata do-file that imports responses.csv and applies labels", async () => {
    const files = await bundle(false);
    const doFile = files.get("responses.do")!;
    expect(doFile).toMatch(/import delimited using "responses.csv", varnames\(1\) case\(preserve\) encoding\("utf-8"\) bindquote\(strict\)/);
    expect(doFile).toMatch(/stringcols\(1 2 3 4 5 6 7 8 /); // codes stay text (leading zeros), date columns converted below
    expect(doFile).toContain('label define lead_role 1 `"Data analyst"\' 2 `"Service manager"\' 3 `"Other"\', replace');
    expect(doFile).toContain("label values lead_role lead_role");
    expect(doFile).toContain('label variable has_warehouse `"Do you have a data warehouse?"\'');
    expect(doFile).toContain('generate `converted\' = date(review_date, "YMD")');
    for (const v of fixtureCodebook.variables.filter((x) => x.values.length && !PERSONAL_VARIABLES.includes(x.name))) {
      expect(doFile).toContain(`label values ${v.name} ${v.name}`);
    }
  });

  it("propagates a failing row source as an error", async () => {
    async function* failing() {
      yield ["x"];
      throw new Error("cursor broke");
    }
    await expect(
      collect((s) =>
        writeCsvBundle(s, [{ name: "T", fileName: "t.csv", columns: [{ key: "a", header: "a", kind: "text" }], rows: failing() }], {
          codebook: fixtureCodebook,
          includePersonal: false,
        }),
      ),
    ).rejects.toThrow(/cursor broke/);
  });
});

const maybe = findSoffice() !== null || libreOfficeRequired ? describe : describe.skip;
maybe("the CSV bundle in LibreOffice (headless)", () => {
  it("does not evaluate guarded text even with formula evaluation on", { timeout: 180_000 }, async () => {
    const files = await bundle(false);
    const dir = await mkdtemp(join(tmpdir(), "export-csv-lo-"));
    try {
      const input = join(dir, "responses.csv");
      await writeFile(input, files.get("responses.csv")!);
      // import with token 13 "evaluate formulas" = true, then save again as CSV
      const out = await convert(input, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false", [
        "--infilter=Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1,true",
      ]);
      try {
        const rows = parse(await readFile(join(out.dir, "responses.csv"), "utf8"), { columns: true, relax_column_count: true }) as Record<string, string>[];
        const notes = rows.map((r) => r.notes);
        for (const p of INJECTION_PAYLOADS.slice(1)) {
          const shown = notes.find((n) => n.replace(/\s+/g, "").startsWith(`'${p}`.replace(/\s+/g, "")));
          expect(shown, JSON.stringify(p)).toBeDefined();
        }
        for (const evaluated of ["2", "0", "click"]) expect(notes).not.toContain(evaluated);
      } finally {
        await out.cleanup();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
