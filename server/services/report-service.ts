/**
 * Feedback reports: researchers preview any submitted LA's report, release reports (all submitted
 * LAs or a list, optionally as a dry run) and withdraw them; the LA reads its own released report.
 * All reports of a release use one national snapshot, and later releases reuse it unless
 * researchers take a new one for everyone (recorded), so two versions of the figures can never be
 * compared to isolate a late submitter. Every release and withdrawal is in the audit trail.
 */
import crypto from "node:crypto";
import { once } from "node:events";
import type { Readable } from "node:stream";
import { ZipArchive } from "archiver";
import type pg from "pg";
import type { FeedbackReportDto, ReleaseBodyDto, ReleaseListDto, ReleaseReplyDto } from "../contracts/reports.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { conflict, notFound, unprocessable } from "../domain/errors.ts";
import { buildReport, type NationalSnapshot } from "../domain/reports/build-report.ts";
import { reportCsv } from "../domain/reports/report-csv.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import { childPopulations } from "../repositories/reference-data-repository.ts";
import * as repo from "../repositories/reports-repository.ts";
import { findResponse } from "../repositories/responses-repository.ts";
import { computeScoresForResponse, refreshStaleScores, responseDataFor } from "./scoring-service.ts";
import { renderReportPdfOffThread as renderReportPdf } from "./report-pdf-pool.ts";
import { issueReportLink, type ReportLinkOptions } from "./report-link-service.ts";
import { reportLinkStates, revokeReportLinks } from "../repositories/report-links-repository.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;
type Registry = Pick<DefinitionRegistry, "current" | "all">;

const NOT_RELEASED = "No feedback report has been released for this LA.";

/** Builds one LA's report against `snapshot`; null (with why) when the LA has no submitted response. */
async function buildFor(db: Queryable, registry: Registry, laCode: string, snapshot: NationalSnapshot): Promise<{ report: FeedbackReportDto } | { skipped: string }> {
  const register = await repo.readRegister(db);
  const la = register.find((r) => r.laCode === laCode);
  if (!la) return { skipped: "not an LA in the register" };
  const response = await findResponse(db, laCode);
  if (!response || response.status !== "submitted") return { skipped: "no submitted response" };
  const definition = registry.current();
  const childPopulation = (await childPopulations(db, laCode)).get(laCode) ?? null;
  let computed;
  try {
    computed = computeScoresForResponse(response, definition, registry, { childPopulation });
  } catch {
    // e.g. a response to another survey, or a version with no migration path to the current one
    return { skipped: "its response cannot be scored with the current survey definition" };
  }
  const report = buildReport({
    la,
    register,
    neighbours: await repo.readNeighbours(db, laCode),
    snapshot,
    catalogue: definition.catalogue,
    rules: definition.rules,
    surveyId: definition.surveyId,
    definitionVersion: definition.version,
    scores: computed.scores,
    data: responseDataFor(response, definition, registry),
    capabilityContext: { childPopulation },
    context: await repo.readContextRows(db),
    ofsted: await repo.readOfsted(db, laCode),
  });
  return { report };
}

async function newSnapshot(db: Queryable, registry: Registry, takenBy: string | null): Promise<repo.StoredSnapshot> {
  const d = registry.current();
  return repo.insertSnapshot(db, { surveyId: d.surveyId, definitionVersion: d.version, rulesId: d.rules.id, rulesVersion: d.rules.version, las: await repo.readSnapshotInputs(db, d.surveyId) }, takenBy);
}

/** The national snapshot a preview uses: the current one, or (before any release) one built now and not stored. */
async function previewSnapshot(db: Queryable, registry: Registry): Promise<NationalSnapshot> {
  const current = await repo.latestSnapshot(db);
  if (current) return current;
  const d = registry.current();
  return { id: 0, takenAt: new Date().toISOString(), las: await repo.readSnapshotInputs(db, d.surveyId) };
}

export async function previewReport(pool: pg.Pool, registry: Registry, laCode: string): Promise<FeedbackReportDto> {
  await refreshStaleScores(pool, registry);
  const register = await repo.readRegister(pool);
  if (!register.some((r) => r.laCode === laCode)) throw notFound(`LA ${laCode} is not in the LA register`);
  const built = await buildFor(pool, registry, laCode, await previewSnapshot(pool, registry));
  if ("skipped" in built) throw conflict(`LA ${laCode} has no report to preview: ${built.skipped}.`, { laCode });
  return built.report;
}

export async function previewReportPdf(pool: pg.Pool, registry: Registry, laCode: string): Promise<Buffer> {
  return renderReportPdf(await previewReport(pool, registry, laCode));
}

