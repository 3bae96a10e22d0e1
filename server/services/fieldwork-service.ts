/**
 * The fieldwork dashboard's reads: counts by status, region and LA type with the response rate
 * over time; every LA's progress; one LA's response, contributors, contacts and e-mails; and its
 * history (answers, submit/reopen, audit trail). Completeness is measured against the structure of
 * the definition version each response answers, compiled once per version.
 */
import { notFound } from "../domain/errors.ts";
import { compileStructure, type ResponseStructure } from "../domain/responses/structure.ts";
import { countBy, percentComplete, responseRateOverTime, STATUSES } from "../domain/fieldwork/progress.ts";
import { buildTimeline } from "../domain/fieldwork/timeline.ts";
import type { SurveyJson } from "../domain/definitions/types.ts";
import { findDefinitionSurvey, listContributorsWithActivity, listLaFieldwork, type LaFieldworkRow } from "../repositories/fieldwork-repository.ts";
import { listContacts } from "../repositories/contacts-repository.ts";
import { listSends } from "../repositories/email-repository.ts";
import { listAudit } from "../repositories/audit-repository.ts";
import { listLaChanges, listLaEvents, userLabels } from "../repositories/timeline-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import type { FieldworkSummaryDto, LaFieldworkDto, LaProgressDto, LaProgressListDto, LaTimelineDto } from "../contracts/fieldwork.ts";

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

function lastActivity(r: LaFieldworkRow): string | null {
  const times = [r.lastSavedAt, r.submittedAt, r.contributorLastSeen].filter((d): d is Date => d !== null).map((d) => new Date(d).getTime());
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

export class FieldworkReads {
  private readonly structures = new Map<string, ResponseStructure | null>();

  constructor(private readonly db: Queryable) {}

  private async structureFor(surveyId: string, version: number): Promise<ResponseStructure | null> {
    const key = `${surveyId}@${version}`;
    if (!this.structures.has(key)) {
      const survey = await findDefinitionSurvey(this.db, surveyId, version);
      this.structures.set(key, survey ? compileStructure(survey as SurveyJson) : null);
    }
    return this.structures.get(key)!;
  }

  private async percentOf(r: LaFieldworkRow): Promise<number> {
    if (r.status === "not_started" || !r.surveyId || r.definitionVersion === null) return 0;
    if (r.status === "submitted") return 100;
    const s = await this.structureFor(r.surveyId, r.definitionVersion);
    return s ? percentComplete(s, r.data ?? {}) : 0;
  }

  async summary(): Promise<FieldworkSummaryDto> {
    const rows = await listLaFieldwork(this.db, { withData: false });
    const status = rows.map((r) => ({
      laCode: r.laCode,
      region: r.region,
      laType: r.laType,
      status: r.status,
      startedAt: r.startedAt ? new Date(r.startedAt) : null,
      submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
    }));
    const totals = { not_started: 0, in_progress: 0, submitted: 0 };
    for (const s of STATUSES) totals[s] = status.filter((r) => r.status === s).length;
    return {
      total: rows.length,
      totals,
      byRegion: countBy(status, (r) => r.region),
      byLaType: countBy(status, (r) => r.laType),
      overTime: responseRateOverTime(status, new Date()),
    };
  }

  async las(): Promise<LaProgressListDto> {
    const rows = await listLaFieldwork(this.db, { withData: true });
    const las: LaProgressDto[] = [];
    for (const r of rows) {
      las.push({
        laCode: r.laCode,
        name: r.name,
        region: r.region,
        laType: r.laType,
        status: r.status,
        percentComplete: await this.percentOf(r),
        lastActivity: lastActivity(r),
        submittedAt: iso(r.submittedAt),
        contributors: r.contributors,
        contacts: r.contacts,
        lastEmailAt: iso(r.lastEmailAt),
        emailFailures: r.emailFailures,
      });
    }
    return { las };
  }

  async la(laCode: string): Promise<LaFieldworkDto> {
    const [r] = await listLaFieldwork(this.db, { withData: true, laCode });
    if (!r) throw notFound(`No LA with code ${laCode}`);
    const [contributors, contacts, sends] = await Promise.all([
      listContributorsWithActivity(this.db, r.laCode),
      listContacts(this.db, r.laCode),
      listSends(this.db, { laCode: r.laCode, limit: 100 }),
    ]);
    return {
      la: { laCode: r.laCode, name: r.name, region: r.region, laType: r.laType },
      response: {
        status: r.status,
        percentComplete: await this.percentOf(r),
        surveyId: r.surveyId,
        definitionVersion: r.definitionVersion,
        startedAt: iso(r.startedAt),
        lastSavedAt: iso(r.lastSavedAt),
        submittedAt: iso(r.submittedAt),
        lastActivity: lastActivity(r),
        data: r.data ?? {},
      },
      contributors: contributors.map((c) => ({ ...c, firstSeenAt: iso(c.firstSeenAt), lastSeenAt: iso(c.lastSeenAt) })),
      contacts: contacts.map((c) => ({ id: c.id, name: c.name, email: c.email, role: c.role, isActive: c.isActive })),
      emails: sends.map((s) => ({ at: iso(s.at), kind: s.kind, toAddress: s.toAddress, outcome: s.outcome, error: s.error, sentBy: s.sentByEmail })),
    };
  }

  /** Who did what in the console is the audit trail's business (admin-only): others see a role, not an e-mail. */
  async timeline(laCode: string, reader: { role: string }): Promise<LaTimelineDto> {
    const [la] = await listLaFieldwork(this.db, { withData: false, laCode });
    if (!la) throw notFound(`No LA with code ${laCode}`);
    const [audit, changes, events] = await Promise.all([listAudit(this.db, { laCode }), listLaChanges(this.db, laCode), listLaEvents(this.db, laCode)]);
    const userIds = [...audit.filter((a) => a.actorKind === "user").map((a) => a.actor), ...events.map((e) => e.actorUserId).filter((x): x is string => !!x)];
    const users = await userLabels(this.db, [...new Set(userIds)], { withEmail: reader.role === "admin" });
    return { laCode, name: la.name, entries: buildTimeline(audit, changes, events, users) };
  }
}
