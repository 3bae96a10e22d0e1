/**
 * /console/reports — feedback reports: every LA with a response, whether its report is released,
 * a preview of each submitted LA's report, and release (chosen LAs or every submitted LA, with a
 * dry run first if wanted, and always a question saying how many LAs will get their report before
 * anything is released) and withdrawal. A release runs on the server in the background: the page
 * shows its progress, follows it again after a reload, and says what happened when it ends. The
 * server records every release in the audit trail.
 */
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { ReleaseListDto, ReleaseReplyDto } from "../../../server/contracts/reports.ts";
import type { LatestReleaseJobDto, ReleaseJobDto } from "../../../server/contracts/report-release-jobs.ts";
import { api, formatDateTime, hasRole, STATUS_LABEL } from "./api.ts";
import { Page } from "./page.tsx";
import { ReleaseConfirm, reportCount, type ReleasePlan } from "./release-confirm.tsx";
import { ReleaseJobPanel } from "./release-job-panel.tsx";
import { useSession } from "./session.tsx";

const POLL_MS = 1000;

type ReleaseKind = ReleasePlan["kind"];

interface Outcome {
  kind: "dry-run" | "withdraw";
  heading: string;
  laCodes: string[];
  skipped: { laCode: string; reason: string }[];
}

/** What a dry run or a withdrawal came to, with the count said in words rather than a bare number. */
function outcomeSentence(o: Outcome, nameOf: (code: string) => string): string {
  const n = o.laCodes.length;
  const names = o.laCodes.map(nameOf).join(", ");
  if (o.kind === "dry-run") return n === 0 ? "No LA would get a report." : `${n === 1 ? "1 LA would get its report" : `${n} LAs would get their report`}: ${names}.`;
  return n === 0 ? "No report was withdrawn." : `${reportCount(n)} withdrawn: ${names}.`;
}

