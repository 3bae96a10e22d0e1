/**
 * /r/report — the LA's own feedback report, read with the session its survey link opened (or with
 * the link itself: `/r/report#<token>` exchanges it like the survey page does). Only this LA's report
 * can come back: the server picks it from the session, never from the address.
 */
import { useEffect, useRef, useState } from "react";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import { ReportView } from "../reports/report-view.tsx";
import { ApiError, respondentApi } from "./api.ts";
import "./respondent.css";

type Phase =
  | { kind: "loading" }
  | { kind: "no-session"; message: string }
  | { kind: "not-released" }
  | { kind: "error"; message: string }
  | { kind: "ready"; report: FeedbackReportDto };

export default function ReportPage() {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const token = window.location.hash.replace(/^#/, "");
      try {
        if (token) {
          window.history.replaceState(null, "", window.location.pathname);
          await respondentApi.exchangeToken(token);
        }
        setPhase({ kind: "ready", report: await respondentApi.report() });
      } catch (err) {
        if (err instanceof ApiError && (err.status === 401 || err.status === 429)) setPhase({ kind: "no-session", message: err.message });
        else if (err instanceof ApiError && err.status === 404) setPhase({ kind: "not-released" });
        else setPhase({ kind: "error", message: "Could not reach the server. Check your connection and reload the page." });
      }
    })();
  }, []);

  useEffect(() => {
    document.title =
      phase.kind === "ready" ? `${phase.report.laName} feedback report – LA Data Capability Audit` : "Your feedback report – LA Data Capability Audit";
  }, [phase]);

  if (phase.kind === "loading") {
    return (
      <main id="main" className="page respondent">
        <p role="status">Opening your report…</p>
      </main>
    );
  }
  if (phase.kind !== "ready") {
    return (
      <main id="main" className="page respondent">
        <h1>Your feedback report</h1>
        {phase.kind === "not-released" && (
          <p role="status">Your report has not been released yet. The research team will e-mail you when it is ready.</p>
        )}
        {phase.kind === "no-session" && (
          <>
            <p role="alert">{phase.message}</p>
            <p>Open the full link from your invitation e-mail first, then come back to this page.</p>
          </>
        )}
        {phase.kind === "error" && <p role="alert">{phase.message}</p>}
        <p>
          <a href="/r">Back to the survey</a>
        </p>
      </main>
    );
  }
  const { report } = phase;
  return (
    <main id="main" className="page respondent">
      <h1>{report.title}</h1>
      <p className="no-print">
        <a href="/api/respondent/report.pdf" download>
          Download this report as a PDF
        </a>{" "}
        (accessible, tagged for screen readers) ·{" "}
        <a href="/api/respondent/report.csv" download>
          Download your figures as CSV
        </a>{" "}
        · <a href="/r">Back to the survey</a>
      </p>
      <ReportView report={report} />
    </main>
  );
}
