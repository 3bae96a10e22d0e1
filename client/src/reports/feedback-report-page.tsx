/**
 * The page an LA reads its released feedback report on. Two routes draw it: /r/report (with the
 * session its survey link opened) and /report (with its read-only report link); they differ only in
 * the calls, the download addresses and a few words, passed in as props. Either way a `#<token>` in
 * the address is exchanged once for an HttpOnly cookie and removed from the address, and only the LA
 * behind the cookie can come back (the server picks it, never the page).
 */
import { useEffect, useRef, useState } from "react";
import type { FeedbackReportDto } from "../../../server/contracts/reports.ts";
import { ApiError } from "../api-error.ts";
import { ReportView } from "./report-view.tsx";
import "../respondent/respondent.css";

export interface FeedbackReportPageProps {
  /** Trades the token from the address for the cookie that reads the report. */
  exchangeToken: (token: string) => Promise<unknown>;
  /** The LA's report (a 404 while it is not released). */
  loadReport: () => Promise<FeedbackReportDto>;
  /** The report's download address without its ending: `${downloadPath}.pdf`, `${downloadPath}.csv`. */
  downloadPath: string;
  /** Refusals that mean the link or session is missing or no good, so the reader is told what to open. */
  badLinkStatuses: readonly number[];
  /** Said while the report is not released. */
  notReleasedText: string;
  /** Said under the refusal's own message when the link or session is no good. */
  badLinkHelp: string;
  /** A way back, on every state but loading. */
  backLink?: { href: string; text: string };
}

type Phase =
  | { kind: "loading" }
  | { kind: "bad-link"; message: string }
  | { kind: "not-released" }
  | { kind: "error"; message: string }
  | { kind: "ready"; report: FeedbackReportDto };

export function FeedbackReportPage({ exchangeToken, loadReport, downloadPath, badLinkStatuses, notReleasedText, badLinkHelp, backLink }: FeedbackReportPageProps) {
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void (async () => {
      const token = window.location.hash.replace(/^#/, "");
      try {
        if (token) {
          // the token leaves the address bar (and the history) before anything else happens
          window.history.replaceState(null, "", window.location.pathname);
          await exchangeToken(token);
        }
        setPhase({ kind: "ready", report: await loadReport() });
      } catch (err) {
        if (err instanceof ApiError && badLinkStatuses.includes(err.status)) setPhase({ kind: "bad-link", message: err.message });
        else if (err instanceof ApiError && err.status === 404) setPhase({ kind: "not-released" });
        else setPhase({ kind: "error", message: "Could not reach the server. Check your connection and reload the page." });
      }
    })();
  }, [exchangeToken, loadReport, badLinkStatuses]);

  useEffect(() => {
    document.title = phase.kind === "ready" ? `${phase.report.laName} feedback report – LA Data Capability Audit` : "Your feedback report – LA Data Capability Audit";
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
        {phase.kind === "not-released" && <p role="status">{notReleasedText}</p>}
        {phase.kind === "bad-link" && (
          <>
            <p role="alert">{phase.message}</p>
            <p>{badLinkHelp}</p>
          </>
        )}
        {phase.kind === "error" && <p role="alert">{phase.message}</p>}
        {backLink && (
          <p>
            <a href={backLink.href}>{backLink.text}</a>
          </p>
        )}
      </main>
    );
  }
  const { report } = phase;
  return (
    <main id="main" className="page respondent">
      <h1>{report.title}</h1>
      <p className="no-print">
        <a href={`${downloadPath}.pdf`} download>
          Download this report as a PDF
        </a>{" "}
        (accessible, tagged for screen readers) ·{" "}
        <a href={`${downloadPath}.csv`} download>
          Download your figures as CSV
        </a>
        {backLink && (
          <>
            {" "}
            · <a href={backLink.href}>{backLink.text}</a>
          </>
        )}
      </p>
      <ReportView report={report} />
    </main>
  );
}
