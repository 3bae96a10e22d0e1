import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import {
  ReferenceDataError,
  parseLaContext,
  parseLaRegister,
  parseOfstedHistory,
  parseOfstedLatest,
} from "../../../server/domain/reference-data/parse-reference-data.ts";

const dir = path.resolve("sql/reference-data");
const read = (f: string) => fs.readFileSync(path.join(dir, f), "utf8");

describe("reference data parsing", () => {
  const las = parseLaRegister("la_register.csv", read("la_register.csv"));
  const codes = new Set(las.map((l) => l.la_code));

  it("reads the 153 LAs with their regions and types", () => {
    expect(las).toHaveLength(153);
    const regions = new Set(las.map((l) => l.region));
    expect(regions.size).toBe(9);
    expect(las.filter((l) => l.region === "London")).toHaveLength(33);
    expect(las.find((l) => l.la_code === "942")).toMatchObject({ name: "Cumberland", la_type: "unitary authority" });
  });

  it("reads Ofsted judgements with ISO dates and the history including LAs that no longer exist", () => {
    const latest = parseOfstedLatest("o.csv", read("ofsted_ilacs_as_at_2025-03-31.csv"), codes);
    expect(latest).toHaveLength(153);
    expect(latest.find((o) => o.la_code === "202")).toMatchObject({ inspection_date: "2025-03-03", overall_effectiveness: "Outstanding" });
    const history = parseOfstedHistory("h.csv", read("ofsted_ilacs_history_2018_2025.csv"), codes);
    expect(history).toHaveLength(271);
    expect(history.some((h) => h.la_code === null)).toBe(true);
  });

  it("keeps suppressed context figures empty (null), never zero", () => {
    const ctx = parseLaContext("c.csv", read("la_context_2025.csv"), codes);
    const kc = ctx.find((c) => c.la_code === "207")!;
    expect(kc.avg_caseload).toBeNull();
    const suppressed = read("la_context_2025_suppressed_cells.csv").trim().split("\n").length - 1;
    const nulls = ctx.reduce((n, c) => n + Object.entries(c).filter(([k, v]) => v === null && k !== "sw_joint_return").length, 0);
    expect(nulls).toBe(suppressed);
  });

  it("names the file, line and field of a bad value", () => {
    const csv = "la_code,gss_code,name,region,la_type\n201,E09000001,City of London,London,City of London\n2x2,E09000007,Camden,London,London borough\n";
    expect(() => parseLaRegister("new_register.csv", csv)).toThrowError(/new_register\.csv, line 3: la_code "2x2" is not valid/);
    expect(() => parseLaRegister("r.csv", "la_code,name\n201,x\n")).toThrowError(/r\.csv, line 1: missing column "gss_code"/);
    const dup = "la_code,gss_code,name,region,la_type\n201,E09000001,A,London,x\n201,E09000002,B,London,x\n";
    expect(() => parseLaRegister("r.csv", dup)).toThrowError(/line 3: la_code 201 appears twice/);
    const badDate = "la_code,inspection_date,overall_effectiveness\n201,31/02/2024,Good\n";
    expect(() => parseOfstedLatest("o.csv", badDate, codes)).toThrowError(/o\.csv, line 2: inspection_date "31\/02\/2024" is not a real date/);
    const badGrade = "la_code,inspection_date,overall_effectiveness\n201,01/02/2024,Great\n";
    expect(() => parseOfstedLatest("o.csv", badGrade, codes)).toThrowError(/overall_effectiveness "Great" is not an Ofsted grade/);
    const unknownLa = "la_code,inspection_date,overall_effectiveness\n999,01/02/2024,Good\n";
    expect(() => parseOfstedLatest("o.csv", unknownLa, codes)).toThrowError(ReferenceDataError);
    expect(() => parseLaRegister("broken.csv", 'la_code,gss_code\n"201,E09\n')).toThrowError(/broken\.csv.*not valid CSV/);
  });
});
