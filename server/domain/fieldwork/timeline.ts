/**
 * One LA's history as a single time-ordered list: answer changes (grouped per save, i.e. per
 * response version), submissions and reopenings, and audit entries (links issued/revoked, e-mails,
 * contact edits, exports...). Newest first.
 */
import type { AuditRow } from "../../domain/audit/audit-entry.ts";
import type { TimelineChange, TimelineEvent } from "./history-records.ts";

export interface TimelineEntry {
  at: string;
  kind: string; // "answers", "submitted", "reopened", or an audit action such as "token.issue"
  who: string;
  summary: string;
  changes?: { question: string; oldValue: unknown; newValue: unknown }[];
}

const ACTION_TEXT: Record<string, string> = {
  "token.issue": "Personal link issued",
  "token.revoke": "Personal link(s) revoked",
  "email.invitation": "Invitation e-mailed",
  "email.reminder": "Reminder e-mailed",
  "contact.create": "Contact added",
  "contact.import": "Contact imported",
  "contact.update": "Contact edited",
  "contact.erase": "Contact's personal data erased",
  "response.reopen": "Response reopened",
  "response.submit": "Response submitted",
  "export.download": "Data exported",
  "handoff.create": "Section handed to a colleague",
  "handoff.cancel": "Hand-off of a section cancelled",
  "handoff.accept": "Colleague took the section handed to them",
};

function contributorLabel(name: string | null, role: string | null, id: string | null): string {
  if (name) return role ? `${name} (${role})` : name;
  return id ? `contributor #${id}` : "LA contributor";
}

function eventSummary(kind: string, reason: string | null): string {
  if (kind === "submitted") return "Response submitted";
  const because = reason ? `: ${reason}` : "";
  return kind === "repaired" ? `Unreadable saved answers removed${because}` : `Response reopened${because}`;
}

export function buildTimeline(
  audit: AuditRow[],
  changes: TimelineChange[],
  events: TimelineEvent[],
  users: Map<string, string>,
): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  const who = (actor: string, kind: string) =>
    kind === "user" ? (users.get(actor) ?? `user ${actor.slice(0, 8)}`) : kind === "system" ? "system" : kind === "respondent" ? `LA contributor ${actor}` : "unknown";

  // group answer changes by response version (one save)
  const groups = new Map<number, TimelineChange[]>();
  for (const c of changes) {
    if (c.source === "submit" || c.source === "repair") continue; // the submit or repair event covers it
    groups.set(c.version, [...(groups.get(c.version) ?? []), c]);
  }
  for (const group of groups.values()) {
    const first = group[0]!;
    out.push({
      at: new Date(first.at).toISOString(),
      kind: "answers",
      who: contributorLabel(first.contributorName, first.contributorRole, first.contributorId),
      summary: group.length === 1 ? `Changed ${first.question}` : `Changed ${group.length} answers`,
      changes: group.map((c) => ({ question: c.question, oldValue: c.oldValue, newValue: c.newValue })),
    });
  }
  for (const e of events) {
    out.push({
      at: new Date(e.at).toISOString(),
      kind: e.kind,
      who: e.kind === "reopened" || e.kind === "repaired" ? (e.actorUserId ? (users.get(e.actorUserId) ?? `user ${e.actorUserId.slice(0, 8)}`) : "researcher") : contributorLabel(e.contributorName, null, e.contributorId),
      summary: eventSummary(e.kind, e.reason),
    });
  }
  for (const a of audit) {
    // submit/reopen are already listed from response_events
    if (a.action === "response.reopen" && events.some((e) => e.kind === "reopened")) continue;
    const d = a.details ?? {};
    let summary = ACTION_TEXT[a.action] ?? a.action;
    if (a.action.startsWith("email.") && typeof d.sent === "number") summary += ` (${d.sent} sent${d.failed ? `, ${String(d.failed)} failed` : ""})`;
    out.push({ at: new Date(a.at).toISOString(), kind: a.action, who: who(a.actor, a.actorKind), summary });
  }
  return out.sort((x, y) => (x.at < y.at ? 1 : x.at > y.at ? -1 : 0));
}
