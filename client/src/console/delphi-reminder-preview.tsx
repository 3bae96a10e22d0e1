import { useEffect, useRef, useState } from "react";
import { Link } from "react-router-dom";
import type { ListStudiesDto, ReminderPreviewDto } from "../../../server/contracts/delphi.ts";
import { api } from "./api.ts";
import { useApi } from "./page.tsx";

/**
 * The Delphi reminder on the e-mail page: preview the (unsaved) template as a study's waiting
 * panellist would get it. Reminders are sent from the study's page, not from here.
 */
export function DelphiReminderPreview({ draft }: { draft: { subject: string; body: string } }) {
  const studies = useApi<ListStudiesDto>("/api/admin/delphi/studies");
  const [studyId, setStudyId] = useState("");
  const [preview, setPreview] = useState<ReminderPreviewDto | null>(null);
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (preview) ref.current?.focus();
  }, [preview]);

  async function show() {
    setError(null);
    try {
      setPreview(await api<ReminderPreviewDto>("/api/admin/delphi/reminder-preview", { method: "POST", body: { ...draft, ...(studyId ? { studyId } : {}) } }));
    } catch (err) {
      setError((err as Error).message);
    }
  }

  const list = studies.data?.studies ?? [];
  return (
    <>
      <div className="field">
        <label htmlFor="delphi-preview-study">Preview for the panel of</label>
        <select id="delphi-preview-study" value={studyId} onChange={(e) => setStudyId(e.target.value)}>
          <option value="">No study (sample names)</option>
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title}
            </option>
          ))}
        </select>
      </div>
      <div className="button-row">
        <button type="button" className="button-secondary" onClick={() => void show()}>
          Preview
        </button>
      </div>
      <div role="status" aria-live="polite">{error && <p className="console-error">{error}</p>}</div>
      <p className="hint">
        Reminders are sent from a study&apos;s page (Delphi studies, then the study) to the panellists who have not submitted the open round.{" "}
        <Link to="/console/delphi">Go to the Delphi studies</Link>
      </p>
      {preview && (
        <div className="preview" ref={ref} tabIndex={-1} aria-labelledby="delphi-preview-h">
          <h3 id="delphi-preview-h">Preview</h3>
          <p className="hint">
            {preview.previewedAs.studyTitle
              ? `As ${preview.previewedAs.panellistName} would receive it for round ${preview.previewedAs.round} of ${preview.previewedAs.studyTitle}`
              : "With sample names"}
            ; the private link is created when the reminder is sent.
          </p>
          {preview.problem && <p className="console-error">This template cannot be saved yet: {preview.problem}</p>}
          <p>
            <strong>Subject:</strong> {preview.subject}
          </p>
          <pre className="mail-body">{preview.body}</pre>
        </div>
      )}
    </>
  );
}
