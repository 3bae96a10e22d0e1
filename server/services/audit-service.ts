/**
 * The audit trail as the console reads it: newest first, who did what in words, the LA by name,
 * what the entry was about (a console account, an e-mail template, an indicator) and its details
 * as short phrases. Identifiers that mean nothing to a reader are left out; the CSV keeps them.
 */
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { ACTION_WORDS, actionWords, detailWords } from "../domain/audit/describe-audit.ts";
import { invalid } from "../domain/errors.ts";
import { stringify } from "csv-stringify/sync";
import { userActor, type AuditRow } from "../domain/audit/audit-entry.ts";
import { AUDIT_CSV_COLUMNS, auditCsvRows, safeCell } from "../domain/fieldwork/audit-export.ts";
import { delphiSubjectTitles, laNames, listAudit, listAuditActions, recordAudit, type AuditFilter } from "../repositories/audit-repository.ts";
import { listChangesForExport, listEventsForExport, userLabels } from "../repositories/timeline-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import type { AuditEntryDto, AuditListDto, AuditQueryDto } from "../contracts/audit.ts";

export const PAGE_LIMIT = 1000;

/** The query's dates as a half-open range of whole days. */
export function auditFilter(q: Omit<AuditQueryDto, "includePersonal">): AuditFilter {
  const since = q.since ? new Date(`${q.since}T00:00:00Z`) : undefined;
  const until = q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  if (since && until && since >= until) throw invalid("The ‘From’ date must be on or before the ‘To’ date", "since");
  return { laCode: q.laCode, action: q.action, since, until, limit: q.limit };
}

const KIND_WORDS: Record<string, string> = {
  respondent: "An LA respondent",
  system: "The system",
  anonymous: "Someone not signed in",
};

const USER_SUBJECT = /^(user|auth)\./;
const DELPHI_SUBJECT = /^delphi(-panellist)?:/;

/**
 * Who did it, when not a console user. Delphi panellists and LA respondents are both recorded as
 * "respondent" (the actor kinds predate Delphi); the actor id says which, for old entries too.
 */
function otherActor(r: AuditRow): string {
  if (r.actor.startsWith("delphi-panellist:")) return "A Delphi panellist";
  return KIND_WORDS[r.actorKind] ?? r.actorKind;
}

function about(r: AuditRow, users: Map<string, string>, indicators: Map<string, string>, studies: Map<string, string>): string | null {
  if (!r.subject) return null;
  if (DELPHI_SUBJECT.test(r.subject)) {
    const title = studies.get(r.subject);
    return title ? `the study “${title}”` : null;
  }
  if (/^report\.(release|withdraw)$/.test(r.action) && /^v[0-9]+$/.test(r.subject)) return `version ${r.subject.slice(1)}`;
  if (USER_SUBJECT.test(r.action)) return r.subject === r.actor ? null : `account ${users.get(r.subject) ?? "no longer on record"}`;
  if (r.action === "email.template_update") return `the ${r.subject} template`;
  if (r.action === "case_study.proposal") return indicators.get(r.subject) ?? null;
  return null;
}

export async function listAuditEntries(db: Queryable, registry: DefinitionRegistry, q: Omit<AuditQueryDto, "includePersonal">): Promise<AuditListDto> {
  const limit = q.limit ?? PAGE_LIMIT;
  const rows = await listAudit(db, { ...auditFilter(q), limit, newestFirst: true });
  const userIds = new Set<string>();
  for (const r of rows) {
    if (r.actorKind === "user") userIds.add(r.actor);
    if (r.subject && USER_SUBJECT.test(r.action)) userIds.add(r.subject);
  }
  const [users, las, recorded, studies] = await Promise.all([
    userLabels(db, [...userIds]),
    laNames(db, [...new Set(rows.map((r) => r.laCode).filter((c): c is string => !!c))]),
    listAuditActions(db),
    delphiSubjectTitles(db, rows.map((r) => r.subject).filter((s): s is string => !!s && DELPHI_SUBJECT.test(s))),
  ]);
  const indicators = new Map<string, string>();
  for (const def of registry.all()) for (const i of def.catalogue.indicators) indicators.set(i.id, i.name);
  const entries: AuditEntryDto[] = rows.map((r) => {
    const actorLabel = r.actorKind === "user" ? (users.get(r.actor) ?? null) : null;
    return {
      ...r,
      at: new Date(r.at).toISOString(),
      laCode: r.laCode ?? null,
      subject: r.subject ?? null,
      details: r.details ?? {},
      actorLabel,
      who: actorLabel ?? (r.actorKind === "user" ? "A console user no longer on record" : otherActor(r)),
      what: actionWords(r.action),
      laName: r.laCode ? (las.get(r.laCode) ?? r.laCode) : null,
      about: about(r, users, indicators, studies),
      detailWords: detailWords(r.details),
    };
  });
  const actions = [...new Set([...Object.keys(ACTION_WORDS), ...recorded])]
    .map((action) => ({ action, label: actionWords(action) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { entries, actions, limit };
}

/**
 * The whole trail as CSV: audit_log entries, every answer change (who, when, question, old -> new)
 * and every submission/reopening. Personal data is left out by default: actors are pseudonymous ids
 * and answers to contact-detail questions are masked; with includePersonal an actor_label column
 * adds console users' e-mails and contributors' names. Every export is recorded.
 */
export async function exportAuditCsv(db: Queryable, q: AuditQueryDto, user: { id: string }): Promise<{ fileName: string; csv: string }> {
  const f = auditFilter({ ...q, limit: undefined });
  const [audit, changes, events] = await Promise.all([
    listAudit(db, f),
    listChangesForExport(db, { laCode: f.laCode, since: f.since, until: f.until }),
    listEventsForExport(db, { laCode: f.laCode, since: f.since, until: f.until }),
  ]);
  const userIds = [...audit.filter((r) => r.actorKind === "user").map((r) => r.actor), ...events.map((e) => e.actorUserId).filter((x): x is string => !!x)];
  const labels = q.includePersonal ? await userLabels(db, [...new Set(userIds)]) : new Map<string, string>();
  const rows = auditCsvRows(audit, changes, events, labels, Boolean(q.includePersonal));
  const header = [...AUDIT_CSV_COLUMNS.slice(0, 4), ...(q.includePersonal ? ["actor_label"] : []), ...AUDIT_CSV_COLUMNS.slice(4)];
  const body = rows.map((r) => {
    const cells = r.cells.map(safeCell);
    return q.includePersonal ? [...cells.slice(0, 4), safeCell(r.label), ...cells.slice(4)] : cells;
  });
  await recordAudit(db, {
    ...userActor(user),
    action: "export.audit",
    laCode: q.laCode ?? null,
    details: { rows: rows.length, includePersonal: Boolean(q.includePersonal), since: q.since ?? null, until: q.until ?? null },
  });
  const date = new Date().toISOString().slice(0, 10);
  return { fileName: `audit-trail-${q.laCode ?? "all"}-${date}.csv`, csv: stringify([header, ...body]) };
}
