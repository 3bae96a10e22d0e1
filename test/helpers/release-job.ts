/**
 * Releases feedback reports the way the console does: POST /api/admin/reports/release answers 202
 * with a background job, then the job is polled until it is no longer running.
 */
import { expect } from "vitest";
import type { ReleaseJobDto } from "../../server/contracts/report-release-jobs.ts";
import type { LoggedIn } from "./auth.ts";

export async function waitForJob(who: LoggedIn, id: number, timeoutMs = 200_000): Promise<ReleaseJobDto> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await who.agent.get(`/api/admin/reports/release-jobs/${id}`).expect(200);
    const job = res.body as ReleaseJobDto;
    if (job.status !== "running") return job;
    if (Date.now() > until) throw new Error(`release job ${id} still running after ${timeoutMs} ms: ${JSON.stringify(job.counts)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Starts a release (expects 202 and the job's address) and waits for it; returns the finished job. */
export async function releaseAndWait(who: LoggedIn, body: object): Promise<ReleaseJobDto> {
  const res = await who.agent.post("/api/admin/reports/release").set("x-csrf-token", who.csrfToken).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  expect(res.headers.location).toBe(`/api/admin/reports/release-jobs/${res.body.id}`);
  return waitForJob(who, res.body.id);
}

/** The LAs a finished job released, and those it skipped with why. */
export const releasedBy = (job: ReleaseJobDto) => job.las.filter((l) => l.state === "released").map((l) => l.laCode);
export const skippedBy = (job: ReleaseJobDto) => job.las.filter((l) => l.state === "skipped").map((l) => ({ laCode: l.laCode, reason: l.reason }));
