/**
 * Matrix cells built from a column's JSON written once (matrix-cell-speed.ts) come out exactly as
 * survey-core's own per-cell path builds them: every property, defaults included, of every cell of
 * every matrix in every definition version. The faster path is also shown to be taken (the
 * template is written once per column, not once per cell).
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { JsonObject, Model } from "survey-core";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { ensureSurveyFunctions } from "../../../server/domain/definitions/survey-runtime.ts";
import { buildMatrixCellsQuickly } from "../../../client/src/respondent/matrix-cell-speed.ts";

ensureSurveyFunctions();
const versions = loadDefinitions().all();

interface Built {
  cells: Map<string, string>; // "version/matrix/row/column" -> the cell question, every property
  templateWrites: number;
  columns: number;
}

/** Builds every matrix's rows of every version, counting how often a question is written out as JSON. */
function buildAll(): Built {
  const spy = vi.spyOn(JsonObject.prototype, "toJsonObject");
  const cells = new Map<string, string>();
  let columns = 0;
  let writes = 0;
  for (const def of versions) {
    const model = new Model(def.survey);
    for (const q of model.getAllQuestions() as any[]) {
      if (q.getType() !== "matrixdropdown" && q.getType() !== "matrixdynamic") continue;
      columns += q.columns.length;
      spy.mockClear();
      const rows = q.visibleRows as any[];
      writes += spy.mock.calls.length;
      for (const row of rows) {
        for (const cell of row.cells as any[]) {
          cells.set(`${def.version}/${q.name}/${row.rowName}/${cell.column.name}`, JSON.stringify(new JsonObject().toJsonObject(cell.question, true)));
        }
      }
    }
    model.dispose();
  }
  spy.mockRestore();
  return { cells, templateWrites: writes, columns };
}

const stock = buildAll();
buildMatrixCellsQuickly();
const quick = buildAll();

afterAll(() => vi.restoreAllMocks());

describe("matrix cells built quickly", () => {
  it("covers the item matrices of every version", () => {
    expect(versions.length).toBeGreaterThanOrEqual(4);
    expect(stock.cells.size).toBeGreaterThan(200);
    expect([...quick.cells.keys()]).toEqual([...stock.cells.keys()]);
  });

  it("gives every cell exactly the properties survey-core's own path gives it", () => {
    const differing = [...stock.cells].filter(([key, json]) => quick.cells.get(key) !== json).map(([key]) => key);
    expect(differing).toEqual([]);
  });

  it("writes each column's template once instead of once per cell", () => {
    expect(stock.templateWrites).toBeGreaterThanOrEqual(stock.cells.size);
    expect(quick.templateWrites).toBeLessThanOrEqual(quick.columns);
  });

  it("writes the template again after the column changes", () => {
    const model = new Model({ elements: [{ type: "matrixdropdown", name: "m", rows: ["a", "b"], columns: [{ name: "c", cellType: "dropdown", choices: ["x", "y"] }] }] });
    const q = model.getQuestionByName("m") as any;
    expect(q.visibleRows[0].cells[0].question.choices.map((c: any) => c.value)).toEqual(["x", "y"]);
    q.columns[0].choices = ["x", "y", "z"];
    q.rows = ["a", "b", "c"]; // new rows: their cells are built from the changed column
    expect(q.visibleRows.map((r: any) => r.cells[0].question.choices.length)).toEqual([3, 3, 3]);
    model.dispose();
  });
});
