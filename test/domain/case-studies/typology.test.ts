import { describe, expect, it } from "vitest";
import { buildTypologyGrid, typologyCell } from "../../../server/domain/case-studies/typology.ts";

describe("buildTypologyGrid", () => {
  const las = [
    { la_code: "201", name: "Camden", trajectory: "improved" as const, capability_band: "low" },
    { la_code: "202", name: "Barnet", trajectory: "improved" as const, capability_band: "low" },
    { la_code: "203", name: "Essex", trajectory: "declined" as const, capability_band: "advanced" },
    { la_code: "204", name: "Kent", trajectory: "single_inspection" as const, capability_band: "unknown" },
  ];
  const grid = buildTypologyGrid(las, ["low", "developing", "established", "advanced"]);

  it("crosses every trajectory with every band, ordered bands first then others", () => {
    expect(grid.trajectories.map((t) => t.key)).toEqual([
      "improved",
      "declined",
      "stable_good_outstanding",
      "stable_ri_inadequate",
      "single_inspection",
      "not_inspected",
    ]);
    expect(grid.bands.map((b) => b.key)).toEqual(["low", "developing", "established", "advanced", "unknown"]);
    expect(grid.cells).toHaveLength(6 * 5);
  });

  it("counts and names the LAs in each cell (names sorted), with row and column totals", () => {
    expect(typologyCell(grid, "improved", "low")).toEqual({
      trajectory: "improved",
      band: "low",
      count: 2,
      las: [
        { la_code: "202", name: "Barnet" },
        { la_code: "201", name: "Camden" },
      ],
    });
    expect(typologyCell(grid, "declined", "advanced")?.count).toBe(1);
    expect(typologyCell(grid, "single_inspection", "unknown")?.las).toEqual([{ la_code: "204", name: "Kent" }]);
    expect(typologyCell(grid, "stable_ri_inadequate", "developing")?.count).toBe(0);
    expect(grid.trajectories.find((t) => t.key === "improved")?.total).toBe(2);
    expect(grid.bands.find((b) => b.key === "low")?.total).toBe(2);
    expect(grid.total).toBe(4);
  });
});
