/**
 * The PDF of a feedback report, checked with poppler (pdftotext, pdffonts, pdfinfo): its text and
 * numbers are the web report's, every font is embedded, it is tagged with a structure tree holding
 * tables with header cells and a figure, and its title and language are set.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../server/domain/reports/build-report.ts";
import { renderReportPdf } from "../../server/services/report-pdf-service.ts";
import type { FeedbackReportDto } from "../../server/contracts/reports.ts";
import { demoWorld } from "../support/demo-reports.ts";

const hasPoppler = (() => {
  try {
    execFileSync("pdftotext", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

let report: FeedbackReportDto;
let file: string;
let text: string;

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

describe.skipIf(!hasPoppler && process.env.CI !== "true")("feedback report PDF", () => {
  beforeAll(async () => {
    const world = demoWorld();
    report = buildReport(world.inputFor(world.submitted.find((s) => s.la.region === "London")!.la.laCode));
    const pdf = await renderReportPdf(report);
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "report-pdf-")), "report.pdf");
    fs.writeFileSync(file, pdf);
    text = squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
  }, 120_000);

  it("has the web report's words and numbers: the LA, England, the summary, every indicator's band and score", () => {
    expect(text).toContain(report.title);
    expect(text).toContain("England");
    expect(text).toContain(squash(report.summary.standing));
    for (const b of report.summary.bandCounts) expect(text).toContain(`${b.label} ${b.count}`);
    for (const a of [...report.summary.strongestAreas, ...report.summary.weakestAreas]) expect(text).toContain(squash(`${a.name}: ${a.text}`));
    for (const area of report.areas) {
      for (const i of area.indicators) expect(text).toContain(i.score === null ? i.bandLabel : `${i.bandLabel} (${i.score})`);
    }
    for (const imp of report.improvements) expect(text).toContain(squash(imp.text));
    for (const g of report.groups) expect(text).toContain(`${g.submitted} of ${g.lasInGroup}`);
    for (const c of report.context) expect(text).toContain(c.valueText);
  });

  it("embeds every font (one openly licensed family, never the built-in fonts) and is tagged with tables, header cells and a figure", () => {
    const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const line of fonts) {
      expect(line).toMatch(/DejaVuSans/);
      expect(line.split(/\s+/).slice(-5, -4)[0]).toBe("yes"); // emb column
    }
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/Tagged:\s+yes/);
    expect(info).toMatch(new RegExp(`Title:\\s+${report.title.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
    const struct = execFileSync("pdfinfo", ["-struct", file], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    expect(struct).toMatch(/^\s*Table\b/m);
    expect(struct).toMatch(/^\s*TH\b/m);
    expect(struct).toMatch(/^\s*Figure\b/m);
    expect(struct).toMatch(/^\s*H1\b/m);
    const catalog = fs.readFileSync(file).toString("latin1");
    expect(catalog).toMatch(/\/Lang \(en-GB\)/);
  });
});
