/**
 * Feedback reports (sql/migrations/023_create_feedback_reports.sql): the reference data a report
 * needs, national snapshots, and every release of a report with what the LA saw.
 */
import type { FeedbackReportDto } from "../contracts/reports.ts";
import type { BandId } from "../domain/definitions/types.ts";
import type { RegisterLa, SnapshotLa } from "../domain/reports/build-report.ts";
import type { ContextRow } from "../domain/reports/report-context.ts";
import type { CapabilityProfile } from "../domain/scoring/types.ts";
import type { Queryable } from "./queryable.ts";

export async function readRegister(db: Queryable): Promise<RegisterLa[]> {
  const r = await db.query<RegisterLa>(`SELECT la_code AS "laCode", name, region, la_type AS "laType" FROM las ORDER BY la_code`);
  return r.rows;
}

/** The LA's statistical neighbours, nearest first. */
export async function readNeighbours(db: Queryable, laCode: string): Promise<string[]> {
  const r = await db.query<{ neighbour_code: string }>("SELECT neighbour_code FROM statistical_neighbours WHERE la_code = $1 ORDER BY rank", [laCode]);
  return r.rows.map((x) => x.neighbour_code);
}

/** Each LA's latest context figures. */
export async function readContextRows(db: Queryable): Promise<ContextRow[]> {
  const r = await db.query<ContextRow>(
    `SELECT DISTINCT ON (la_code) la_code AS "laCode", child_population_0_17::float8 AS "childPopulation",
            cin_rate_per_10k::float8 AS "cinRate", cpp_rate_per_10k::float8 AS "cppRate", cla_rate_per_10k::float8 AS "claRate"
       FROM la_context ORDER BY la_code, year DESC`,
  );
  return r.rows;
}

export async function readOfsted(db: Queryable, laCode: string): Promise<{ judgement: string | null; asAt: string | null }> {
  const r = await db.query<{ judgement: string | null; as_at: string | null }>(
    "SELECT overall_effectiveness AS judgement, as_at::text AS as_at FROM ofsted_judgements WHERE la_code = $1",
    [laCode],
  );
  return { judgement: r.rows[0]?.judgement ?? null, asAt: r.rows[0]?.as_at ?? null };
}

/** What a new snapshot holds: bands and capability levels of every submitted, scored LA. */
export async function readSnapshotInputs(db: Queryable, surveyId: string): Promise<SnapshotLa[]> {
  const heads = await db.query<{ la_code: string; region: string; la_type: string; capability: CapabilityProfile }>(
    `SELECT s.la_code, l.region, l.la_type, s.capability FROM la_scores s
       JOIN las l ON l.la_code = s.la_code JOIN responses r ON r.id = s.response_id
      WHERE s.survey_id = $1 AND r.status = 'submitted' ORDER BY s.la_code`,
    [surveyId],
  );
  const cells = await db.query<{ la_code: string; indicator_id: string; band: BandId }>(
    `SELECT i.la_code, i.indicator_id, i.band FROM indicator_scores i
       JOIN la_scores s ON s.la_code = i.la_code JOIN responses r ON r.id = s.response_id
      WHERE s.survey_id = $1 AND r.status = 'submitted'`,
    [surveyId],
  );
  const bands = new Map<string, Record<string, BandId>>();
  for (const c of cells.rows) bands.set(c.la_code, { ...(bands.get(c.la_code) ?? {}), [c.indicator_id]: c.band });
  return heads.rows.map((h) => {
    const b = bands.get(h.la_code) ?? {};
    return {
      laCode: h.la_code,
      region: h.region,
      laType: h.la_type,
      bands: b,
      levels: Object.fromEntries(h.capability.dimensions.map((d) => [d.dimensionId, d.level])),
      readyNow: Object.values(b).filter((x) => x === "ready_now").length,
    };
  });
}

export interface StoredSnapshot {
  id: number;
  takenAt: string;
  surveyId: string;
  definitionVersion: number;
  rulesId: string;
  rulesVersion: number;
  las: SnapshotLa[];
}

interface SnapshotDb {
  id: string;
  taken_at: Date;
  survey_id: string;
  definition_version: number;
  rules_id: string;
  rules_version: number;
  las: SnapshotLa[];
}

const toSnapshot = (x: SnapshotDb): StoredSnapshot => ({
  id: Number(x.id),
  takenAt: new Date(x.taken_at).toISOString(),
  surveyId: x.survey_id,
  definitionVersion: x.definition_version,
  rulesId: x.rules_id,
  rulesVersion: x.rules_version,
  las: x.las,
});

export async function latestSnapshot(db: Queryable): Promise<StoredSnapshot | null> {
  const r = await db.query<SnapshotDb>("SELECT * FROM report_snapshots ORDER BY id DESC LIMIT 1");
  return r.rows[0] ? toSnapshot(r.rows[0]) : null;
}

export async function findSnapshot(db: Queryable, id: number): Promise<StoredSnapshot | null> {
  const r = await db.query<SnapshotDb>("SELECT * FROM report_snapshots WHERE id = $1", [id]);
  return r.rows[0] ? toSnapshot(r.rows[0]) : null;
}

