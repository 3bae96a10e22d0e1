/**
 * The name a research export is downloaded under, e.g. la-data-audit-v4-responses-submitted-2026-12-06.xlsx.
 * The download and the CSV bundle's README both take it from here, so the README names the workbook
 * exactly as the researcher's browser saved it.
 */

export interface ExportNaming {
  surveyId: string;
  version: number;
  status: "submitted" | "all";
  includePersonal: boolean;
}

function nameWith(n: ExportNaming, format: "xlsx" | "zip", day: string): string {
  return `${n.surveyId}-v${n.version}-responses-${n.status}${n.includePersonal ? "-personal" : ""}-${day}.${format}`;
}

/** The file name of an export made at `at` (the date part is that day in UTC). */
export function exportFileName(n: ExportNaming, format: "xlsx" | "zip", at: Date): string {
  return nameWith(n, format, at.toISOString().slice(0, 10));
}

/** The same name with YYYY-MM-DD standing for the day of the download. */
export function exportFileNamePattern(n: ExportNaming, format: "xlsx" | "zip"): string {
  return nameWith(n, format, "YYYY-MM-DD");
}
