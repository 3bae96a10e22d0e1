/**
 * The audit trail as the console reads it: newest first, who did what in words, the LA by name,
 * what the entry was about (a console account, an e-mail template, an indicator) and its details
 * as short phrases. Identifiers that mean nothing to a reader are left out; the CSV keeps them.
 */
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { ACTION_WORDS, actionWords, detailWords } from "../domain/audit/describe-audit.ts";
import { invalid } from "../domain/errors.ts";
import { laNames, listAudit, listAuditActions, type AuditFilter, type AuditRow } from "../repositories/audit-repository.ts";
import { userLabels } from "../repositories/timeline-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import type { AuditEntryDto, AuditListDto, AuditQueryDto } from "../contracts/audit.ts";

export const PAGE_LIMIT = 1000;

/** The query's dates as a half-open range of whole days. */
export function auditFilter(q: Omit<AuditQueryDto, "includePersonal">): AuditFilter {
  const since = q.since ? new Date(`${q.since}T00:00:00Z`) : undefined;
  const until = q.until ? new Date(new Date(`${q.until}T00:00:00Z`).getTime() + 86_400_000) : undefined;
  if (since && until && since >= until) throw invalid("since must be on or before until", "since");
  return { laCode: q.laCode, action: q.action, since, until, limit: q.limit };
}

const KIND_WORDS: Record<string, string> = {
  respondent: "An LA respondent",
  system: "The system",
  anonymous: "Someone not signed in",
};

const USER_SUBJECT = /^(user|auth)\./;

function about(r: AuditRow, users: Map<string, string>, indicators: Map<string, string>): string | null {
  if (!r.subject) return null;
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
  const [users, las, recorded] = await Promise.all([
    userLabels(db, [...userIds]),
    laNames(db, [...new Set(rows.map((r) => r.laCode).filter((c): c is string => !!c))]),
    listAuditActions(db),
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
      who: actorLabel ?? (r.actorKind === "user" ? "A console user no longer on record" : (KIND_WORDS[r.actorKind] ?? r.actorKind)),
      what: actionWords(r.action),
      laName: r.laCode ? (las.get(r.laCode) ?? r.laCode) : null,
      about: about(r, users, indicators),
      detailWords: detailWords(r.details),
    };
  });
  const actions = [...new Set([...Object.keys(ACTION_WORDS), ...recorded])]
    .map((action) => ({ action, label: actionWords(action) }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { entries, actions, limit };
}
