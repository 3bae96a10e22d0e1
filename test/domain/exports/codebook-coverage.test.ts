/**
 * The codebook explains every column it exports: for an export with the published definition, the
 * real LA context columns and the real scoring layout, every column of every table (questionnaire
 * variables, fixed Responses columns, Scores long and wide, Indicators, LAs, Case studies, About)
 * has a codebook row with a description, and each LA context figure names its source.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { SHEETS } from "../../../server/domain/exports/build-sheets.ts";
import { exportTables, type ExportSources } from "../../../server/domain/exports/export-tables.ts";
import { iterateRows, type TableData } from "../../../server/domain/exports/sheet-types.ts";
import { LA_CONTEXT_COLUMNS } from "../../../server/repositories/export-repository.ts";
import { sampleSources } from "../../fixtures/exports/sample-export.ts";

const current = loadDefinitions().current();

function sources(includePersonal: boolean): ExportSources {
  return {
    ...sampleSources(includePersonal),
    codebook: current.codebook,
    contextColumns: LA_CONTEXT_COLUMNS,
    scoreLayout: { indicators: current.catalogue.indicators, dimensions: current.rules.capability.dimensions, levels: current.rules.capability.levels, bands: current.rules.bands },
  };
}

const DOCUMENTED = new Set<string>(Object.values(SHEETS).map((s) => s.fileName).filter((f) => f !== SHEETS.codebook.fileName));

describe("the codebook covers every exported column", () => {
  it.each([false, true])("includePersonal %s", async (includePersonal) => {
    const tables = [...exportTables(sources(includePersonal))] as TableData[];
    const codebook = tables.find((t) => t.fileName === SHEETS.codebook.fileName)!;
    const header = codebook.columns.map((c) => c.key);
    const rows: Record<string, unknown>[] = [];
    for await (const r of iterateRows(codebook.rows)) rows.push(Object.fromEntries(header.map((k, i) => [k, r[i]])));
    const described = (file: string, column: string) =>
      rows.filter((r) => String(r.table).split(", ").includes(file) && r.variable === column);
    for (const t of tables.filter((x) => DOCUMENTED.has(x.fileName))) {
      for (const c of t.columns) {
        const hits = described(t.fileName, c.key);
        expect(hits.length, `${t.fileName} ${c.key}`).toBeGreaterThan(0);
        expect(hits[0].question_text, `${t.fileName} ${c.key}`).not.toBe(c.key);
      }
    }
    for (const c of LA_CONTEXT_COLUMNS) expect(described("las.csv", c)[0].source, c).toMatch(/DfE|DWP|ONS/);
    // missing codes are marked, and the fixed columns say version answered and whether migrated
    expect(rows.some((r) => r.value_code === -1 && r.missing === "Missing: not asked (routed out by the questionnaire)")).toBe(true);
    expect(described("responses.csv", "definition_version")[0].question_text).toBe("Definition version the LA answered");
    expect(described("scores_wide.csv", "cap_data_level").length).toBe(5);
  });
});