export async function insertSnapshot(db: Queryable, s: Omit<StoredSnapshot, "id" | "takenAt">, takenBy: string | null): Promise<StoredSnapshot> {
  const r = await db.query<SnapshotDb>(
    `INSERT INTO report_snapshots (taken_by, survey_id, definition_version, rules_id, rules_version, las)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING *`,
    [takenBy, s.surveyId, s.definitionVersion, s.rulesId, s.rulesVersion, JSON.stringify(s.las)],
  );
  return toSnapshot(r.rows[0]);
}

export interface ReleaseListRow {
  laCode: string;
  laName: string;
  region: string;
  responseStatus: string;
  releasedVersion: number | null;
  releasedAt: string | null;
  snapshotId: number | null;
  withdrawnAt: string | null;
}

/** Every LA with a response, with its live release (or its last withdrawn one). */
export async function listReleaseRows(db: Queryable): Promise<ReleaseListRow[]> {
  const r = await db.query<{ la_code: string; name: string; region: string; status: string; version: number | null; released_at: Date | null; snapshot_id: string | null; withdrawn_at: Date | null }>(
    `SELECT l.la_code, l.name, l.region, r.status, x.version, x.released_at, x.snapshot_id, x.withdrawn_at
       FROM responses r JOIN las l ON l.la_code = r.la_code
       LEFT JOIN LATERAL (SELECT version, released_at, snapshot_id, withdrawn_at FROM report_releases rr
                           WHERE rr.la_code = r.la_code ORDER BY (withdrawn_at IS NULL) DESC, version DESC LIMIT 1) x ON true
      ORDER BY l.name`,
  );
  return r.rows.map((x) => ({
    laCode: x.la_code,
    laName: x.name,
    region: x.region,
    responseStatus: x.status,
    releasedVersion: x.version,
    releasedAt: x.released_at ? new Date(x.released_at).toISOString() : null,
    snapshotId: x.snapshot_id === null ? null : Number(x.snapshot_id),
    withdrawnAt: x.withdrawn_at ? new Date(x.withdrawn_at).toISOString() : null,
  }));
}

export interface LiveRelease {
  laCode: string;
  version: number;
  snapshotId: number;
  releasedAt: string;
  report: FeedbackReportDto;
  pdfSha256: string | null;
}

export async function liveRelease(db: Queryable, laCode: string): Promise<LiveRelease | null> {
  const r = await db.query<{ la_code: string; version: number; snapshot_id: string; released_at: Date; report: FeedbackReportDto; pdf_sha256: string | null }>(
    "SELECT la_code, version, snapshot_id, released_at, report, pdf_sha256 FROM report_releases WHERE la_code = $1 AND withdrawn_at IS NULL",
    [laCode],
  );
  const x = r.rows[0];
  return x ? { laCode: x.la_code, version: x.version, snapshotId: Number(x.snapshot_id), releasedAt: new Date(x.released_at).toISOString(), report: x.report, pdfSha256: x.pdf_sha256 } : null;
}

/** The stored PDF of the LA's live release, or null. */
export async function liveReleasePdf(db: Queryable, laCode: string): Promise<Buffer | null> {
  const r = await db.query<{ pdf: Buffer | null }>("SELECT pdf FROM report_releases WHERE la_code = $1 AND withdrawn_at IS NULL", [laCode]);
  return r.rows[0]?.pdf ?? null;
}

/** Stores a new release (the next version for the LA); the caller withdraws any live one first. */
export async function insertRelease(
  db: Queryable,
  r: { laCode: string; snapshotId: number; report: FeedbackReportDto; pdf: Buffer | null; pdfSha256: string | null; releasedBy: string | null },
): Promise<number> {
  const x = await db.query<{ version: number }>(
    `INSERT INTO report_releases (la_code, version, snapshot_id, report, pdf, pdf_sha256, released_by)
     SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3::jsonb, $4, $5, $6 FROM report_releases WHERE la_code = $1
     RETURNING version`,
    [r.laCode, r.snapshotId, JSON.stringify(r.report), r.pdf, r.pdfSha256, r.releasedBy],
  );
  return x.rows[0].version;
}

/** Withdraws the LA's live release; returns its version, or null when none was live. */
export async function withdrawRelease(db: Queryable, laCode: string, by: string | null): Promise<number | null> {
  const r = await db.query<{ version: number }>(
    "UPDATE report_releases SET withdrawn_at = now(), withdrawn_by = $2 WHERE la_code = $1 AND withdrawn_at IS NULL RETURNING version",
    [laCode, by],
  );
  return r.rows[0]?.version ?? null;
}

/** LAs with a live release (code and name), for the zip of released PDFs. */
export async function listLiveReleases(db: Queryable): Promise<{ laCode: string; laName: string; version: number }[]> {
  const r = await db.query<{ la_code: string; name: string; version: number }>(
    `SELECT rr.la_code, l.name, rr.version FROM report_releases rr JOIN las l ON l.la_code = rr.la_code
      WHERE rr.withdrawn_at IS NULL AND rr.pdf IS NOT NULL ORDER BY rr.la_code`,
  );
  return r.rows.map((x) => ({ laCode: x.la_code, laName: x.name, version: x.version }));
}
