import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REFERENCE_DATA_DIR } from "../../../server/services/reference-data-loader.ts";
import { parseLaRegister, parseStatisticalNeighbours, ReferenceDataError } from "../../../server/domain/reference-data/parse-reference-data.ts";

const read = (f: string) => readFileSync(join(REFERENCE_DATA_DIR, f), "utf8");
const codes = new Set(parseLaRegister("la_register.csv", read("la_register.csv")).map((l) => l.la_code));

describe("DfE statistical neighbours", () => {
  it("gives each of the 153 LAs ten ranked neighbours; City of London and the Isles of Scilly have none close", () => {
    const rows = parseStatisticalNeighbours("statistical_neighbours_2025.csv", read("statistical_neighbours_2025.csv"), codes);
    expect(rows.length).toBe(1530);
    expect(new Set(rows.map((r) => r.la_code)).size).toBe(153);
    for (const la of ["201", "420"]) expect(new Set(rows.filter((r) => r.la_code === la).map((r) => r.closeness))).toEqual(new Set(["Not close"]));
    const bexley = new Set(rows.filter((r) => r.la_code === "303").map((r) => r.neighbour_code));
    const havering = rows.filter((r) => r.la_code === "311").map((r) => r.neighbour_code);
    expect(havering.filter((c) => bexley.has(c)).length).toBe(7); // the overlap the disclosure rules allow for
  });

  it("refuses an LA listed as its own neighbour, an unknown LA and an unknown closeness label, naming the line", () => {
    const head = "la_code,la_name,rank,neighbour_code,closeness\n";
    expect(() => parseStatisticalNeighbours("f.csv", `${head}202,Camden,1,202,Close\n`, codes)).toThrow(/line 2.*own neighbour|own neighbour/);
    expect(() => parseStatisticalNeighbours("f.csv", `${head}202,Camden,1,999,Close\n`, codes)).toThrow(ReferenceDataError);
    expect(() => parseStatisticalNeighbours("f.csv", `${head}202,Camden,1,203,Near\n`, codes)).toThrow(/closeness "Near"/);
  });
});
