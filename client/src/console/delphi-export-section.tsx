import { useState } from "react";
import type { CsvExportBodyDto } from "../../../server/contracts/delphi.ts";
import { PERSONAL_DATA_REASON_MIN } from "../../../server/contracts/exports.ts";
import { downloadFile, hasRole } from "./api.ts";
import { useSession } from "./session.tsx";

type Message = { ok: boolean; text: string } | null;

/**
 * The study's downloads: the workbook, and the CSV files with a codebook. Panellists appear by a
 * pseudonymous number unless an admin asks for personal data, says why and confirms what the file
 * will hold; the server records who asked, when and why.
 */
export function DelphiExportSection({ studyId }: { studyId: string }) {
  const { user } = useSession();
  const admin = hasRole(user, "admin");
  const [personal, setPersonal] = useState(false);
  const [reason, setReason] = useState("");
  const [confirmed, setConfirmed] = useState(false);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  async function download() {
    const withPersonal = admin && personal;
    if (withPersonal && reason.trim().length < PERSONAL_DATA_REASON_MIN) {
      setMessage({ ok: false, text: `Say why you need the panellists' personal data, in at least ${PERSONAL_DATA_REASON_MIN} characters.` });
      return;
    }
    if (withPersonal && !confirmed) {
      setMessage({ ok: false, text: "Tick the box to confirm you need the personal data and will keep it safe." });
      return;
    }
    const body: CsvExportBodyDto = withPersonal ? { includePersonal: true, reason: reason.trim() } : {};
    setBusy(true);
    setMessage({ ok: true, text: "Preparing the CSV files…" });
    try {
      const file = await downloadFile(`/api/admin/delphi/studies/${studyId}/results.zip`, body, "delphi-results.zip");
      setMessage({ ok: true, text: `Downloaded ${file.fileName}${withPersonal ? ", with personal data. The download is recorded in the audit trail." : "."}` });
    } catch (err) {
      setMessage({ ok: false, text: `The download did not work: ${(err as Error).message}` });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="console-section" aria-labelledby="delphi-export-h">
      <h2 id="delphi-export-h">Download the results</h2>
      <p>
        <a href={`/api/admin/delphi/studies/${studyId}/results.xlsx`} download>
          Download the results workbook
        </a>{" "}
        <span className="hint">(Excel: methods summary, results by round and group, stopping rule, attrition, ratings by pseudonymous panellist number, comments, framework view)</span>
      </p>
      <p className="hint" id="delphi-csv-hint">
        The CSV files are for statistics packages: results, ratings and comments, a codebook (every variable, its values and labels, and the codes that mean
        missing) and a methods summary in the terms of the ACCORD and CREDES reporting guidance. Panellists appear by a pseudonymous number.
      </p>
      {admin ? (
        <fieldset className="console-section">
          <legend>Personal data</legend>
          <div className="field checkbox">
            <input id="delphi-personal" type="checkbox" checked={personal} onChange={(e) => setPersonal(e.target.checked)} />
            <label htmlFor="delphi-personal">Include panellists&apos; names, e-mail addresses and stakeholder groups</label>
          </div>
          {personal && (
            <>
              <p className="console-warning" id="delphi-personal-warning">
                The CSV files will include the name, e-mail address and stakeholder group of every panellist, beside their ratings. Panellists whose personal
                data has been erased are left out. Your name, the time and your reason are recorded in the audit trail.
              </p>
              <div className="field">
                <label htmlFor="delphi-personal-reason">Why do you need the personal data?</label>
                <textarea id="delphi-personal-reason" rows={2} value={reason} aria-describedby="delphi-personal-warning" onChange={(e) => setReason(e.target.value)} />
              </div>
              <div className="field checkbox">
                <input id="delphi-personal-confirm" type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />
                <label htmlFor="delphi-personal-confirm">I need this personal data and will handle it under our data-protection agreement</label>
              </div>
            </>
          )}
        </fieldset>
      ) : (
        <p className="hint">Only an admin can include the panellists&apos; names and e-mail addresses.</p>
      )}
      <button type="button" disabled={busy} aria-describedby="delphi-csv-hint" onClick={() => void download()}>
        {admin && personal ? "Download the CSV files with personal data" : "Download the CSV files with a codebook"}
      </button>
      <div role="status" aria-live="polite">
        {message && <p className={message.ok ? "console-ok" : "console-error"}>{message.text}</p>}
      </div>
    </section>
  );
}
