/**
 * Release jobs (sql/migrations/042_create_report_release_jobs.sql): one row per background release
 * and one per LA it covers, with that LA's outcome and its release e-mail's.
 */
import type { Queryable } from "./queryable.ts";

export type JobStatus = "running" | "done" | "interrupted";
export type JobLaState = "pending" | "released" | "skipped" | "failed";
export type JobEmailState = "sent" | "failed" | "no_contact" | "off";

export interface StoredJob {
  id: number;
  status: JobStatus;
  scope: "all" | "list";
  snapshotId: number;
  notify: boolean;
  emailsOff: string | null;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  stopReason: string | null;
}

export interface StoredJobLa {
  laCode: string;
  laName: string;
  state: JobLaState;
  reason: string | null;
  emailState: JobEmailState | null;
  emailsSent: number;
  emailsFailed: number;
}

interface JobDb {
  id: string;
  status: JobStatus;
  scope: "all" | "list";
  snapshot_id: string;
  notify: boolean;
  emails_off: string | null;
  started_by: string | null;
  started_at: Date;
  finished_at: Date | null;
  stop_reason: string | null;
}

const toJob = (x: JobDb): StoredJob => ({
  id: Number(x.id),
  status: x.status,
  scope: x.scope,
  snapshotId: Number(x.snapshot_id),
  notify: x.notify,
  emailsOff: x.emails_off,
  startedBy: x.started_by,
  startedAt: x.started_at.toISOString(),
  finishedAt: x.finished_at ? x.finished_at.toISOString() : null,
  stopReason: x.stop_reason,
});

/** A new running job; throws the unique violation (23505) when another job is running. */
export async function insertJob(db: Queryable, j: { scope: "all" | "list"; snapshotId: number; notify: boolean; emailsOff: string | null; startedBy: string | null }): Promise<StoredJob> {
  const r = await db.query<JobDb>(
    `INSERT INTO report_release_jobs (scope, snapshot_id, notify, emails_off, started_by) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [j.scope, j.snapshotId, j.notify, j.emailsOff, j.startedBy],
  );
  return toJob(r.rows[0]);
}

/** The LAs a job covers, in order; those already settled (skipped before it starts) carry their state and reason. */
export async function insertJobLas(db: Queryable, jobId: number, las: { laCode: string; laName: string; state: JobLaState; reason: string | null }[]): Promise<void> {
  if (las.length === 0) return;
  await db.query(
    `INSERT INTO report_release_job_las (job_id, position, la_code, la_name, state, reason)
     SELECT $1, t.ord, t.la_code, t.la_name, t.state, t.reason
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(la_code, la_name, state, reason, ord)`,
    [jobId, las.map((l) => l.laCode), las.map((l) => l.laName), las.map((l) => l.state), las.map((l) => l.reason)],
  );
}

export async function findJob(db: Queryable, id: number): Promise<StoredJob | null> {
  const r = await db.query<JobDb>("SELECT * FROM report_release_jobs WHERE id = $1", [id]);
  return r.rows[0] ? toJob(r.rows[0]) : null;
}

export async function latestJob(db: Queryable): Promise<StoredJob | null> {
  const r = await db.query<JobDb>("SELECT * FROM report_release_jobs ORDER BY id DESC LIMIT 1");
  return r.rows[0] ? toJob(r.rows[0]) : null;
}

export async function runningJob(db: Queryable): Promise<StoredJob | null> {
  const r = await db.query<JobDb>("SELECT * FROM report_release_jobs WHERE status = 'running'");
  return r.rows[0] ? toJob(r.rows[0]) : null;
}

export async function jobLas(db: Queryable, jobId: number): Promise<StoredJobLa[]> {
  const r = await db.query<StoredJobLa>(
    `SELECT la_code AS "laCode", la_name AS "laName", state, reason, email_state AS "emailState",
            emails_sent AS "emailsSent", emails_failed AS "emailsFailed"
       FROM report_release_job_las WHERE job_id = $1 ORDER BY position`,
    [jobId],
  );
  return r.rows;
}

export async function setLaState(db: Queryable, jobId: number, laCode: string, state: JobLaState, reason: string | null): Promise<void> {
  await db.query("UPDATE report_release_job_las SET state = $3, reason = $4 WHERE job_id = $1 AND la_code = $2", [jobId, laCode, state, reason]);
  await heartbeat(db, jobId);
}

export async function setLaEmail(db: Queryable, jobId: number, laCode: string, e: { state: JobEmailState; sent: number; failed: number }): Promise<void> {
  await db.query("UPDATE report_release_job_las SET email_state = $3, emails_sent = $4, emails_failed = $5 WHERE job_id = $1 AND la_code = $2", [jobId, laCode, e.state, e.sent, e.failed]);
}

/** The runner is alive; a running job without a heartbeat for a while is taken as stopped. */
export async function heartbeat(db: Queryable, jobId: number): Promise<void> {
  await db.query("UPDATE report_release_jobs SET heartbeat_at = now() WHERE id = $1 AND status = 'running'", [jobId]);
}

export async function finishJob(db: Queryable, jobId: number, status: "done" | "interrupted", stopReason: string | null): Promise<void> {
  await db.query("UPDATE report_release_jobs SET status = $2, stop_reason = $3, finished_at = now() WHERE id = $1 AND status = 'running'", [jobId, status, stopReason]);
}

/** Running jobs whose runner has not been heard from for `staleSeconds` are marked interrupted; returns their ids. */
export async function interruptStaleJobs(db: Queryable, staleSeconds: number, reason: string): Promise<number[]> {
  const r = await db.query<{ id: string }>(
    `UPDATE report_release_jobs SET status = 'interrupted', stop_reason = $2, finished_at = now()
      WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1) RETURNING id`,
    [staleSeconds, reason],
  );
  return r.rows.map((x) => Number(x.id));
}
