/**
 * Every feedback report as files, for `npm run reports -- --out DIR`: each released report exactly as
 * the LA received it (the stored PDF and its figures as CSV), or, when asked, a preview of every
 * submitted LA's report rendered now against the current snapshot. The caller pulls the reports one
 * at a time, so memory holds only the few being written.
 */
import type pg from "pg";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { reportCsv } from "../domain/reports/report-csv.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { listLiveReleases, listReleaseRows, liveRelease, liveReleasePdf } from "../repositories/reports-repository.ts";
import { renderReportPdfOffThread } from "./report-pdf-pool.ts";
import { previewReport } from "./report-service.ts";
import { refreshStaleScores } from "./scoring-service.ts";

export interface ReportFiles {
  laCode: string;
  laName: string;
  /** file name without extension, e.g. feedback-report-201-v2 or feedback-report-201-preview */
  stem: string;
  /** reads (released) or renders (preview) the PDF and the CSV of figures */
  load(): Promise<{ pdf: Buffer; csv: string }>;
}

export async function reportsForFolder(pool: pg.Pool, registry: Pick<DefinitionRegistry, "current" | "all">, which: "released" | "submitted"): Promise<ReportFiles[]> {
  if (which === "released") {
    return (await listLiveReleases(pool)).map((r) => ({
      laCode: r.laCode,
      laName: r.laName,
      stem: `feedback-report-${r.laCode}-v${r.version}`,
      async load() {
        const [live, pdf] = await Promise.all([liveRelease(pool, r.laCode), liveReleasePdf(pool, r.laCode)]);
        if (!live || !pdf) throw new Error(`the report of ${r.laName} (${r.laCode}) was withdrawn while the files were written`);
        return { pdf, csv: reportCsv(live.report) };
      },
    }));
  }
  await refreshStaleScores(pool, registry); // once here, not in each preview (two run at a time)
  const submitted = (await listReleaseRows(pool)).filter((r) => r.responseStatus === "submitted").sort((a, b) => a.laCode.localeCompare(b.laCode));
  return submitted.map((r) => ({
    laCode: r.laCode,
    laName: r.laName,
    stem: `feedback-report-${r.laCode}-preview`,
    async load() {
      const report = await previewReport(pool, registry, r.laCode);
      return { pdf: await renderReportPdfOffThread(report), csv: reportCsv(report) };
    },
  }));
}

export async function recordFolderExport(pool: pg.Pool, actor: Pick<AuditEntry, "actor" | "actorKind">, details: { which: string; reports: number; failed: number }): Promise<void> {
  await recordAudit(pool, { ...actor, action: "report.export_folder", details });
}
