import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import {
  computeOfstedTrajectories,
  parseInspectionDate,
  trajectoryOf,
} from "../../../server/domain/case-studies/ofsted-trajectory.ts";
import { InvalidOfstedHistoryError } from "../../../server/domain/case-studies/errors.ts";

const row = (la_code: string | null, inspection_date: string, overall_effectiveness: string) => ({ la_code, inspection_date, overall_effectiveness });

describe("parseInspectionDate", () => {
  it("reads dd/mm/yyyy as day first", () => {
    expect(parseInspectionDate("03/06/2024")).toBe("2024-06-03");
    expect(parseInspectionDate("1/7/2019")).toBe("2019-07-01");
    expect(parseInspectionDate("2024-06-03")).toBe("2024-06-03");
  });
  it("rejects impossible and malformed dates, naming the field", () => {
    expect(() => parseInspectionDate("31/02/2024")).toThrow(InvalidOfstedHistoryError);
    expect(() => parseInspectionDate("2024/06/03", "history[4].inspection_date")).toThrow(/history\[4\]\.inspection_date/);
  });
});

describe("trajectoryOf", () => {
  const at = (date: string, grade: "Outstanding" | "Good" | "Requires improvement to be good" | "Inadequate") => ({ date, grade });
  it("classifies each kind of history", () => {
    expect(trajectoryOf([])).toBe("not_inspected");
    expect(trajectoryOf([at("2022-01-01", "Good")])).toBe("single_inspection");
    expect(trajectoryOf([at("2019-01-01", "Inadequate"), at("2023-01-01", "Requires improvement to be good")])).toBe("improved");
    expect(trajectoryOf([at("2019-01-01", "Outstanding"), at("2023-01-01", "Good")])).toBe("declined");
    expect(trajectoryOf([at("2019-01-01", "Good"), at("2023-01-01", "Good")])).toBe("stable_good_outstanding");
    expect(trajectoryOf([at("2019-01-01", "Outstanding"), at("2023-01-01", "Outstanding")])).toBe("stable_good_outstanding");
    expect(trajectoryOf([at("2019-01-01", "Inadequate"), at("2023-01-01", "Inadequate")])).toBe("stable_ri_inadequate");
  });
  it("compares the first and the latest inspection by date, whatever the row order", () => {
    // latest first in the input; RI (2018) -> Outstanding (2025) is an improvement
    expect(trajectoryOf([at("2025-03-24", "Outstanding"), at("2018-07-16", "Requires improvement to be good"), at("2022-05-09", "Inadequate")])).toBe("improved");
  });
});

describe("computeOfstedTrajectories", () => {
  it("orders by real date (dd/mm/yyyy), skips defunct LAs and marks LAs without rows as not inspected", () => {
    const rows = [
      row("301", "10/07/2023", "Good"),
      row("301", "18/02/2019", "Inadequate"), // earlier by date although "18" > "10"
      row(null, "01/01/2019", "Good"), // defunct LA
      row("302", "13/05/2019", "Good"),
    ];
    const out = computeOfstedTrajectories(rows, ["301", "302", "303"]);
    expect(out.get("301")).toMatchObject({ trajectory: "improved", first_grade: "Inadequate", latest_grade: "Good", first_date: "2019-02-18", inspections: 2 });
    expect(out.get("302")?.trajectory).toBe("single_inspection");
    expect(out.get("303")?.trajectory).toBe("not_inspected");
    expect([...out.keys()]).toEqual(["301", "302", "303"]);
  });

  it("rejects a row whose grade is not an Ofsted grade", () => {
    expect(() => computeOfstedTrajectories([row("301", "10/07/2023", "Brilliant")], ["301"])).toThrow(/history\[0\]\.overall_effectiveness/);
  });

  it("classifies every LA in the real 2018-2025 history, and agrees with the latest judgement file", () => {
    const dir = new URL("../../../sql/reference-data/", import.meta.url);
    const read = (f: string) => parse(readFileSync(new URL(f, dir), "utf8"), { columns: true }) as Record<string, string>[];
    const register = read("la_register.csv");
    const history = read("ofsted_ilacs_history_2018_2025.csv");
    const latest = new Map(read("ofsted_ilacs_as_at_2025-03-31.csv").map((r) => [r.la_code, r.overall_effectiveness]));
    const out = computeOfstedTrajectories(
      history.map((r) => ({ la_code: r.la_code || null, inspection_date: r.inspection_date, overall_effectiveness: r.overall_effectiveness })),
      register.map((r) => r.la_code),
    );
    expect(out.size).toBe(153);
    const counts: Record<string, number> = {};
    for (const t of out.values()) counts[t.trajectory] = (counts[t.trajectory] ?? 0) + 1;
    // 113 LAs with 2 inspections + 1 with 3 in the history; 39 with one (05/06 notes)
    expect(counts.single_inspection).toBe(39);
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(153);
    for (const t of out.values()) expect(t.latest_grade).toBe(latest.get(t.la_code));
    // Durham (840): RI 2019 -> Good 2022 -> Outstanding 2025
    expect(out.get("840")).toMatchObject({ trajectory: "improved", inspections: 3, first_grade: "Requires improvement to be good", latest_grade: "Outstanding" });
  });
});
