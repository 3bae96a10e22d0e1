/**
 * /report#<token> — an LA reads its released feedback report with its read-only report link. The
 * token is exchanged once for an HttpOnly cookie and removed from the address; only the LA behind
 * the link can come back (the server takes it from the link, never from the page). The link opens
 * nothing else: not the questionnaire.
 */
import { useEffect, useRef, useState } from "react";
import type { FeedbackReportDto, ReportSessionDto } from "../../../server/contracts/reports.ts";
import { ReportView } from "./report-view.tsx";
import "../respondent/respondent.css";

type Phase =
  | { kind: "loading" }
  | { kind: "bad-link"; message: string }
  | { kind: "not-released" }
  | { kind: "error"; message: string }
  | { kind: "ready"; report: FeedbackReportDto };

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: body !== undefined ? { "content-type": "application/json" } : {},
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
  if (!res.ok) throw new HttpFailure(res.status, String(parsed.message ?? res.statusText));
  return parsed as T;
}

export default function ReportLinkPage() {
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
          await call<ReportSessionDto>("POST", "/api/report/session", { token });
        }
        setPhase({ kind: "ready", report: await call<FeedbackReportDto>("GET", "/api/report") });
      } catch (err) {
        if (err instanceof HttpFailure && (err.status === 401 || err.status === 429 || err.status === 400)) setPhase({ kind: "bad-link", message: err.message });
        else if (err instanceof HttpFailure && err.status === 404) setPhase({ kind: "not-released" });
        else setPhase({ kind: "error", message: "Could not reach the server. Check your connection and reload the page." });
      }
    })();
  }, []);

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
        {phase.kind === "not-released" && <p role="status">This report is not available at the moment. The research team will e-mail you when it is.</p>}
        {phase.kind === "bad-link" && (
          <>
            <p role="alert">{phase.message}</p>
            <p>Open the full link from the e-mail that told you your report was ready. If it still does not work, reply to that e-mail.</p>
          </>
        )}
        {phase.kind === "error" && <p role="alert">{phase.message}</p>}
      </main>
    );
  }
  const { report } = phase;
  return (
    <main id="main" className="page respondent">
      <h1>{report.title}</h1>
      <p className="no-print">
        <a href="/api/report.pdf" download>
          Download this report as a PDF
        </a>{" "}
        (accessible, tagged for screen readers) ·{" "}
        <a href="/api/report.csv" download>
          Download your figures as CSV
        </a>
      </p>
      <ReportView report={report} />
    </main>
  );
}
