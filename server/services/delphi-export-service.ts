/**
 * The Delphi results exports: the workbook (.xlsx) — methods summary, results per item, round and
 * group, the stopping rule, attrition, ratings by pseudonymous panellist id, comments and the
 * framework view — and a zip of CSV files with a codebook for statistics packages. Personal data
 * (panellists' names, e-mail addresses and groups) goes only into the zip, only to an admin who
 * says why, and never for an erased panellist. Small (one row per rating at most), so both are
 * built in memory. Every export is audited: who, when, which format, and whether personal data was
 * included (with the reason).
 */
import { PassThrough } from "node:stream";
import { ZipArchive } from "archiver";
import type pg from "pg";
import * as repo from "../repositories/delphi-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import type { AuditEntry } from "../domain/audit/audit-entry.ts";
import type { Role } from "../domain/accounts/roles.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { writeWorkbook } from "../domain/exports/write-workbook.ts";
import { delphiWorkbookTables, type DelphiWorkbookInput } from "../domain/delphi/workbook-tables.ts";
import { bundleReadme, CODEBOOK_HEADER, codebookRows, delphiCsvFiles, toCsv, type PersonalData } from "../domain/delphi/csv-bundle.ts";
import { listComments, results, studyDetail } from "./delphi-service.ts";
import { frameworkView } from "./framework-service.ts";
import { checkPersonalDataRequest } from "./export-download-service.ts";

type Registry = Pick<DefinitionRegistry, "current" | "all">;
type Actor = Pick<AuditEntry, "actor" | "actorKind">;

async function exportInput(pool: pg.Pool, studyId: string, registry: Registry): Promise<DelphiWorkbookInput> {
  const study = await studyDetail(pool, studyId); // 404 for an unknown study
  const [res, framework, rounds, ratings, comments] = await Promise.all([
    results(pool, studyId),
    frameworkView(pool, studyId, registry),
    repo.listRounds(pool, studyId),
    repo.listRatings(pool, studyId),
    listComments(pool, studyId),
  ]);
  const roundNumber = new Map(rounds.map((r) => [r.id, r.number]));
  return {
    study,
    results: res,
    framework,
    ratings: ratings.map((r) => ({ roundNumber: roundNumber.get(r.roundId)!, panellistId: r.panellistId, group: r.group, itemId: r.itemId, rating: r.rating, unable: r.unable })),
    comments,
    exportedAt: new Date(),
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

export async function delphiWorkbook(pool: pg.Pool, studyId: string, registry: Registry, actor: Actor): Promise<{ fileName: string; body: Buffer }> {
  const input = await exportInput(pool, studyId, registry);
  const tables = delphiWorkbookTables(input);
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  await writeWorkbook(sink, tables, { created: input.exportedAt });
  await done;
  await recordAudit(pool, { ...actor, action: "delphi.export", subject: `delphi:${studyId}`, details: { format: "xlsx", sheets: tables.map((t) => t.name) } });
  return { fileName: `delphi-${studyId}-results-${day(input.exportedAt)}.xlsx`, body: Buffer.concat(chunks) };
}

export interface CsvExportOptions {
  includePersonal?: boolean;
  reason?: string;
}

/** The zip of CSV files with the codebook; personal data only for an admin with a reason (403 / 422 otherwise). */
export async function delphiCsvBundle(pool: pg.Pool, studyId: string, registry: Registry, user: { id: string; role: Role }, opts: CsvExportOptions): Promise<{ fileName: string; body: Buffer }> {
  const reason = checkPersonalDataRequest(user.role, opts);
  const input = await exportInput(pool, studyId, registry);
  let personal: PersonalData | null = null;
  if (reason) {
    const panel = await repo.listPanellists(pool, studyId);
    personal = new Map(panel.filter((p) => !p.erasedAt).map((p) => [p.id, { name: p.name, email: p.email, group: p.group, consentAt: p.consentAt }]));
  }
  const files = delphiCsvFiles(input, personal);
  // recorded before the file leaves the server, so a personal-data export is never unaudited
  await recordAudit(pool, {
    actor: user.id,
    actorKind: "user",
    action: "delphi.export",
    subject: `delphi:${studyId}`,
    details: { format: "zip", files: [...files.map((f) => f.fileName), "codebook.csv"], includePersonal: personal !== null, ...(reason ? { reason, panellists: personal!.size } : {}) },
  });
  const archive = new ZipArchive({ zlib: { level: 6 } });
  const chunks: Buffer[] = [];
  archive.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    archive.on("end", resolve);
    archive.on("error", reject);
  });
  const date = input.exportedAt;
  for (const f of files) archive.append(toCsv(f.variables.map((v) => v.name), f.rows), { name: f.fileName, date });
  archive.append(toCsv(CODEBOOK_HEADER, codebookRows(files)), { name: "codebook.csv", date });
  archive.append(bundleReadme(input, files, personal !== null), { name: "README.txt", date });
  await archive.finalize();
  await ended;
  return { fileName: `delphi-${studyId}-results-${personal ? "personal-" : ""}${day(input.exportedAt)}.zip`, body: Buffer.concat(chunks) };
}