export async function listReleases(pool: pg.Pool, smtpConfigured: boolean): Promise<ReleaseListDto> {
  const snapshot = await repo.latestSnapshot(pool);
  const rows = await repo.listReleaseRows(pool);
  const links = await reportLinkStates(pool);
  return {
    snapshot: snapshot ? { id: snapshot.id, takenAt: snapshot.takenAt, submittedLas: snapshot.las.length } : null,
    las: rows.map((r) => ({
      laCode: r.laCode,
      laName: r.laName,
      region: r.region,
      responseStatus: r.responseStatus,
      releasedVersion: r.withdrawnAt ? null : r.releasedVersion,
      releasedAt: r.withdrawnAt ? null : r.releasedAt,
      withdrawnAt: r.withdrawnAt,
      snapshotId: r.withdrawnAt ? null : r.snapshotId,
      reportLinks: { live: links.get(r.laCode)?.liveLinks ?? 0, lastUsedAt: links.get(r.laCode)?.lastUsedAt ?? null, expiresAt: links.get(r.laCode)?.expiresAt ?? null },
    })),
    smtpConfigured,
  };
}

/** A release's outcome, with the report link issued to each released LA (for its release e-mail; never stored in plain). */
export type ReleaseOutcome = ReleaseReplyDto & { links: { laCode: string; laName: string; link: string }[] };

/** A release request checked (422 for a body that names nothing, 404 for unknown LAs, 409 when nothing is submitted), with the LAs it covers. */
export async function checkRelease(pool: pg.Pool, registry: Registry, body: ReleaseBodyDto): Promise<{ targets: string[]; rows: repo.ReleaseListRow[] }> {
  if (body.all === undefined && body.laCodes === undefined) throw unprocessable("Say which reports to release: all (true) or laCodes (a list of LA codes)", "all");
  if (body.all !== undefined && body.laCodes !== undefined) throw unprocessable("Give either all or laCodes, not both", "laCodes");
  if (body.all === false) throw unprocessable("all must be true when given; to release some LAs, list them in laCodes", "all");
  await refreshStaleScores(pool, registry);
  const register = await repo.readRegister(pool);
  const known = new Set(register.map((r) => r.laCode));
  const unknown = (body.laCodes ?? []).filter((c) => !known.has(c));
  if (unknown.length > 0) throw notFound(`Unknown LA code${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}`);
  const rows = await repo.listReleaseRows(pool);
  const submitted = rows.filter((r) => r.responseStatus === "submitted");
  if (submitted.length === 0) throw conflict("No LA has submitted a response yet, so there is no report to release.");
  return { targets: body.all ? submitted.map((r) => r.laCode) : [...new Set(body.laCodes)], rows };
}

/** The snapshot a release uses: the current one, or a new one (audited) when there is none or `newSnapshot` asks for it. */
export async function releaseSnapshot(client: Queryable, registry: Registry, newSnapshotAsked: boolean, actor: Actor): Promise<repo.StoredSnapshot> {
  const current = await repo.latestSnapshot(client);
  if (current && !newSnapshotAsked) return current;
  const snapshot = await newSnapshot(client, registry, actor.actorKind === "user" ? actor.actor : null);
  await recordAudit(client, { ...actor, action: "report.snapshot", subject: String(snapshot.id), details: { submittedLas: snapshot.las.length } });
  return snapshot;
}

/** Why an LA is skipped before its report is built (no submitted response, already released on this snapshot); null when it is due. */
export function skipBeforeBuild(row: repo.ReleaseListRow | undefined, snapshotId: number): string | null {
  if (!row || row.responseStatus !== "submitted") return "no submitted response";
  if (row.releasedVersion !== null && row.withdrawnAt === null && row.snapshotId === snapshotId) return `already released (version ${row.releasedVersion}) on this snapshot`;
  return null;
}

/** One LA's report built on the snapshot and rendered as a PDF, nothing stored yet; or why it is skipped. */
export async function prepareRelease(db: Queryable, registry: Registry, laCode: string, snapshot: NationalSnapshot): Promise<{ report: FeedbackReportDto; pdf: Buffer } | { skipped: string }> {
  const built = await buildFor(db, registry, laCode, snapshot);
  if ("skipped" in built) return built;
  return { report: built.report, pdf: await renderReportPdf(built.report) };
}

/** Stores a prepared release (replacing the LA's live one), audits it and issues the LA a report link, returned in plain for its e-mail. */
export async function recordRelease(client: Queryable, prepared: { report: FeedbackReportDto; pdf: Buffer }, snapshotId: number, actor: Actor, linkOptions: ReportLinkOptions): Promise<string> {
  const { report, pdf } = prepared;
  const laCode = report.laCode;
  const by = actor.actorKind === "user" ? actor.actor : null;
  const sha = crypto.createHash("sha256").update(pdf).digest("hex");
  const previous = await repo.withdrawRelease(client, laCode, by);
  const version = await repo.insertRelease(client, { laCode, snapshotId, report, pdf, pdfSha256: sha, releasedBy: by });
  await recordAudit(client, { ...actor, action: "report.release", laCode, subject: `v${version}`, details: { snapshotId, pdfSha256: sha, replacedVersion: previous } });
  return (await issueReportLink(client, laCode, "release", linkOptions, actor)).link;
}

