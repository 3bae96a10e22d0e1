/**
 * A release of feedback reports running in the background: a progress bar with counts while it
 * runs, then what happened, naming every LA that failed, was not e-mailed or (after the service
 * stopped mid-release) was not released. The reports page finds the latest job again after a reload.
 */
import type { ReleaseJobDto } from "../../../server/contracts/report-release-jobs.ts";
import { formatDateTime } from "./api.ts";

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function LaList({ title, las }: { title: string; las: { key: string; text: string }[] }) {
  if (las.length === 0) return null;
  return (
    <>
      <p>{title}</p>
      <ul>
        {las.map((l) => (
          <li key={l.key}>{l.text}</li>
        ))}
      </ul>
    </>
  );
}

export function ReleaseJobPanel({ job }: { job: ReleaseJobDto }) {
  const c = job.counts;
  const settled = c.total - c.pending;
  const name = (l: ReleaseJobDto["las"][number]) => `${l.laName} (${l.laCode})`;
  const failed = job.las.filter((l) => l.state === "failed").map((l) => ({ key: l.laCode, text: `${name(l)}: ${l.reason ?? "no reason recorded"}` }));
  const skipped = job.las.filter((l) => l.state === "skipped").map((l) => ({ key: l.laCode, text: `${name(l)}: ${l.reason ?? ""}` }));
  const mailFailed = job.las.filter((l) => l.emailState === "failed").map((l) => ({ key: l.laCode, text: `${name(l)}: ${plural(l.emailsFailed, "e-mail")} not delivered (see the e-mail send log)` }));
  const noContact = job.las.filter((l) => l.emailState === "no_contact").map((l) => ({ key: l.laCode, text: name(l) }));
  const notReleased = job.las.filter((l) => l.state === "pending").map((l) => ({ key: l.laCode, text: name(l) }));
  const notMailed = job.las.filter((l) => l.state === "released" && l.emailState === null).map((l) => ({ key: l.laCode, text: name(l) }));
  const heading = job.status === "running" ? "Releasing reports" : job.status === "done" ? "Release finished" : "Release stopped before it finished";
  return (
    <div className={job.status === "interrupted" ? "error-summary" : "console-ok"} id="release-job" data-job-id={job.id}>
      <h2>{heading}</h2>
      <p>
        Started {formatDateTime(job.startedAt)}
        {job.startedBy ? ` by ${job.startedBy}` : ""}
        {job.finishedAt ? `; ended ${formatDateTime(job.finishedAt)}` : ""}.
      </p>
      <label htmlFor="release-job-progress">
        {settled} of {c.total} LAs done
      </label>
      <progress id="release-job-progress" max={Math.max(1, c.total)} value={settled} />
      <p>
        {plural(c.released, "report")} released, {c.skipped} skipped, {c.failed} failed
        {job.emailsOff ? "." : `; ${plural(c.emailsSent, "e-mail")} sent, ${c.emailsFailed} not delivered.`}
      </p>
      {job.emailsOff && <p>{job.emailsOff}</p>}
      {job.status === "interrupted" && <p>{job.stopReason}</p>}
      {job.status !== "running" && (
        <>
          <LaList title="Not released:" las={notReleased} />
          <LaList title="Released but not e-mailed (give them their link from the report-links CSV):" las={job.emailsOff ? [] : notMailed} />
          <LaList title="Failed:" las={failed} />
          <LaList title="E-mails not delivered:" las={mailFailed} />
          <LaList title="Released with no contact to e-mail:" las={noContact} />
          <LaList title="Skipped:" las={skipped} />
        </>
      )}
    </div>
  );
}
