import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type ExcelJS from "exceljs";
import { SHEET_ORDER } from "../../../server/domain/exports/build-sheets.ts";
import { MAX_CELL_TEXT, TRUNCATION_NOTE, writeWorkbook } from "../../../server/domain/exports/write-workbook.ts";
import { fixtureCodebook, PERSONAL_VARIABLES } from "../../fixtures/exports/codebook.ts";
import { INJECTION_PAYLOADS, PERSONAL_STRINGS, sampleResponses, sampleSources } from "../../fixtures/exports/sample-export.ts";
import { collect, materialise, plain, readWorkbook, sheetText, workbookBuffer } from "./export-test-helpers.ts";
import { readZip } from "./read-zip.ts";

function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    rows.push(Array.from({ length: ws.columnCount }, (_, i) => plain(row.getCell(i + 1).value)));
  }
  return rows;
}

function allText(wb: ExcelJS.Workbook): string {
  const parts: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => parts.push(String(plain(c.value))))));
  return parts.join("\n");
}

describe("writeWorkbook", () => {
  it("writes the agreed sheets in order, with frozen, filterable headers and readable widths", async () => {
    const wb = await readWorkbook(await workbookBuffer(sampleSources(false)));
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      "About",
      "Responses",
      "Responses (labels)",
      "Codebook",
      "Scores",
      "Scores (wide)",
      "Indicators",
      "LAs",
      "Case studies",
    ]);
    expect(SHEET_ORDER).toEqual(wb.worksheets.map((ws) => ws.name));
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(ws.getRow(1).font?.bold).toBe(true);
      for (let c = 1; c <= ws.columnCount; c++) expect(ws.getColumn(c).width).toBeGreaterThanOrEqual(8);
    }
  });

  it("round-trips every table cell: numbers as numbers, dates as dates, text as text", async () => {
    const sources = sampleSources(true);
    const expected = await materialise(sampleSources(true));
    const wb = await readWorkbook(await workbookBuffer(sources));
    for (const table of expected) {
      const ws = wb.getWorksheet(table.name)!;
      const got = rowsOf(ws);
      expect(got[0]).toEqual(table.headers);
      expect(got.length - 1).toBe(table.rows.length);
      table.rows.forEach((row, r) => {
        row.forEach((value, c) => {
          const cell = got[r + 1][c];
          if (value instanceof Date) {
            expect(cell, `${table.name}!${table.headers[c]} row ${r + 2}`).toBeInstanceOf(Date);
            expect((cell as Date).getTime()).toBe(value.getTime());
          } else {
            expect(cell, `${table.name}!${table.headers[c]} row ${r + 2}`).toEqual(sheetText(value));
          }
        });
      });
    }
  });

  it("codes every variable kind in Responses and labels it in Responses (labels)", async () => {
    const wb = await readWorkbook(await workbookBuffer(sampleSources(true)));
    const codes = wb.getWorksheet("Responses")!;
    const labels = wb.getWorksheet("Responses (labels)")!;
    const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
    const cell = (ws: ExcelJS.Worksheet, row: number, name: string) => plain(ws.getRow(row).getCell(header(ws).indexOf(name) + 1).value);
    expect(header(codes).slice(0, 11)).toEqual(["la_code", "gss_code", "la_name", "region", "la_type", "status", "definition_version", "migrated", "submitted_at", "last_saved_at", "n_contributors"]);
    expect(header(codes).slice(11, 11 + fixtureCodebook.variables.length)).toEqual(fixtureCodebook.variables.map((v) => v.name));

    // row 2 = City of London
    const expectations: [string, unknown, unknown][] = [
      ["lead_role", 3, "Other"], // radiogroup
      ["lead_role_other", "=1+1", "=1+1"], // "other" comment text
      ["systems_liquidlogic", 1, "Selected"], // checkbox -> 0/1 per choice
      ["systems_mosaic", 0, "Not selected"],
      ["systems_eclipse", 1, "Selected"],
      ["maturity_governance", 3, "Medium"], // matrix row
      ["maturity_quality", 5, "Very high"],
      ["safe_di_referral_date_rec", 1, "structured"], // matrixdropdown cell
      ["safe_di_referral_date_ext", 2, "partly"],
      ["n_analysts", 2.5, 2.5], // number
      ["has_warehouse", 1, "Yes"], // boolean
      ["confidence", 4, "High"], // rating
      ["notes", "Line one\nLine two — “quoted”, comma, ünïcödé 数据", "Line one\nLine two — “quoted”, comma, ünïcödé 数据"],
      ["n_contributors", 2, 2],
      ["contributor_emails", "alice@la.example; x2@la.example", "alice@la.example; x2@la.example"],
    ];
    for (const [name, code, label] of expectations) {
      expect(cell(codes, 2, name), name).toEqual(code);
      expect(cell(labels, 2, name), name).toEqual(label);
    }
    const review = cell(codes, 2, "review_date"); // date question -> a real date
    expect(review).toBeInstanceOf(Date);
    expect((review as Date).toISOString()).toBe("2024-11-30T00:00:00.000Z");
    expect(codes.getRow(2).getCell(header(codes).indexOf("review_date") + 1).numFmt).toBe("yyyy-mm-dd");
    expect(cell(codes, 2, "submitted_at")).toEqual(sampleResponses[0].submittedAt);
    expect(cell(codes, 3, "maturity_quality")).toBeNull(); // unanswered matrix row
    expect(cell(codes, 3, "systems_liquidlogic")).toBeNull(); // checkbox with nothing selected = not answered
    expect(cell(codes, 4, "systems_liquidlogic")).toBeNull(); // not started
    expect(cell(codes, 3, "notes")).toBe("  leading and trailing spaces  ");
    expect(cell(codes, 5, "n_analysts")).toBe(-3); // negative numbers stay numbers
  });

  it("stores formula-like text as text, never as a formula", async () => {
    const wb = await readWorkbook(await workbookBuffer(sampleSources(false)));
    const ws = wb.getWorksheet("Responses")!;
    const notesCol = (ws.getRow(1).values as unknown[]).indexOf("notes");
    const seen: unknown[] = [];
    ws.eachRow((row) => {
      const c = row.getCell(notesCol);
      expect(c.type).not.toBe(6 /* ValueType.Formula */);
      expect(c.formula).toBeUndefined();
      seen.push(plain(c.value));
    });
    for (const p of INJECTION_PAYLOADS.slice(1)) expect(seen).toContain(sheetText(p));
    expect(wb.getWorksheet("Indicators")!.getRow(3).getCell(2).value).toBe("=Timeliness of referral decisions");
  });

  it("marks formula-like text cells with quotePrefix (text stays text when edited), and only those", async () => {
    const files = readZip(await workbookBuffer(sampleSources(false)));
    const styles = files.get("xl/styles.xml")!.toString("utf8");
    const xfs = styles.split("<cellXfs")[1].split("</cellXfs>")[0].match(/<xf [^>]*>/g)!;
    const quoted = new Set(xfs.map((xf, i) => (xf.includes('quotePrefix="1"') ? String(i) : null)).filter((x) => x !== null));
    expect(quoted.size).toBeGreaterThan(0);
    const sheet = files.get("xl/worksheets/sheet2.xml")!.toString("utf8"); // Responses
    const cells = [...sheet.matchAll(/<c r="[A-Z]+\d+"(?: s="(\d+)")?(?: t="(\w+)")?>(?:<v>([^<]*)<\/v>|<is>.*?<\/is>)/g)];
    const payloadCells = cells.filter((m) => m[3] !== undefined && /^(=|\+|-|@)/.test(m[3].replace(/&quot;/g, '"')) && m[2] === "str");
    expect(payloadCells.length).toBeGreaterThanOrEqual(INJECTION_PAYLOADS.length - 2);
    for (const m of payloadCells) expect(quoted.has(m[1])).toBe(true);
    const plainText = cells.filter((m) => m[2] === "str" && m[3] !== undefined && /^[A-Za-z]/.test(m[3]));
    expect(plainText.length).toBeGreaterThan(0);
    for (const m of plainText) expect(m[1] === undefined || !quoted.has(m[1])).toBe(true);
  });

  it("leaves personal data out unless includePersonal", async () => {
    const without = await readWorkbook(await workbookBuffer(sampleSources(false)));
    const text = allText(without);
    for (const s of PERSONAL_STRINGS) expect(text).not.toContain(s);
    const headers = (name: string, wb: ExcelJS.Workbook) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    for (const v of PERSONAL_VARIABLES) {
      expect(headers("Responses", without)).not.toContain(v);
      expect(headers("Responses (labels)", without)).not.toContain(v);
    }
    expect(headers("Responses", without)).not.toContain("contributor_emails");
    expect(headers("LAs", without)).not.toContain("contact_emails");
    expect(headers("Case studies", without)).not.toContain("created_by");
    expect(without.getWorksheet("Codebook")!.getColumn(1).values).not.toContain("respondent_email");

    const withPersonal = await readWorkbook(await workbookBuffer(sampleSources(true)));
    const all = allText(withPersonal);
    for (const s of PERSONAL_STRINGS) expect(all).toContain(s);
    expect(headers("LAs", withPersonal)).toEqual(expect.arrayContaining(["contact_names", "contact_emails", "contact_phones"]));
  });

  it("consumes async row sources (e.g. database cursors) and rejects invalid sheet names", async () => {
    async function* rows() {
      for (let i = 0; i < 1000; i++) yield [i, `row ${i}`];
    }
    const buf = await collect((s) =>
      writeWorkbook(s, [{ name: "Big", fileName: "big.csv", columns: [{ key: "n", header: "n", kind: "integer" }, { key: "t", header: "t", kind: "text" }], rows: rows() }], { drainEvery: 10 }),
    );
    const ws = (await readWorkbook(buf)).getWorksheet("Big")!;
    expect(ws.rowCount).toBe(1001);
    expect(ws.getRow(1001).values).toEqual([undefined, 999, "row 999"]);

    await expect(
      collect((s) => writeWorkbook(s, [{ name: "a/b", fileName: "x.csv", columns: [], rows: [] }])),
    ).rejects.toThrow(/not a valid Excel sheet name/);
  });

  it("waits for a slow reader (back-pressure) and still writes every row", async () => {
    const stream = new PassThrough({ highWaterMark: 1024 });
    const chunks: Buffer[] = [];
    const reading = (async () => {
      for await (const chunk of stream) {
        chunks.push(chunk as Buffer);
        await sleep(1);
      }
    })();
    function* rows() {
      for (let i = 0; i < 3000; i++) yield [i, `text ${i} `.repeat(5)];
    }
    await writeWorkbook(stream, [{ name: "Slow", fileName: "s.csv", columns: [{ key: "n", header: "n", kind: "integer" }, { key: "t", header: "t", kind: "text" }], rows: rows() }], { drainEvery: 50 });
    await reading;
    const ws = (await readWorkbook(Buffer.concat(chunks))).getWorksheet("Slow")!;
    expect(ws.rowCount).toBe(3001);
    expect(ws.getRow(3001).getCell(1).value).toBe(2999);
  });

  it("reads zone-less date-times as UTC and cuts text to Excel's cell limit", async () => {
    const long = "x".repeat(MAX_CELL_TEXT + 10);
    const buf = await collect((s) =>
      writeWorkbook(s, [{ name: "T", fileName: "t.csv", columns: [{ key: "d", header: "d", kind: "datetime" }, { key: "t", header: "t", kind: "text" }], rows: [["2024-01-31T10:15", long]] }]),
    );
    const row = (await readWorkbook(buf)).getWorksheet("T")!.getRow(2);
    expect((row.getCell(1).value as Date).toISOString()).toBe("2024-01-31T10:15:00.000Z");
    const text = row.getCell(2).value as string;
    expect(text.length).toBe(MAX_CELL_TEXT);
    expect(text.endsWith(TRUNCATION_NOTE)).toBe(true);
  });
});
