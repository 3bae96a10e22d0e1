/**
 * The LA's own figures from its feedback report as CSV rows (beside the PDF): one row per figure,
 * with the group comparisons exactly as the report words them. Text cells that a spreadsheet would
 * run as a formula are neutralised.
 */
import { stringify } from "csv-stringify/sync";
import type { FeedbackReportDto } from "../../contracts/reports.ts";
import { safeCell } from "../fieldwork/audit-export.ts";

export const REPORT_CSV_COLUMNS = ["la_code", "section", "area", "measure", "value", "score", "england", "region", "la_type", "statistical_neighbours"] as const;

export function reportCsv(report: FeedbackReportDto): string {
  const rows: string[][] = [];
  const cmp = (list: { groupId: string; text: string }[]) =>
    (["england", "region", "la_type", "neighbours"] as const).map((g) => list.find((c) => c.groupId === g)?.text ?? "");
  for (const b of report.summary.bandCounts) rows.push([report.laCode, "summary", "", `Indicators: ${b.label}`, String(b.count), "", "", "", "", ""]);
  for (const t of report.capability) {
    rows.push([report.laCode, "capability", "", t.name, t.level === null ? t.levelName : `Level ${t.level} (${t.levelName})`, "", ...cmp(t.comparisons)]);
  }
  for (const a of report.areas) {
    for (const i of a.indicators) rows.push([report.laCode, "indicator", a.name, i.name, i.bandLabel, i.score === null ? "" : String(i.score), ...cmp(i.comparisons)]);
  }
  for (const imp of report.improvements) rows.push([report.laCode, "what_would_move_it_up", "", imp.indicatorName, imp.text, "", "", "", "", ""]);
  for (const c of report.context) {
    const g = (id: string) => c.groups.find((x) => x.groupId === id)?.valueText ?? "";
    rows.push([report.laCode, "context", "", `${c.label} (${c.source})`, c.valueText, "", g("england"), g("region"), g("la_type"), g("neighbours")]);
  }
  return stringify([[...REPORT_CSV_COLUMNS], ...rows.map((r) => r.map(safeCell))]);
}