/**
 * A release in one go (one transaction): a dry run lists what would be released and skipped; a real
 * one is what the command line and tests use. The console releases through a background job
 * (report-release-job-service.ts), one LA per transaction.
 */
export async function releaseReports(pool: pg.Pool, registry: Registry, body: ReleaseBodyDto, actor: Actor, linkOptions: ReportLinkOptions): Promise<ReleaseOutcome> {
  const { targets, rows } = await checkRelease(pool, registry, body);
  const dryRun = body.dryRun === true;

  return withTransaction(pool, async (client) => {
    const current = await repo.latestSnapshot(client);
    const takeNew = !current || body.newSnapshot === true;
    const usable: NationalSnapshot = dryRun
      ? takeNew
        ? { id: 0, takenAt: new Date().toISOString(), las: await repo.readSnapshotInputs(client, registry.current().surveyId) }
        : current!
      : await releaseSnapshot(client, registry, body.newSnapshot === true, actor);
    const released: string[] = [];
    const skipped: { laCode: string; reason: string }[] = [];
    const links: ReleaseOutcome["links"] = [];
    for (const laCode of targets) {
      const early = skipBeforeBuild(rows.find((r) => r.laCode === laCode), usable.id);
      if (early) {
        skipped.push({ laCode, reason: early });
        continue;
      }
      if (dryRun) {
        const built = await buildFor(client, registry, laCode, usable);
        if ("skipped" in built) skipped.push({ laCode, reason: built.skipped });
        else released.push(laCode);
        continue;
      }
      const prepared = await prepareRelease(client, registry, laCode, usable);
      if ("skipped" in prepared) {
        skipped.push({ laCode, reason: prepared.skipped });
        continue;
      }
      released.push(laCode);
      links.push({ laCode, laName: prepared.report.laName, link: await recordRelease(client, prepared, usable.id, actor, linkOptions) });
    }
    return { released, skipped, dryRun, snapshotId: usable.id || null, links };
  });
}

export async function withdrawReports(pool: pg.Pool, laCodes: string[], actor: Actor) {
  const known = new Set((await repo.readRegister(pool)).map((r) => r.laCode));
  const unknown = laCodes.filter((c) => !known.has(c));
  if (unknown.length > 0) throw notFound(`Unknown LA code${unknown.length === 1 ? "" : "s"}: ${unknown.join(", ")}`);
  return withTransaction(pool, async (client) => {
    const withdrawn: string[] = [];
    const skipped: { laCode: string; reason: string }[] = [];
    for (const laCode of [...new Set(laCodes)]) {
      const version = await repo.withdrawRelease(client, laCode, actor.actorKind === "user" ? actor.actor : null);
      if (version === null) {
        skipped.push({ laCode, reason: "no released report" });
        continue;
      }
      withdrawn.push(laCode);
      // the LA's report links stop working with the report: 401, not a page that says "not released"
      const linksRevoked = await revokeReportLinks(client, laCode);
      await recordAudit(client, { ...actor, action: "report.withdraw", laCode, subject: `v${version}`, details: { linksRevoked } });
    }
    return { withdrawn, skipped };
  });
}

/** The LA's own released report (for the LA itself); 404 before release and after withdrawal. */
export async function releasedReport(pool: pg.Pool, laCode: string): Promise<FeedbackReportDto> {
  const live = await repo.liveRelease(pool, laCode);
  if (!live) throw notFound(NOT_RELEASED);
  return live.report;
}

export async function releasedReportPdf(pool: pg.Pool, laCode: string): Promise<Buffer> {
  const pdf = await repo.liveReleasePdf(pool, laCode);
  if (!pdf) throw notFound(NOT_RELEASED);
  return pdf;
}

/** The LA's own figures from its released report, as CSV. */
export async function releasedReportCsv(pool: pg.Pool, laCode: string): Promise<string> {
  return reportCsv(await releasedReport(pool, laCode));
}

/**
 * Every released PDF (as the LA received it) in one zip, streamed: PDFs are read one at a time, so
 * memory stays at about one PDF whatever the number released. The download is audited.
 */
export async function releasedPdfsZip(pool: pg.Pool, actor: Actor): Promise<{ stream: Readable; count: number }> {
  const live = await repo.listLiveReleases(pool);
  if (live.length === 0) throw conflict("No feedback report has been released yet, so there is nothing to download.");
  await recordAudit(pool, { ...actor, action: "report.download_all", details: { reports: live.length } });
  const archive = new ZipArchive({ store: true }); // PDFs are compressed already
  void (async () => {
    try {
      for (const r of live) {
        const pdf = await repo.liveReleasePdf(pool, r.laCode);
        if (!pdf) continue; // withdrawn meanwhile
        archive.append(pdf, { name: `feedback-report-${r.laCode}-v${r.version}.pdf` });
        await once(archive, "entry");
      }
      await archive.finalize();
    } catch (err) {
      archive.destroy(err as Error);
    }
  })();
  return { stream: archive, count: live.length };
}
