import { useEffect, useRef, useState } from "react";
import { PERSONAL_DATA_REASON_MIN, type ExportBodyDto } from "../../../server/contracts/exports.ts";
import { ApiError, downloadFile, formatBytes, hasRole, type DownloadedFile } from "./api.ts";
import { Page } from "./page.tsx";
import { useSession } from "./session.tsx";

type Format = "xlsx" | "zip";

const FILES: { format: Format; title: string; purpose: string; button: string }[] = [
  {
    format: "xlsx",
    title: "Excel workbook",
    purpose:
      "For reading and filtering in a spreadsheet: the answers (as codes and as words), the codebook, every LA's scores, the indicator summaries, the LA register and the case studies, one sheet each.",
    button: "Download the Excel workbook",
  },
  {
    format: "zip",
    title: "Statistics bundle (SPSS, Stata and R)",
    purpose:
      "For analysis in SPSS, Stata or R: the same tables as CSV files, with a script for each package that reads them, labels every variable and answer, and saves a data file.",
    button: "Download the statistics bundle",
  },
];

interface Done extends DownloadedFile {
  format: Format;
  personal: boolean;
}

function seconds(ms: number): string {
  return ms < 1000 ? "under a second" : `${(ms / 1000).toFixed(1)} seconds`;
}

export function ExportsPage() {
  const { user } = useSession();
  const admin = hasRole(user, "admin");
  const [status, setStatus] = useState<"submitted" | "all">("submitted");
  const [personal, setPersonal] = useState(false);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Format | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<Done[]>([]);
  const summaryRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  const [focusTarget, setFocusTarget] = useState<"summary" | "result" | null>(null);

  // focus moves after React has rendered the message it points at
  useEffect(() => {
    if (focusTarget === "summary") summaryRef.current?.focus();
    if (focusTarget === "result") resultRef.current?.focus();
    if (focusTarget) setFocusTarget(null);
  }, [focusTarget]);

  async function download(format: Format) {
    setFailure(null);
    const withPersonal = admin && personal;
    if (withPersonal && reason.trim().length < PERSONAL_DATA_REASON_MIN) {
      setReasonError(`Say why you need personal data, in at least ${PERSONAL_DATA_REASON_MIN} characters`);
      setFocusTarget("summary");
      return;
    }
    setReasonError(null);
    const body: ExportBodyDto = { status, ...(withPersonal ? { includePersonal: true, reason: reason.trim() } : {}) };
    setBusy(format);
    try {
      const file = await downloadFile(`/api/admin/exports/responses.${format}`, body, `responses.${format}`);
      setDone((d) => [{ ...file, format, personal: withPersonal }, ...d]);
      setFocusTarget("result");
    } catch (err) {
      const message = (err as Error).message;
      if (err instanceof ApiError && err.body.field === "reason") setReasonError(message.replace(/^reason: /, ""));
      else setFailure(message);
      setFocusTarget("summary");
    } finally {
      setBusy(null);
    }
  }

  const last = done[0];
  return (
    <Page title="Exports">
      <p>
        Download the survey responses and scores for analysis. Answers are brought up to the current version of the questionnaire and
        scored with the current rules. Every download is recorded in the audit trail.
      </p>
      <div ref={summaryRef} tabIndex={-1}>
        {(reasonError || failure) && (
          <div className="error-summary" role="alert">
            <h2>There is a problem</h2>
            <ul>
              {reasonError && (
                <li>
                  <a href="#export-reason">{reasonError}</a>
                </li>
              )}
              {failure && <li>The download did not work: {failure}</li>}
            </ul>
          </div>
        )}
      </div>
      <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite">
        {last && (
          <p className="console-ok break-anywhere" id="export-result">
            Downloaded {last.fileName}: {formatBytes(last.bytes)}, in {seconds(last.elapsedMs)}.
          </p>
        )}
      </div>

      <form onSubmit={(e) => e.preventDefault()} noValidate>
        <fieldset className="console-section">
          <legend>Which LAs</legend>
          <div className="field checkbox">
            <input type="radio" id="export-status-submitted" name="export-status" checked={status === "submitted"} onChange={() => setStatus("submitted")} />
            <label htmlFor="export-status-submitted">Submitted responses only</label>
          </div>
          <div className="field checkbox">
            <input type="radio" id="export-status-all" name="export-status" checked={status === "all"} onChange={() => setStatus("all")} />
            <label htmlFor="export-status-all">Every LA, including those still answering or not started</label>
          </div>
        </fieldset>

        {admin ? (
          <fieldset className="console-section">
            <legend>Personal data</legend>
            <p className="hint" id="export-personal-hint">
              Left out unless you need it: the names of the people who answered and the LA contact details.
            </p>
            <div className="field checkbox">
              <input
                type="checkbox"
                id="export-personal"
                aria-describedby="export-personal-hint"
                checked={personal}
                onChange={(e) => setPersonal(e.target.checked)}
              />
              <label htmlFor="export-personal">Include personal data</label>
            </div>
            {personal && (
              <div className="field">
                <label htmlFor="export-reason">Why do you need personal data?</label>
                <p className="hint" id="export-reason-hint">
                  Recorded in the audit trail with your account and the time. At least {PERSONAL_DATA_REASON_MIN} characters.
                </p>
                {reasonError && (
                  <p className="field-error" id="export-reason-error">
                    <span className="visually-hidden">Error: </span>
                    {reasonError}
                  </p>
                )}
                <textarea
                  id="export-reason"
                  rows={3}
                  maxLength={500}
                  value={reason}
                  aria-invalid={reasonError ? true : undefined}
                  aria-describedby={reasonError ? "export-reason-hint export-reason-error" : "export-reason-hint"}
                  onChange={(e) => setReason(e.target.value)}
                />
              </div>
            )}
          </fieldset>
        ) : (
          <p className="hint">The files leave out personal data (names of the people who answered, LA contact details). Only an admin can include it.</p>
        )}

        {FILES.map((f) => (
          <section className="console-section" key={f.format} aria-labelledby={`export-${f.format}-h`}>
            <h2 id={`export-${f.format}-h`}>{f.title}</h2>
            <p>{f.purpose}</p>
            <button type="button" disabled={busy !== null} onClick={() => void download(f.format)}>
              {busy === f.format ? "Preparing the file…" : f.button}
            </button>
          </section>
        ))}
      </form>

      {done.length > 0 && (
        <section className="console-section" aria-labelledby="export-done-h">
          <h2 id="export-done-h">Downloaded on this page</h2>
          <div className="table-scroll" role="region" aria-labelledby="export-done-h" tabIndex={0}>
            <table className="console-table" id="export-done">
              <caption className="visually-hidden">Files downloaded on this page, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col">Personal data</th>
                  <th scope="col" className="num">Size</th>
                  <th scope="col" className="num">Took</th>
                  <th scope="col">At</th>
                </tr>
              </thead>
              <tbody>
                {done.map((d, i) => (
                  <tr key={i}>
                    <th scope="row" className="wrap break-anywhere">{d.fileName}</th>
                    <td>{d.personal ? "Included" : "Left out"}</td>
                    <td className="num">{formatBytes(d.bytes)}</td>
                    <td className="num">{seconds(d.elapsedMs)}</td>
                    <td>{d.at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Page>
  );
}
