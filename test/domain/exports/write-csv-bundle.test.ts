import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { exportTables } from "../../../server/domain/exports/export-tables.ts";
import { csvField, writeCsvBundle } from "../../../server/domain/exports/write-csv-bundle.ts";
import { fixtureCodebook, PERSONAL_VARIABLES } from "../../fixtures/exports/codebook.ts";
import { INJECTION_PAYLOADS, PERSONAL_STRINGS, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { collect, materialise } from "./export-test-helpers.ts";
import { readZip } from "./read-zip.ts";

async function bundle(includePersonal: boolean): Promise<Map<string, string>> {
  const sources = sampleSources(includePersonal);
  const buf = await collect((s) =>
    writeCsvBundle(s, exportTables(sources), { codebook: sources.codebook, status: "submitted", includePersonal, generatedAt: new Date("2025-05-06T07:08:09Z") }),
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
      "scores_wide.csv",
      "indicators.csv",
      "las.csv",
      "case_studies.csv",
      "responses.sps",
      "responses.do",
      "responses.R",
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
      lead_role_other: "=1+1", // unchanged: the formula guard is the workbook's
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

  it("carries formula-like text unchanged (the guard is the workbook's) and tells people to open the workbook instead", async () => {
    const files = await bundle(false);
    const notes = (parse(files.get("responses.csv")!, { columns: true }) as Record<string, string>[]).map((r) => r.notes);
    for (const p of INJECTION_PAYLOADS.slice(1)) expect(notes).toContain(p.replace(/\r/g, " "));
    expect(notes.some((n) => n.startsWith("'"))).toBe(false);
    expect(files.get("indicators.csv")).toContain(",=Timeliness of referral decisions,");
    expect(files.get("case_studies.csv")).toContain(",-reserve");
    expect(files.get("README.txt")).toMatch(/open the Excel workbook of the same export, not these CSV files/);
    // the workbook by the name the console downloads it under, never a name no download has
    const { surveyId, version } = fixtureCodebook;
    expect(files.get("README.txt")).toContain(`${surveyId}-v${version}-responses-submitted-YYYY-MM-DD.xlsx`);
    expect(files.get("README.txt")).toContain(`${surveyId}-v${version}-responses-submitted-2025-05-06.xlsx`);
    expect(files.get("README.txt")).not.toContain("(responses.xlsx)");
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

  it("writes SPSS syntax that reads responses.csv, applies labels, missing values and levels, and saves responses.sav", async () => {
    const files = await bundle(false);
    const sps = files.get("responses.sps")!;
    const header = files.get("responses.csv")!.split("\n")[0].split(",");
    // GET DATA lists every column of the CSV in order, with a format
    const vars = sps.split("/FILE='responses.csv'")[1].split("/VARIABLES=\n")[1].split("\n.\n")[0].trim().split("\n").map((l) => l.trim().split(" ")[0]);
    expect(vars).toEqual(header);
    expect(sps).toMatch(/GET DATA\n {2}\/TYPE=TXT\n {2}\/FILE='responses.csv'/);
    expect(sps).toContain("    la_code A3\n");
    expect(sps).toContain("    notes A61\n"); // the longest answer, in bytes
    expect(sps).toContain("    review_date SDATE10\n");
    expect(sps).toContain("    submitted_at YMDHMS19\n");
    expect(sps).toContain("  submitted_at last_saved_at (DATETIME20)");
    expect(sps).toContain("    n_analysts F16.0\n");
    expect(sps).toContain("  lead_role 'Which best describes your role?' /");
    expect(sps).toContain("  lead_role\n    1 'Data analyst'\n    2 'Service manager'\n    3 'Other'");
    // one value-label set for the three variables that share it
    expect(sps).toContain("  /maturity_governance maturity_quality confidence\n    1 'Very low'");
    expect(sps.match(/'Very low'/g)).toHaveLength(1);
    expect(sps).toMatch(/\/maturity_governance maturity_quality confidence \(ORDINAL\)/);
    expect(sps.trimEnd().endsWith("EXECUTE.\nSAVE OUTFILE='responses.sav'.")).toBe(true);
  });

  it("writes a Stata do-file that imports responses.csv, applies labels and extended missing values, compresses and saves", async () => {
    const files = await bundle(false);
    const doFile = files.get("responses.do")!;
    expect(doFile).toMatch(/import delimited using "responses.csv", varnames\(1\) case\(preserve\) encoding\("utf-8"\) bindquote\(strict\)/);
    expect(doFile).toMatch(/stringcols\(1 2 3 4 5 6 9 10 /); // codes stay text (leading zeros), date columns converted below
    expect(doFile).toContain('label define responses_vl1 1 `"Data analyst"\' 2 `"Service manager"\' 3 `"Other"\', replace');
    expect(doFile).toContain("label values lead_role responses_vl1");
    expect(doFile).toContain("label values maturity_governance maturity_quality confidence responses_vl3");
    expect(doFile).toContain('label variable has_warehouse `"Do you have a data warehouse?"\'');
    expect(doFile).toContain('generate `converted\' = date(review_date, "YMD")');
    for (const v of ["region", "la_type", "status"]) expect(doFile).toContain(`encode ${v}, generate(\`encoded') label(${v})`);
    expect(doFile.trimEnd()).toMatch(/compress\nsave "responses.dta", replace\n\nnotes: la-data-audit version 1/);
    for (const v of fixtureCodebook.variables.filter((x) => x.values.length && !PERSONAL_VARIABLES.includes(x.name))) {
      expect(doFile).toMatch(new RegExp(`label values [a-z_ ]*\\b${v.name}\\b`));
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
          status: "submitted",
          includePersonal: false,
        }),
      ),
    ).rejects.toThrow(/cursor broke/);
  });
});

