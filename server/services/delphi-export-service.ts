/**
 * The Delphi results workbook (.xlsx): methods summary, results per item, round and group, the
 * stopping rule, attrition, ratings by pseudonymous panellist id, comments and the framework view.
 * Small (one row per rating at most), so it is built in memory. Every export is audited.
 */
import { PassThrough } from "node:stream";
import type pg from "pg";
import * as repo from "../repositories/delphi-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import type { AuditEntry } from "../domain/audit/audit-entry.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { writeWorkbook } from "../domain/exports/write-workbook.ts";
import { delphiWorkbookTables } from "../domain/delphi/workbook-tables.ts";
import { listComments, results, studyDetail } from "./delphi-service.ts";
import { frameworkView } from "./framework-service.ts";

export async function delphiWorkbook(
  pool: pg.Pool,
  studyId: string,
  registry: Pick<DefinitionRegistry, "current" | "all">,
  actor: Pick<AuditEntry, "actor" | "actorKind">,
): Promise<{ fileName: string; body: Buffer }> {
  const study = await studyDetail(pool, studyId); // 404 for an unknown study
  const [res, framework, rounds, ratings, comments] = await Promise.all([
    results(pool, studyId),
    frameworkView(pool, studyId, registry),
    repo.listRounds(pool, studyId),
    repo.listRatings(pool, studyId),
    listComments(pool, studyId),
  ]);
  const roundNumber = new Map(rounds.map((r) => [r.id, r.number]));
  const exportedAt = new Date();
  const tables = delphiWorkbookTables({
    study,
    results: res,
    framework,
    ratings: ratings.map((r) => ({ roundNumber: roundNumber.get(r.roundId)!, panellistId: r.panellistId, group: r.group, itemId: r.itemId, rating: r.rating, unable: r.unable })),
    comments,
    exportedAt,
  });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on("end", resolve);
    sink.on("error", reject);
  });
  await writeWorkbook(sink, tables, { created: exportedAt });
  await done;
  await recordAudit(pool, { ...actor, action: "delphi.export", subject: `delphi:${studyId}`, details: { format: "xlsx", sheets: tables.map((t) => t.name) } });
  return { fileName: `delphi-${studyId}-results-${exportedAt.toISOString().slice(0, 10)}.xlsx`, body: Buffer.concat(chunks) };
}
