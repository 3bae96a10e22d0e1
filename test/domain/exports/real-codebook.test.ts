/**
 * Round trip through the published survey definition's own codebook: a response touching every
 * variable (every question type of the questionnaire) is encoded, written, read back with exceljs,
 * and decoded again to the same answers.
 */
import { describe, expect, it } from "vitest";
import { decodeResponse, encodeResponse } from "../../../server/domain/definitions/codebook.ts";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import type { Codebook, CodebookVariable } from "../../../server/domain/definitions/types.ts";
import { buildResponsesTable, isPersonalVariable, RESPONSE_FIXED_COLUMNS, type ResponseRecord } from "../../../server/domain/exports/build-sheets.ts";
import { writeWorkbook } from "../../../server/domain/exports/write-workbook.ts";
import { INJECTION_PAYLOADS } from "../../fixtures/exports/sample-export.ts";
import { collect, plain, readWorkbook } from "./export-test-helpers.ts";

/** A flat coded row that gives every variable a value; `seed` varies the choices between LAs. */
function syntheticRow(codebook: Codebook, seed: number): Record<string, string | number | null> {
  const row: Record<string, string | number | null> = {};
  codebook.variables.forEach((v: CodebookVariable, i) => {
    if (v.path.kind === "choice_flag") row[v.name] = (i + seed) % 2;
    else if (v.values.length) row[v.name] = v.values[(i + seed) % v.values.length].code;
    else if (v.measure === "scale") row[v.name] = seed * 2.5 - 1;
    else if (v.measure === "date") row[v.name] = `2024-0${1 + (seed % 9)}-15`;
    else row[v.name] = seed === 1 ? INJECTION_PAYLOADS[i % INJECTION_PAYLOADS.length].replace(/\r/g, "\n") : `Answer ${seed}/${i} — “${v.name}”`;
  });
  return row;
}

describe("export with the published definition's codebook", () => {
  const registry = loadDefinitions();
  const definitions = registry.all();

  it.each(definitions.map((d) => [d.surveyId, d.version, d] as const))("%s v%i: every question type round-trips through the Responses sheet", async (_id, _v, def) => {
    const codebook = def.codebook;
    const types = new Set(codebook.variables.map((v) => `${v.questionType}/${v.path.kind}`));
    expect(types.size).toBeGreaterThan(5);

    const responses: ResponseRecord[] = [0, 1, 2].map((seed) => ({
      laCode: String(201 + seed),
      gssCode: `E0900000${seed}`,
      laName: `LA ${seed}`,
      region: "London",
      laType: "London borough",
      status: "submitted",
      submittedAt: new Date(Date.UTC(2025, 0, 10 + seed)),
      lastSavedAt: new Date(Date.UTC(2025, 0, 9 + seed)),
      nContributors: seed,
      data: decodeResponse(codebook, syntheticRow(codebook, seed)),
    }));

    for (const mode of ["codes", "labels"] as const) {
      const table = buildResponsesTable({ codebook, responses, mode, includePersonal: true, encode: encodeResponse });
      const wb = await readWorkbook(await collect((s) => writeWorkbook(s, [table])));
      const ws = wb.worksheets[0];
      const header = (ws.getRow(1).values as unknown[]).slice(1) as string[];
      const fixed = RESPONSE_FIXED_COLUMNS.length;
      expect(header.slice(fixed, fixed + codebook.variables.length)).toEqual(codebook.variables.map((v) => v.name));

      responses.forEach((r, i) => {
        const expected = encodeResponse(codebook, r.data, mode);
        const row = ws.getRow(i + 2);
        const got: Record<string, string | number | null> = {};
        for (const v of codebook.variables) {
          const value = plain(row.getCell(header.indexOf(v.name) + 1).value);
          got[v.name] = value instanceof Date ? value.toISOString().slice(0, 10) : (value as string | number | null);
          if (typeof expected[v.name] === "number") expect(typeof got[v.name], v.name).toBe("number");
        }
        expect(got).toEqual(expected);
        if (mode === "codes") expect(decodeResponse(codebook, got)).toEqual(r.data);
      });
    }
  });

  it("treats the contact questions as personal data", () => {
    const codebook = registry.current().codebook;
    const personal = codebook.variables.filter(isPersonalVariable).map((v) => v.name);
    for (const name of ["resp_name", "resp_email", "cs_contact_email", "cs_contact_phone"]) {
      if (codebook.variables.some((v) => v.name === name)) expect(personal).toContain(name);
    }
    expect(personal.length).toBeGreaterThan(0);
    expect(personal).not.toContain("final_comments");
  });
});
