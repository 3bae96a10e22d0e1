/**
 * Rows of the audit-trail CSV: audit_log entries, every answer change (who, when, question,
 * old -> new) and every submission / reopening, merged oldest first. Without personal data (the
 * default) actors are pseudonymous ids and answers to contact-detail questions are left out.
 */
import type { AuditRow } from "../../domain/audit/audit-entry.ts";
import type { ExportChange, ExportEvent } from "./history-records.ts";

export const AUDIT_CSV_COLUMNS = ["id", "at", "actor", "actor_kind", "action", "la_code", "subject", "details"] as const;

/**
 * Questions whose answers are contact details of people. Mirrors the export's rule
 * (server/domain/exports/build-sheets.ts isPersonalVariable): free-text names, e-mails, phones, job titles.
 */
export function isPersonalQuestion(question: string): boolean {
  const base = question.split(".")[0]!.replace(/-Comment$/, "").toLowerCase();
  return /(^|_)(name|names|email|e_mail|emails|phone|telephone|tel|mobile|contact|contacts|job_title)(_|$)/.test(base);
}

export const LEFT_OUT = "[personal data left out]";

/** Neutralise spreadsheet formulas in free text (CSV injection). */
export function safeCell(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

export interface AuditCsvRow {
  at: Date;
  cells: string[]; // without actor_label
  label: string; // actor label (personal) for includePersonal
}

export function auditCsvRows(
  audit: AuditRow[],
  changes: ExportChange[],
  events: ExportEvent[],
  userLabels: Map<string, string>,
  includePersonal: boolean,
): AuditCsvRow[] {
  const rows: AuditCsvRow[] = [];
  for (const r of audit) {
    rows.push({
      at: new Date(r.at),
      cells: [`audit:${r.id}`, new Date(r.at).toISOString(), r.actor, r.actorKind, r.action, r.laCode ?? "", r.subject ?? "", JSON.stringify(r.details ?? {})],
      label: r.actorKind === "user" ? (userLabels.get(r.actor) ?? "") : "",
    });
  }
  for (const c of changes) {
    const hide = !includePersonal && isPersonalQuestion(c.question);
    rows.push({
      at: new Date(c.at),
      cells: [
        `change:${c.id}`,
        new Date(c.at).toISOString(),
        c.contributorId ? `contributor:${c.contributorId}` : "",
        "respondent",
        c.source === "submit" ? "response.change_at_submit" : "response.change",
        c.laCode,
        c.question,
        JSON.stringify({ version: c.version, old: hide ? LEFT_OUT : c.oldValue ?? null, new: hide ? LEFT_OUT : c.newValue ?? null }),
      ],
      label: c.contributorName ? `${c.contributorName}${c.contributorRole ? ` (${c.contributorRole})` : ""}` : "",
    });
  }
  for (const e of events) {
    const byUser = e.kind === "reopened" && e.actorUserId;
    rows.push({
      at: new Date(e.at),
      cells: [
        `event:${e.id}`,
        new Date(e.at).toISOString(),
        byUser ? e.actorUserId! : e.contributorId ? `contributor:${e.contributorId}` : "",
        byUser ? "user" : "respondent",
        `response.${e.kind}`,
        e.laCode,
        "",
        JSON.stringify(e.reason ? { reason: e.reason } : {}),
      ],
      label: byUser ? (userLabels.get(e.actorUserId!) ?? "") : (e.contributorName ?? ""),
    });
  }
  return rows.sort((a, b) => a.at.getTime() - b.at.getTime());
}
