/**
 * Fieldwork dashboard API:
 *   GET /api/admin/fieldwork/summary               (viewer)      counts by status, region, LA type; response rate over time
 *   GET /api/admin/fieldwork/las                   (researcher)  every LA: status, % complete, last activity, contributors
 *   GET /api/admin/fieldwork/las/:laCode           (researcher)  one LA: response, contributors, contacts, e-mails
 *   GET /api/admin/fieldwork/las/:laCode/timeline  (researcher)  the LA's history (answers, submit/reopen, audit trail)
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { HttpError } from "../../lib/http-errors.ts";
import { LaCodeParams } from "./schemas.ts";
import { findDefinitionSurvey, listContributorsWithActivity, listLaFieldwork, type LaFieldworkRow } from "../../repositories/fieldwork-repository.ts";
import { listContacts } from "../../repositories/contacts-repository.ts";
import { listSends } from "../../repositories/email-repository.ts";
import { listAudit } from "../../repositories/audit-repository.ts";
import { listLaChanges, listLaEvents, userLabels } from "../../repositories/timeline-repository.ts";
import { compileStructure, type ResponseStructure } from "../../domain/responses/structure.ts";
import { countBy, percentComplete, responseRateOverTime, STATUSES } from "../../domain/fieldwork/progress.ts";
import { buildTimeline } from "../../domain/fieldwork/timeline.ts";
import type { Queryable } from "../../repositories/queryable.ts";
import type { SurveyJson } from "../../domain/definitions/types.ts";

function iso(d: Date | null): string | null {
  return d ? new Date(d).toISOString() : null;
}

function lastActivity(r: LaFieldworkRow): string | null {
  const times = [r.lastSavedAt, r.submittedAt, r.contributorLastSeen].filter((d): d is Date => d !== null).map((d) => new Date(d).getTime());
  return times.length ? new Date(Math.max(...times)).toISOString() : null;
}

const fieldworkRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db: Queryable = app.pg.pool;
  const structures = new Map<string, ResponseStructure | null>();

  async function structureFor(surveyId: string, version: number): Promise<ResponseStructure | null> {
    const key = `${surveyId}@${version}`;
    if (!structures.has(key)) {
      const survey = await findDefinitionSurvey(db, surveyId, version);
      structures.set(key, survey ? compileStructure(survey as SurveyJson) : null);
    }
    return structures.get(key)!;
  }

  async function percentOf(r: LaFieldworkRow): Promise<number> {
    if (r.status === "not_started" || !r.surveyId || r.definitionVersion === null) return 0;
    if (r.status === "submitted") return 100;
    const s = await structureFor(r.surveyId, r.definitionVersion);
    return s ? percentComplete(s, r.data ?? {}) : 0;
  }

  app.get("/admin/fieldwork/summary", { preHandler: app.requireRole("viewer") }, async () => {
    const rows = await listLaFieldwork(db, { withData: false });
    const status = rows.map((r) => ({
      laCode: r.laCode,
      region: r.region,
      laType: r.laType,
      status: r.status,
      startedAt: r.startedAt ? new Date(r.startedAt) : null,
      submittedAt: r.submittedAt ? new Date(r.submittedAt) : null,
    }));
    const totals = Object.fromEntries(STATUSES.map((s) => [s, status.filter((r) => r.status === s).length]));
    return {
      total: rows.length,
      totals,
      byRegion: countBy(status, (r) => r.region),
      byLaType: countBy(status, (r) => r.laType),
      overTime: responseRateOverTime(status, new Date()),
    };
  });

  app.get("/admin/fieldwork/las", { preHandler: app.requireRole("researcher") }, async () => {
    const rows = await listLaFieldwork(db, { withData: true });
    const las = [];
    for (const r of rows) {
      las.push({
        laCode: r.laCode,
        name: r.name,
        region: r.region,
        laType: r.laType,
        status: r.status,
        percentComplete: await percentOf(r),
        lastActivity: lastActivity(r),
        submittedAt: iso(r.submittedAt),
        contributors: r.contributors,
        contacts: r.contacts,
        lastEmailAt: iso(r.lastEmailAt),
        emailFailures: r.emailFailures,
      });
    }
    return { las };
  });

  app.get("/admin/fieldwork/las/:laCode", { preHandler: app.requireRole("researcher"), schema: { params: LaCodeParams } }, async (request) => {
    const [r] = await listLaFieldwork(db, { withData: true, laCode: request.params.laCode });
    if (!r) throw new HttpError(404, `No LA with code ${request.params.laCode}`);
    const [contributors, contacts, sends] = await Promise.all([
      listContributorsWithActivity(db, r.laCode),
      listContacts(db, r.laCode),
      listSends(db, { laCode: r.laCode, limit: 100 }),
    ]);
    return {
      la: { laCode: r.laCode, name: r.name, region: r.region, laType: r.laType },
      response: {
        status: r.status,
        percentComplete: await percentOf(r),
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
  });

  app.get("/admin/fieldwork/las/:laCode/timeline", { preHandler: app.requireRole("researcher"), schema: { params: LaCodeParams } }, async (request) => {
    const laCode = request.params.laCode;
    const [la] = await listLaFieldwork(db, { withData: false, laCode });
    if (!la) throw new HttpError(404, `No LA with code ${laCode}`);
    const [audit, changes, events] = await Promise.all([listAudit(db, { laCode }), listLaChanges(db, laCode), listLaEvents(db, laCode)]);
    const userIds = [...audit.filter((a) => a.actorKind === "user").map((a) => a.actor), ...events.map((e) => e.actorUserId).filter((x): x is string => !!x)];
    // who did what in the console is the audit trail's business, which is admin-only
    const users = await userLabels(db, [...new Set(userIds)], { withEmail: request.user?.role === "admin" });
    return { laCode, name: la.name, entries: buildTimeline(audit, changes, events, users) };
  });
};

export default fieldworkRoutes;
