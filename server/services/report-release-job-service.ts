/**
 * Releasing feedback reports in the background: rendering a PDF for every LA and e-mailing each
 * one's contacts takes minutes, longer than a request should wait. Starting a release checks it,
 * fixes its snapshot and its list of LAs in the database and answers at once; a runner in this
 * process then releases one LA per transaction (its release and its row in the job together) and
 * e-mails it, so the job's rows always say which LAs are released. Only one job runs at a time (the
 * database refuses a second). If the service stops mid-job, the job is marked interrupted — on a
 * clean stop at once, after a crash once its heartbeat is old — naming the LAs not released and
 * those released but not e-mailed; it is never resumed silently. Releasing again finishes it: LAs
 * already released on the snapshot are skipped.
 */
import type pg from "pg";
import type { ReleaseBodyDto } from "../contracts/reports.ts";
import type { ReleaseJobDto } from "../contracts/report-release-jobs.ts";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { conflict, notFound } from "../domain/errors.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { withTransaction } from "../repositories/queryable.ts";
import * as jobs from "../repositories/report-release-jobs-repository.ts";
import { findSnapshot } from "../repositories/reports-repository.ts";
import { openReleaseMailer, type ReleaseMailSettings } from "./report-release-email-service.ts";
import { reportPdfWorkers } from "./report-pdf-pool.ts";
import { checkRelease, prepareRelease, recordRelease, releaseSnapshot, skipBeforeBuild } from "./report-service.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;
type Registry = Pick<DefinitionRegistry, "current" | "all">;

const HEARTBEAT_MS = 5_000;
/** A running job not heard from for this long has lost its runner (the service crashed or was killed). */
export const STALE_SECONDS = 60;
const CRASHED = "The service stopped while this release was running (it was not heard from for a minute). The LAs marked not released were not released: release them again.";
const STOPPED = "The service was stopped or restarted while this release was running. The LAs marked not released were not released: release them again.";

interface Runner {
  pool: pg.Pool;
  stopping: string | null;
  finished: Promise<void>;
}
const runners = new Map<number, Runner>();

function toDto(job: jobs.StoredJob, las: jobs.StoredJobLa[]): ReleaseJobDto {
  const count = (s: jobs.JobLaState) => las.filter((l) => l.state === s).length;
  return {
    ...job,
    counts: {
      total: las.length,
      pending: count("pending"),
      released: count("released"),
      skipped: count("skipped"),
      failed: count("failed"),
      emailsSent: las.reduce((n, l) => n + l.emailsSent, 0),
      emailsFailed: las.reduce((n, l) => n + l.emailsFailed, 0),
    },
    las,
  };
}

async function jobDto(pool: pg.Pool, job: jobs.StoredJob): Promise<ReleaseJobDto> {
  return toDto(job, await jobs.jobLas(pool, job.id));
}

/** Marks jobs whose runner is gone as interrupted (audited), so nobody waits on them. */
async function settleStaleJobs(pool: pg.Pool): Promise<void> {
  for (const id of await jobs.interruptStaleJobs(pool, STALE_SECONDS, CRASHED)) {
    await recordAudit(pool, { actor: "system", actorKind: "system", action: "report.release_job.interrupted", subject: String(id), details: { reason: "no heartbeat" } });
  }
}

export async function getReleaseJob(pool: pg.Pool, id: number): Promise<ReleaseJobDto> {
  await settleStaleJobs(pool);
  const job = await jobs.findJob(pool, id);
  if (!job) throw notFound(`There is no release job ${id}`);
  return jobDto(pool, job);
}

/** The latest release job (running or finished), or null when there has been none. */
export async function latestReleaseJob(pool: pg.Pool): Promise<ReleaseJobDto | null> {
  await settleStaleJobs(pool);
  const job = await jobs.latestJob(pool);
  return job ? jobDto(pool, job) : null;
}

const busy = (job: jobs.StoredJob) =>
  conflict(`A release is already running (job ${job.id}, started ${job.startedAt.slice(0, 16).replace("T", " ")} UTC${job.startedBy ? ` by ${job.startedBy}` : ""}). Wait for it to finish.`, { jobId: job.id });

/**
 * Checks a release (not a dry run), records it as a running job with its snapshot and LAs, and
 * starts releasing in the background. 409 while another job runs.
 */
