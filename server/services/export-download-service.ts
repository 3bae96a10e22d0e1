/**
 * A research export requested over HTTP: who may have which file, the audit entry, and the stream.
 * Personal data (contributor names, contact details) goes only to admins who say why; the reason is
 * kept in the audit trail with the export, so a later reader can see why names left the service.
 */
import { PassThrough } from "node:stream";
import { PERSONAL_DATA_REASON_MIN } from "../contracts/exports.ts";
import type { Role } from "../domain/accounts/roles.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { forbidden, invalid } from "../domain/errors.ts";
import { exportFileName } from "../domain/exports/export-file-name.ts";
import { exportTables } from "../domain/exports/export-tables.ts";
import { writeCsvBundle } from "../domain/exports/write-csv-bundle.ts";
import { writeWorkbook } from "../domain/exports/write-workbook.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { exportSources, type ExportFormat } from "./export-service.ts";

export interface ExportOptions {
  status?: "submitted" | "all";
  includePersonal?: boolean;
  reason?: string;
}

export interface ExportDownload {
  stream: PassThrough;
  /** settles when the file has been written (rejects if writing failed; the stream is destroyed then) */
  written: Promise<void>;
  fileName: string;
  contentType: string;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  zip: "application/zip",
};

/** Refuses personal data to anyone but an admin, and to an admin who gives no reason. Returns the trimmed reason. */
export function checkPersonalDataRequest(role: Role, opts: ExportOptions): string | null {
  if (!opts.includePersonal) return null;
  if (role !== "admin") throw forbidden("Only an admin can export personal data (includePersonal)");
  const reason = (opts.reason ?? "").trim();
  if (reason.length < PERSONAL_DATA_REASON_MIN) {
    throw invalid(`reason: say why personal data is needed, in at least ${PERSONAL_DATA_REASON_MIN} characters`, "reason");
  }
  return reason;
}

/** Checks the request, records it in the audit trail, then starts streaming the file. */
export async function startExportDownload(
  db: Queryable,
  registry: DefinitionRegistry,
  format: ExportFormat,
  opts: ExportOptions,
  user: { id: string; role: Role },
  now = new Date(),
): Promise<ExportDownload> {
  const reason = checkPersonalDataRequest(user.role, opts);
  const req = { status: opts.status ?? "submitted", includePersonal: opts.includePersonal ?? false, now } as const;
  const { sources, summary } = await exportSources(db, registry, req);
  await recordAudit(db, {
    actor: user.id,
    actorKind: "user",
    action: "export.responses",
    subject: `responses.${format}`,
    details: {
      format,
      status: summary.status,
      includePersonal: summary.includePersonal,
      ...(reason ? { reason } : {}),
      surveyId: summary.surveyId,
      version: summary.version,
      responses: summary.responses,
    },
  });

  const stream = new PassThrough();
  const written =
    format === "xlsx"
      ? writeWorkbook(stream, exportTables(sources), { created: now })
      : writeCsvBundle(stream, exportTables(sources), { codebook: sources.codebook, status: req.status, includePersonal: req.includePersonal, generatedAt: now });
  const guarded = written.then(
    () => undefined,
    (err: Error) => {
      stream.destroy(err);
      throw err;
    },
  );
  const fileName = exportFileName({ surveyId: summary.surveyId, version: summary.version, status: req.status, includePersonal: req.includePersonal }, format, now);
  return { stream, written: guarded, fileName, contentType: CONTENT_TYPES[format] };
}