export function ReportsPage() {
  const admin = hasRole(useSession().user, "admin");
  const [list, setList] = useState<ReleaseListDto | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [focusResult, setFocusResult] = useState(false);
  const [job, setJob] = useState<ReleaseJobDto | null>(null);
  const [announce, setAnnounce] = useState("");
  const [confirming, setConfirming] = useState<ReleaseKind | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const releaseButtons = { release: useRef<HTMLButtonElement>(null), "release-all": useRef<HTMLButtonElement>(null) };
  const running = job?.status === "running";

  async function load() {
    try {
      setList(await api<ReleaseListDto>("/api/admin/reports"));
    } catch (err) {
      setFailure((err as Error).message);
    }
  }
  function loadLatestJob() {
    api<LatestReleaseJobDto>("/api/admin/reports/release-jobs/latest").then(
      (r) => setJob(r.job),
      (err: Error) => setFailure(err.message),
    );
  }
  useEffect(() => {
    void load();
    loadLatestJob();
  }, []);
  // follow a running release until it ends, then say so and show the new state of every LA
  const jobId = job?.id;
  useEffect(() => {
    if (!running || jobId === undefined) return;
    const timer = setTimeout(() => {
      api<ReleaseJobDto>(`/api/admin/reports/release-jobs/${jobId}`).then(
        (next) => {
          setJob(next);
          if (next.status !== "running") {
            setAnnounce(next.status === "done" ? `Release finished: ${next.counts.released} released, ${next.counts.failed} failed.` : "The release stopped before it finished.");
            void load();
          }
        },
        (err: Error) => setFailure(err.message),
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [running, jobId, job]);
  useEffect(() => {
    if (focusResult) {
      resultRef.current?.focus();
      setFocusResult(false);
    }
  }, [focusResult]);

  const names = new Map(list?.las.map((l) => [l.laCode, l.laName]) ?? []);
  const nameOf = (code: string) => `${names.get(code) ?? code} (${code})`;

  async function act(kind: "release" | "dry-run" | "release-all" | "withdraw") {
    setFailure(null);
    setBusy(true);
    try {
      if (kind === "withdraw") {
        const r = await api<{ withdrawn: string[]; skipped: { laCode: string; reason: string }[] }>("/api/admin/reports/withdraw", { method: "POST", body: { laCodes: [...chosen] } });
        setOutcome({ kind: "withdraw", heading: "Withdrawn", laCodes: r.withdrawn, skipped: r.skipped });
      } else if (kind === "dry-run") {
        const r = await api<ReleaseReplyDto>("/api/admin/reports/release", { method: "POST", body: { laCodes: [...chosen], dryRun: true } });
        setOutcome({ kind: "dry-run", heading: "Dry run: nothing was released", laCodes: r.released, skipped: r.skipped });
      } else {
        // until the server answers, the last release's result would read as this one's
        setJob(null);
        const body = kind === "release-all" ? { all: true } : { laCodes: [...chosen] };
        const started = await api<ReleaseJobDto>("/api/admin/reports/release", { method: "POST", body });
        setOutcome(null);
        setJob(started);
        setAnnounce(`Release started: ${started.counts.total} LAs.`);
      }
      if (kind !== "dry-run") setChosen(new Set());
      await load();
    } catch (err) {
      setFailure((err as Error).message);
      setOutcome(null);
      if (kind === "release" || kind === "release-all") loadLatestJob();
    } finally {
      setBusy(false);
      setFocusResult(true);
    }
  }

  /**
   * What a release would do, from the list shown: the LAs it covers that have submitted and are not
   * already released on the current snapshot get their report (the server skips the rest the same way).
   * Worked out at each render, so a box ticked while the question is open changes its count too.
   */
  function planFor(kind: ReleaseKind): ReleasePlan {
    const las = list?.las ?? [];
    const covered = kind === "release-all" ? las.filter((l) => l.responseStatus === "submitted") : las.filter((l) => chosen.has(l.laCode));
    const current = list?.snapshot?.id;
    const due = covered.filter((l) => l.responseStatus === "submitted" && !(l.releasedVersion !== null && current !== undefined && l.snapshotId === current)).length;
    return { kind, due, skipped: covered.length - due };
  }

  function askRelease(kind: ReleaseKind) {
    // when no LA would get a report nothing is shown or e-mailed, so there is nothing to ask: the
    // release runs and its result names each LA skipped and why
    if (planFor(kind).due === 0) void act(kind);
    else setConfirming(kind);
  }

  function cancelRelease() {
    const kind = confirming;
    setConfirming(null);
    setAnnounce("Nothing was released.");
    if (kind) releaseButtons[kind].current?.focus();
  }

  const toggle = (code: string, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(code);
      else next.delete(code);
      return next;
    });

  const submitted = list?.las.filter((l) => l.responseStatus === "submitted").length ?? 0;
  const released = list?.las.filter((l) => l.releasedVersion !== null).length ?? 0;
  return (
    <Page title="Feedback reports">
      <p>
        Each LA that submitted gets its own report: where it stands beside England, its region, its LA type and its statistical neighbours, and what
        would move each indicator up. Preview a report, then release it; the LA reads it from its survey link. All reports of a release use one
        national snapshot, and later releases reuse it.
      </p>
      <p>
        {list?.snapshot
          ? `National snapshot of ${formatDateTime(list.snapshot.takenAt)}: ${list.snapshot.submittedLas} LAs with submitted responses.`
          : "No national snapshot yet: the first release takes one."}{" "}
        {submitted} LAs submitted; {released} reports released.
      </p>
      {released > 0 && (
        <p>
          <a href="/api/admin/reports.zip" download>
            Download every released PDF ({released}, zip)
          </a>
          {admin && (
            <>
              {" · "}
              <a href="/api/admin/reports/links.csv" download>
                Download report links for a mail merge (CSV: a new link for each of the {released} LAs; earlier links keep working)
              </a>
            </>
          )}
        </p>
      )}
      <p className="visually-hidden" role="status" aria-live="polite">
        {announce}
      </p>
      {job && <ReleaseJobPanel job={job} />}
      <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite">
        {failure && (
          <div className="error-summary" role="alert">
            <h2>There is a problem</h2>
            <p>{failure}</p>
          </div>
        )}
        {outcome && (
          <div className="console-ok" id="report-outcome">
            <h2>{outcome.heading}</h2>
            <p>{outcomeSentence(outcome, nameOf)}</p>
            {outcome.skipped.length > 0 && (
              <>
                <p>Skipped:</p>
                <ul>
                  {outcome.skipped.map((s) => (
                    <li key={s.laCode}>
                      {nameOf(s.laCode)}: {s.reason}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
      </div>
      <div className="button-row">
        <button type="button" ref={releaseButtons.release} disabled={busy || running || chosen.size === 0} onClick={() => askRelease("release")}>
          Release the chosen reports ({chosen.size})
        </button>
        <button type="button" className="button-secondary" disabled={busy || chosen.size === 0} onClick={() => void act("dry-run")}>
          Dry run for the chosen reports
        </button>
        <button type="button" className="button-secondary" ref={releaseButtons["release-all"]} disabled={busy || running || submitted === 0} onClick={() => askRelease("release-all")}>
          Release every submitted LA's report
        </button>
        <button type="button" className="button-secondary" disabled={busy || chosen.size === 0} onClick={() => void act("withdraw")}>
          Withdraw the chosen reports
        </button>
      </div>
      {confirming && (
        <ReleaseConfirm
          key={confirming}
          plan={planFor(confirming)}
          smtpConfigured={list?.smtpConfigured ?? false}
          busy={busy || running}
          onConfirm={() => {
            setConfirming(null);
            void act(confirming);
          }}
          onCancel={cancelRelease}
        />
      )}
      {!list ? (
        <p role="status">Loading…</p>
      ) : (
        <div className="table-scroll" role="region" aria-label="LAs and their reports" tabIndex={0}>
          <table className="console-table">
            <caption className="visually-hidden">LAs with a response and their feedback reports</caption>
            <thead>
              <tr>
                <th scope="col">Choose</th>
                <th scope="col">LA</th>
                <th scope="col">Region</th>
                <th scope="col">Response</th>
                <th scope="col">Report</th>
                <th scope="col">Report link</th>
                <th scope="col">Preview</th>
              </tr>
            </thead>
            <tbody>
              {list.las.map((l) => (
                <tr key={l.laCode}>
                  <td>
                    <input type="checkbox" id={`choose-${l.laCode}`} checked={chosen.has(l.laCode)} onChange={(e) => toggle(l.laCode, e.target.checked)} />
                    <label htmlFor={`choose-${l.laCode}`} className="visually-hidden">
                      Choose {l.laName}
                    </label>
                  </td>
                  <th scope="row">{l.laName}</th>
                  <td>{l.region}</td>
                  <td>{STATUS_LABEL[l.responseStatus] ?? l.responseStatus}</td>
                  <td>
                    {l.releasedVersion !== null
                      ? `Released (version ${l.releasedVersion}) ${formatDateTime(l.releasedAt)}`
                      : l.withdrawnAt
                        ? `Withdrawn ${formatDateTime(l.withdrawnAt)}`
                        : "Not released"}
                  </td>
                  <td>
                    {l.reportLinks.live > 0
                      ? `Working until ${formatDateTime(l.reportLinks.expiresAt)}; ${l.reportLinks.lastUsedAt ? `last opened ${formatDateTime(l.reportLinks.lastUsedAt)}` : "not opened yet"}`
                      : "None working"}
                  </td>
                  <td>
                    {l.responseStatus === "submitted" ? (
                      <Link to={`/console/reports/${l.laCode}`}>
                        Preview<span className="visually-hidden"> {l.laName}'s report</span>
                      </Link>
                    ) : (
                      "—"
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
