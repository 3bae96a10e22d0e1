/**
 * "Release all" as a background job, with a real SMTP server (smtp-server on 127.0.0.1): the release
 * answers 202 at once with the job, the job's progress and each LA's outcome (released, e-mailed,
 * failed) can be read while it runs and after a page reload (latest), only one release runs at a
 * time, and a job whose runner stopped (the service crashed mid-release) is marked interrupted,
 * naming the LAs that were released and those that were not, and another release can then start.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSmtpServer, type TestSmtpServer } from "../../support/test-smtp-server.ts";
import { buildTestApp, type TestApp } from "../../helpers/build-test-app.ts";
import { loginAs, type LoggedIn } from "../../helpers/auth.ts";
import { seedDemoSubmissions } from "../../helpers/report-seed.ts";
import { releasedBy, waitForJob } from "../../helpers/release-job.ts";
import type { ReleaseJobDto } from "../../../server/contracts/report-release-jobs.ts";

let t: TestApp;
let researcher: LoggedIn;
let smtp: TestSmtpServer;
let four: string[];

const post = (who: LoggedIn, body: object) => who.agent.post("/api/admin/reports/release").set("x-csrf-token", who.csrfToken).send(body);

beforeAll(async () => {
  smtp = await startTestSmtpServer();
  t = await buildTestApp({ config: { smtp: { host: "127.0.0.1", port: smtp.port, secure: false, from: "Audit Team <audit@research.example>" } } });
  const world = await seedDemoSubmissions(t.pool);
  four = world.submitted.slice(0, 4).map((s) => s.la.laCode).sort();
  // four submitted LAs keep a release quick; the rest are still answering
  await t.pool.query("UPDATE responses SET status = 'in_progress', submitted_at = NULL WHERE NOT (la_code = ANY($1))", [four]);
  researcher = await loginAs(t.app, "researcher");
  const csv = ["la_code,name,email,role", `${four[0]},Jo Bloggs,jo@la-a.gov.uk,Head of BI`, `${four[1]},Bo Unce,bounce@la-b.gov.uk,`, `${four[2]},Sam Lee,sam@la-c.gov.uk,`].join("\n");
  await researcher.agent.post("/api/admin/contacts/import").set("x-csrf-token", researcher.csrfToken).send({ csv }).expect(200);
}, 300_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

describe("release all as a background job", () => {
  it("needs a researcher and the CSRF token; before any release there is no job", async () => {
    const viewer = await loginAs(t.app, "viewer");
    expect((await post(viewer, { all: true })).status).toBe(403);
    expect((await researcher.agent.post("/api/admin/reports/release").send({ all: true })).status).toBe(403);
    expect((await viewer.agent.get("/api/admin/reports/release-jobs/latest")).status).toBe(403);
    expect((await researcher.agent.get("/api/admin/reports/release-jobs/latest").expect(200)).body).toEqual({ job: null });
    expect((await researcher.agent.get("/api/admin/reports/release-jobs/99")).status).toBe(404);
  });

  it("answers 202 with the job at once, refuses a second release while it runs, and ends with each LA released and e-mailed or named", { timeout: 240_000 }, async () => {
    const res = await post(researcher, { all: true });
    expect(res.status).toBe(202);
    const started = res.body as ReleaseJobDto;
    expect(started).toMatchObject({ status: "running", scope: "all", emailsOff: null, counts: { total: 4 } });
    expect(started.las.map((l) => l.laCode).sort()).toEqual(four);
    // nothing is released before the job releases it: the request did not wait for the PDFs
    expect(started.counts.released).toBeLessThan(4);

    const second = await post(researcher, { all: true });
    if (second.status !== 202) {
      expect(second.status).toBe(409);
      expect(second.body.message).toMatch(new RegExp(`A release is already running \\(job ${started.id}, started .* by `));
    } // else the first had already finished (a very fast machine); the second is then a job of its own

    const latest = (await researcher.agent.get("/api/admin/reports/release-jobs/latest").expect(200)).body.job as ReleaseJobDto;
    expect(latest.id).toBeGreaterThanOrEqual(started.id);

    const job = await waitForJob(researcher, started.id);
    if (second.status === 202) await waitForJob(researcher, second.body.id);
    expect(job).toMatchObject({ status: "done", stopReason: null, finishedAt: expect.any(String), counts: { total: 4, released: 4, pending: 0, failed: 0, emailsSent: 2, emailsFailed: 1 } });
    expect(releasedBy(job).sort()).toEqual(four);
    const emailOf = (code: string) => job.las.find((l) => l.laCode === code)!.emailState;
    expect(four.map(emailOf)).toEqual(["sent", "failed", "sent", "no_contact"]);
    expect(smtp.inbox.map((m) => m.to[0]).sort()).toEqual(["jo@la-a.gov.uk", "sam@la-c.gov.uk"]);
    const live = await t.pool.query("SELECT la_code FROM report_releases WHERE withdrawn_at IS NULL ORDER BY la_code");
    expect(live.rows.map((r) => r.la_code)).toEqual([...four].sort());
    const audit = await t.pool.query("SELECT details FROM audit_log WHERE action = 'report.release_job.done' AND subject = $1", [String(started.id)]);
    expect(audit.rows[0].details).toMatchObject({ released: 4, emailsFailed: 1 });
  });

  it("a job whose runner stopped mid-release is marked interrupted, naming what was and was not released, and a new release can start", { timeout: 240_000 }, async () => {
    await releaseQuiet();
    const snapshot = (await t.pool.query("SELECT max(id) AS id FROM report_snapshots")).rows[0].id;
    // the state a crash leaves: a running job, one LA released, three not reached, no heartbeat since
    const { rows } = await t.pool.query(
      "INSERT INTO report_release_jobs (scope, snapshot_id, notify, started_by, heartbeat_at) VALUES ('all', $1, true, 'someone@test.example', now()) RETURNING id",
      [snapshot],
    );
    const id = Number(rows[0].id);
    await t.pool.query(
      `INSERT INTO report_release_job_las (job_id, position, la_code, la_name, state, email_state, emails_sent)
       SELECT $1, ord, code, 'LA ' || code, CASE WHEN ord = 1 THEN 'released' ELSE 'pending' END, CASE WHEN ord = 1 THEN 'sent' END, CASE WHEN ord = 1 THEN 1 ELSE 0 END
         FROM unnest($2::text[]) WITH ORDINALITY AS x(code, ord)`,
      [id, four],
    );
    // while its heartbeat is fresh it counts as running: no second release
    const refused = await post(researcher, { all: true, newSnapshot: true });
    expect(refused.status).toBe(409);
    expect(refused.body.message).toContain(`job ${id}`);

    await t.pool.query("UPDATE report_release_jobs SET heartbeat_at = now() - interval '5 minutes' WHERE id = $1", [id]);
    const seen = (await researcher.agent.get("/api/admin/reports/release-jobs/latest").expect(200)).body.job as ReleaseJobDto;
    expect(seen).toMatchObject({ id, status: "interrupted", stopReason: expect.stringMatching(/service stopped.*not released were not released: release them again/), counts: { released: 1, pending: 3 } });
    expect(seen.las.filter((l) => l.state === "pending").map((l) => l.laCode)).toEqual(four.slice(1));
    expect(seen.las[0]).toMatchObject({ laCode: four[0], state: "released", emailState: "sent" });
    const audit = await t.pool.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'report.release_job.interrupted' AND subject = $1", [String(id)]);
    expect(audit.rows[0].n).toBe(1);

    const next = await post(researcher, { all: true, notify: false });
    expect(next.status).toBe(202);
    expect((await waitForJob(researcher, next.body.id)).status).toBe("done");
  });
});

/** A release without e-mails, so the test after it starts from a finished job. */
async function releaseQuiet() {
  const res = await post(researcher, { all: true, notify: false });
  if (res.status === 202) await waitForJob(researcher, res.body.id);
}
