import { useEffect, useMemo, useRef, useState, type FormEvent } from "react";
import { useSearchParams } from "react-router-dom";
import { api, ApiError } from "./api.ts";
import { EmailSendLog } from "./email-send-log.tsx";
import { describedBy, ErrorSummary, FieldError, problemFor, type FormProblem } from "./field-error.tsx";
import { DelphiReminderPreview } from "./delphi-reminder-preview.tsx";
import { Loading, Page, StaleAlert, useApi } from "./page.tsx";
import type { LaProgressListDto } from "../../../server/contracts/fieldwork.ts";
import type {
  BatchDto,
  PreviewDto,
  PreviewInput,
  SendInput,
  SendStartedDto,
  SendsDto,
  TemplateInput,
  TemplateKeyDto,
  TemplateReplyDto,
  TemplatesDto,
} from "../../../server/contracts/email.ts";

/** The campaigns sent from this page, and the Delphi reminder (edited here, sent from a study's page). */
type Kind = Exclude<TemplateKeyDto, "report_release">;
type Preview = PreviewDto;
const KIND_NAME: Record<Kind, string> = { invitation: "invitation", reminder: "reminder", delphi_reminder: "Delphi reminder" };

/** Which LA the preview is written for: a real LA's name and contact, not a made-up example. */
function PreviewAsField({ las, value, onChange }: { las: { laCode: string; name: string; contacts: number }[]; value: string; onChange: (code: string) => void }) {
  const sorted = [...las].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <div className="field">
      <label htmlFor="preview-as">Preview as</label>
      <select id="preview-as" value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">The first LA that would receive it</option>
        {sorted.map((l) => (
          <option key={l.laCode} value={l.laCode}>
            {l.name}
            {l.contacts === 0 ? " (no contact on record)" : ""}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The entries of "Only these LAs" that are not 3-digit codes, said back as typed ("abc, 9999"). */
function codesProblem(text: string): FormProblem[] {
  const bad = text.split(/[\s,;]+/).map((c) => c.trim()).filter((c) => c && !/^[0-9]{3}$/.test(c));
  if (bad.length === 0) return [];
  const list = bad.slice(0, 10).join(", ") + (bad.length > 10 ? ` and ${bad.length - 10} more` : "");
  return [{ field: "laCodes", message: `LA codes must be 3 digits, like 301. Check ${bad.length === 1 ? "this one" : "these"}: ${list}` }];
}

/**
 * Whose e-mail the preview shows, and whether this send would reach that LA at all: a preview "as the
 * first LA that would receive it" must never quietly show an LA that would not.
 */
function PreviewedAs({ preview, asked }: { preview: Preview; asked: boolean }) {
  const { laCode, laName, contactName, receives } = preview.previewedAs;
  const addressed = contactName ? `, addressed to ${contactName}` : " (no contact on record for this LA)";
  if (receives) {
    return <p className="hint">As {laName} would receive it{addressed}; the link is created when the e-mail is sent.</p>;
  }
  if (!asked) {
    return (
      <p className="console-warning">
        No LA would receive this e-mail: no LA in this audience has an active contact and still needs it. The text below is written for {laName}
        {addressed} only to show the wording.
      </p>
    );
  }
  const skipped = preview.audience.skipped.find((s) => s.laCode === laCode);
  return (
    <p className="console-warning">
      As {laName} would see it{addressed}. This send would not reach {laName}: {skipped ? skipped.reason : "it is not among the LAs this send is for"}.
    </p>
  );
}

function parseCodes(text: string): string[] | undefined {
  const codes = text.split(/[\s,;]+/).map((c) => c.trim()).filter(Boolean);
  return codes.length ? codes : undefined;
}

export function EmailsPage() {
  const templates = useApi<TemplatesDto>("/api/admin/email-templates");
  const sends = useApi<SendsDto>("/api/admin/emails/sends");
  const las = useApi<LaProgressListDto>("/api/admin/fieldwork/las");
  const laNames = useMemo(() => new Map((las.data?.las ?? []).map((l) => [l.laCode, l.name])), [las.data]);
  const [previewAs, setPreviewAs] = useState("");
  const [params] = useSearchParams();
  const [kind, setKind] = useState<Kind>(params.get("template") === "delphi_reminder" ? "delphi_reminder" : "invitation");
  const delphi = kind === "delphi_reminder";
  const [draft, setDraft] = useState<{ subject: string; body: string } | null>(null);
  const [saveMsg, setSaveMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const [deadline, setDeadline] = useState("");
  const [codes, setCodes] = useState("");
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [confirm, setConfirm] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const previewRef = useRef<HTMLDivElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  // The draft starts from the server's template when the page opens and when another e-mail is
  // chosen. The reload after a save leaves it (and the preview) alone: it is what was just saved,
  // and anything typed while the reload was on its way would otherwise be overwritten.
  const draftFor = useRef<Kind | null>(null);
  useEffect(() => {
    if (draftFor.current === kind) return;
    setPreview(null);
    setConfirm(false);
    const t = templates.data?.templates.find((x) => x.key === kind);
    if (!t) return;
    draftFor.current = kind;
    setDraft({ subject: t.subject, body: t.body });
  }, [templates.data, kind]);

  useEffect(() => {
    if (preview) previewRef.current?.focus();
  }, [preview]);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!draft) return;
    try {
      await api<TemplateReplyDto>(`/api/admin/email-templates/${kind}`, { method: "PUT", body: draft satisfies TemplateInput });
      setSaveMsg({ ok: true, text: `The ${KIND_NAME[kind]} template was saved.` });
      templates.reload();
    } catch (err) {
      setSaveMsg({ ok: false, text: (err as Error).message });
    }
  }

  async function showPreview() {
    if (!draft || kind === "delphi_reminder") return;
    const found = codesProblem(codes);
    setProblems(found);
    if (found.length > 0) return;
    try {
      const asked: PreviewInput = { kind, subject: draft.subject, body: draft.body, deadline: deadline || undefined, laCodes: parseCodes(codes), laCode: previewAs || undefined };
      const p = await api<Preview>("/api/admin/emails/preview", { method: "POST", body: asked });
      setPreview(p);
    } catch (err) {
      setResult({ ok: false, text: (err as Error).message });
    }
  }

  async function send(e: FormEvent) {
    e.preventDefault();
    setResult(null);
    if (kind === "delphi_reminder") return;
    const found = codesProblem(codes);
    setProblems(found);
    if (found.length > 0) return;
    if (!deadline.trim()) {
      setResult({ ok: false, text: "Enter the deadline to show in the e-mail." });
      setTimeout(() => resultRef.current?.focus(), 0);
      return;
    }
    if (!confirm) {
      setResult({ ok: false, text: "Tick the box to confirm you have checked the preview and the audience." });
      setTimeout(() => resultRef.current?.focus(), 0);
      return;
    }
    setBusy(true);
    try {
      const campaign: SendInput = { kind, deadline, laCodes: parseCodes(codes) };
      const started = await api<SendStartedDto>("/api/admin/emails/send", { method: "POST", body: campaign });
      setConfirm(false);
      setResult({ ok: true, text: `Sending ${started.contacts} e-mail(s) to ${started.las} LA(s)…` });
      // the server sends in the background; follow its progress
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const b = await api<BatchDto>(`/api/admin/emails/batches/${started.batchId}`);
        if (b.status === "running") {
          setResult({ ok: true, text: `Sending: ${b.sent + b.failed} of ${b.total} done…` });
          continue;
        }
        setResult({
          ok: b.status === "done" && b.failed === 0,
          text:
            b.status === "failed"
              ? `Sending stopped: ${b.error ?? "unknown error"}. ${b.sent} sent, ${b.failed} failed; see the log below.`
              : `Sent ${b.sent} e-mail(s) to ${started.las} LA(s); ${b.failed} failed; ${started.skipped.length} LA(s) skipped.`,
        });
        break;
      }
      sends.reload();
    } catch (err) {
      setResult({ ok: false, text: err instanceof ApiError ? err.message : "Sending failed." });
    } finally {
      setBusy(false);
      setTimeout(() => resultRef.current?.focus(), 0);
    }
  }

  return (
    <Page title="E-mail invitations and reminders">
      {!templates.data || !draft ? (
        <Loading error={templates.error} what="the e-mail templates" reload={templates.reload} />
      ) : (
        <>
          <StaleAlert state={templates} what="the e-mail templates" />
          {!templates.data.smtpConfigured && (
            <p className="console-warning" role="note">
              E-mail is not configured on the server (SMTP_HOST is not set): you can edit and preview templates, but not send.
            </p>
          )}
          <fieldset className="console-section">
            <legend>Which e-mail</legend>
            <div className="field checkbox">
              <input type="radio" id="kind-invitation" name="kind" checked={kind === "invitation"} onChange={() => setKind("invitation")} />
              <label htmlFor="kind-invitation">Invitation (LAs not yet invited and not submitted)</label>
            </div>
            <div className="field checkbox">
              <input type="radio" id="kind-reminder" name="kind" checked={kind === "reminder"} onChange={() => setKind("reminder")} />
              <label htmlFor="kind-reminder">Reminder (only LAs that have not submitted)</label>
            </div>
            <div className="field checkbox">
              <input type="radio" id="kind-delphi-reminder" name="kind" checked={delphi} onChange={() => setKind("delphi_reminder")} />
              <label htmlFor="kind-delphi-reminder">Delphi panel reminder (sent from a Delphi study to panellists who have not submitted)</label>
            </div>
          </fieldset>

          <section className="console-section" aria-labelledby="template-h">
            <h2 id="template-h">Template</h2>
            <p className="hint" id="placeholders-hint">
              Placeholders: {(templates.data.templates.find((x) => x.key === kind)?.placeholders ?? templates.data.placeholders).map((p) => `{{${p}}}`).join(", ")}. The body must
              contain {"{{link}}"}{delphi ? " (the panellist's private link)" : ""}.
            </p>
            <form onSubmit={save}>
              <div className="field">
                <label htmlFor="tpl-subject">Subject</label>
                <input id="tpl-subject" value={draft.subject} aria-describedby="placeholders-hint" onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor="tpl-body">Body</label>
                <textarea id="tpl-body" rows={12} value={draft.body} aria-describedby="placeholders-hint" onChange={(e) => setDraft({ ...draft, body: e.target.value })} />
              </div>
              <div role="status" aria-live="polite">{saveMsg && <p className={saveMsg.ok ? "console-ok" : "console-error"}>{saveMsg.text}</p>}</div>
              {!delphi && <PreviewAsField las={las.data?.las ?? []} value={previewAs} onChange={setPreviewAs} />}
              <div className="button-row">
                <button type="submit">Save template</button>
                {!delphi && (
                  <button type="button" className="button-secondary" onClick={() => void showPreview()}>
                    Preview
                  </button>
                )}
              </div>
            </form>
            {delphi && <DelphiReminderPreview draft={draft} />}
          </section>

          {!delphi && (
          <section className="console-section" aria-labelledby="send-h">
            <h2 id="send-h">Send</h2>
            <form onSubmit={send}>
              <ErrorSummary problems={problems} idFor={(f) => (f === "laCodes" ? "send-codes" : undefined)} outcome="Nothing was sent." />
              <div className="field">
                <label htmlFor="send-deadline">Deadline shown in the e-mail</label>
                <input id="send-deadline" value={deadline} placeholder="for example 12 December 2026" onChange={(e) => setDeadline(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="send-codes">Only these LAs (optional: 3-digit codes separated by commas)</label>
                <FieldError id="send-codes-error" message={problemFor(problems, "laCodes")} />
                <input
                  id="send-codes"
                  value={codes}
                  aria-invalid={problemFor(problems, "laCodes") ? true : undefined}
                  aria-describedby={describedBy(problemFor(problems, "laCodes") && "send-codes-error")}
                  onChange={(e) => setCodes(e.target.value)}
                />
              </div>
              <div className="field checkbox">
                <input id="send-confirm" type="checkbox" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
                <label htmlFor="send-confirm">I have checked the preview and who will receive it</label>
              </div>
              <div className="button-row">
                <button type="button" className="button-secondary" onClick={() => void showPreview()}>
                  Preview and show audience
                </button>
                <button type="submit" disabled={busy}>
                  {busy ? "Sending…" : `Send ${kind}s`}
                </button>
              </div>
            </form>
            <div ref={resultRef} tabIndex={-1} role="status" aria-live="polite">
              {result && <p className={result.ok ? "console-ok" : "console-error"}>{result.text}</p>}
            </div>
            {preview && (
              <div className="preview" ref={previewRef} tabIndex={-1} aria-labelledby="preview-h">
                <h3 id="preview-h">Preview</h3>
                <PreviewedAs preview={preview} asked={previewAs !== ""} />
                {preview.problem && <p className="console-error">This template cannot be sent yet: {preview.problem}</p>}
                <p>
                  Would go to <strong>{preview.audience.contacts}</strong> contact(s) at <strong>{preview.audience.las}</strong> LA(s).
                  {preview.audience.skipped.length > 0 && ` ${preview.audience.skipped.length} LA(s) skipped (no active contact or already submitted).`}
                </p>
                <p><strong>Subject:</strong> {preview.subject}</p>
                <pre className="mail-body">{preview.body}</pre>
              </div>
            )}
          </section>
          )}
        </>
      )}
      <EmailSendLog sends={sends} laNames={laNames} />
    </Page>
  );
}