export async function startReleaseJob(pool: pg.Pool, registry: Registry, body: ReleaseBodyDto, actor: Actor, settings: ReleaseMailSettings): Promise<ReleaseJobDto> {
  await settleStaleJobs(pool);
  const running = await jobs.runningJob(pool);
  if (running) throw busy(running);
  const { targets, rows } = await checkRelease(pool, registry, body);
  const mailer = await openReleaseMailer(pool, settings, actor, body.notify !== false);
  mailer.close(); // only asked whether e-mail is on; the runner opens its own
  const names = new Map(rows.map((r) => [r.laCode, r.laName]));
  let job: jobs.StoredJob;
  try {
    job = await withTransaction(pool, async (client) => {
      const snapshot = await releaseSnapshot(client, registry, body.newSnapshot === true, actor);
      const created = await jobs.insertJob(client, { scope: body.all ? "all" : "list", snapshotId: snapshot.id, notify: body.notify !== false, emailsOff: mailer.off, startedBy: actor.actorKind === "user" ? actor.actor : null });
      await jobs.insertJobLas(
        client,
        created.id,
        targets.map((laCode) => {
          const skip = skipBeforeBuild(rows.find((r) => r.laCode === laCode), snapshot.id);
          return { laCode, laName: names.get(laCode) ?? laCode, state: skip ? "skipped" : "pending", reason: skip };
        }),
      );
      await recordAudit(client, { ...actor, action: "report.release_job.start", subject: String(created.id), details: { scope: created.scope, las: targets.length, snapshotId: snapshot.id } });
      return created;
    });
  } catch (err) {
    if ((err as { code?: string }).code === "23505") {
      const other = await jobs.runningJob(pool);
      if (other) throw busy(other);
    }
    throw err;
  }
  const runner: Runner = { pool, stopping: null, finished: Promise.resolve() };
  runner.finished = runJob(pool, registry, job, actor, settings, runner).finally(() => runners.delete(job.id));
  runners.set(job.id, runner);
  return jobDto(pool, job);
}

async function runJob(pool: pg.Pool, registry: Registry, job: jobs.StoredJob, actor: Actor, settings: ReleaseMailSettings, runner: Runner): Promise<void> {
  const beat = setInterval(() => void jobs.heartbeat(pool, job.id).catch(() => {}), HEARTBEAT_MS);
  beat.unref();
  let mailer: Awaited<ReturnType<typeof openReleaseMailer>> | undefined;
  try {
    const snapshot = await findSnapshot(pool, job.snapshotId);
    if (!snapshot) throw new Error(`snapshot ${job.snapshotId} is missing`);
    mailer = await openReleaseMailer(pool, settings, actor, job.notify);
    const due = (await jobs.jobLas(pool, job.id)).filter((l) => l.state === "pending");
    // as many LAs built and rendered at once as there are PDF workers; stored and e-mailed in order
    const lanes = reportPdfWorkers();
    for (let i = 0; i < due.length; i += lanes) {
      if (runner.stopping) {
        await stop(pool, job, runner.stopping);
        return;
      }
      const batch = due.slice(i, i + lanes);
      const prepared = await Promise.all(batch.map((la) => prepareRelease(pool, registry, la.laCode, snapshot).catch((err: Error) => ({ error: err }))));
      for (const [k, la] of batch.entries()) {
        const p = prepared[k];
        let link: string;
        try {
          if ("error" in p) throw p.error;
          if ("skipped" in p) {
            await jobs.setLaState(pool, job.id, la.laCode, "skipped", p.skipped);
            continue;
          }
          link = await withTransaction(pool, async (client) => {
            const made = await recordRelease(client, p, snapshot.id, actor, settings.links);
            await jobs.setLaState(client, job.id, la.laCode, "released", null);
            return made;
          });
        } catch (err) {
          await jobs.setLaState(pool, job.id, la.laCode, "failed", `The report could not be made: ${(err as Error).message}`);
          continue;
        }
        await jobs.setLaEmail(pool, job.id, la.laCode, await mailer.send(la.laCode, la.laName, link));
      }
    }
    const final = await jobDto(pool, job);
    // one transaction: whoever sees the job done also finds it in the audit trail
    await withTransaction(pool, async (client) => {
      await jobs.finishJob(client, job.id, "done", null);
      await recordAudit(client, { ...actor, action: "report.release_job.done", subject: String(job.id), details: { ...final.counts } });
    });
  } catch (err) {
    await stop(pool, job, `The release stopped on an error: ${(err as Error).message}. The LAs marked not released were not released: release them again.`).catch(() => {});
  } finally {
    clearInterval(beat);
    mailer?.close();
  }
}

async function stop(pool: pg.Pool, job: jobs.StoredJob, reason: string): Promise<void> {
  await withTransaction(pool, async (client) => {
    await jobs.finishJob(client, job.id, "interrupted", reason);
    await recordAudit(client, { actor: "system", actorKind: "system", action: "report.release_job.interrupted", subject: String(job.id), details: { reason } });
  });
}

const runnersOf = (pool: pg.Pool) => [...runners.values()].filter((r) => r.pool === pool);

/** On shutdown: each job running on this database stops after its current LA and is marked interrupted. */
export async function stopReleaseJobs(pool: pg.Pool): Promise<void> {
  for (const r of runnersOf(pool)) r.stopping ??= STOPPED;
  await Promise.all(runnersOf(pool).map((r) => r.finished));
}
