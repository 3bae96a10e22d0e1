/**
 * One LA's response for reading in the console: the answers in the words of the questionnaire
 * version the LA answered, and its history (answer changes folded into sentences, submit/reopen
 * events, and the LA's audit entries such as links and e-mails), newest first.
 */
import type { Role } from "../domain/accounts/roles.ts";
import { questionIndex } from "../domain/definitions/question-index.ts";
import { notFound } from "../domain/errors.ts";
import { buildTimeline } from "../domain/fieldwork/timeline.ts";
import { foldChanges } from "../domain/responses/history-words.ts";
import { readableResponse } from "../domain/responses/readable-response.ts";
import type { ReadableResponseDto } from "../contracts/response-reading.ts";
import { listAudit } from "../repositories/audit-repository.ts";
import { listLaFieldwork } from "../repositories/fieldwork-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { findResponse, lastEdits } from "../repositories/responses-repository.ts";
import { listLaChanges, listLaEvents, userLabels } from "../repositories/timeline-repository.ts";
import type { DefinitionCache } from "./definition-cache.ts";
import { listLiveHandoffs } from "../repositories/handoffs-repository.ts";
import { handoffWords } from "../domain/responses/handoff-words.ts";

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export async function readLaResponse(db: Queryable, definitions: DefinitionCache, laCode: string, reader: { role: Role }): Promise<ReadableResponseDto> {
  const [la] = await listLaFieldwork(db, { withData: false, laCode });
  if (!la) throw notFound(`laCode: no LA with code ${laCode}`);
  const response = await findResponse(db, laCode);
  const [audit, changes, events] = await Promise.all([listAudit(db, { laCode }), response ? listLaChanges(db, laCode) : [], response ? listLaEvents(db, laCode) : []]);
  const userIds = [...audit.filter((a) => a.actorKind === "user").map((a) => a.actor), ...events.map((e) => e.actorUserId).filter((x): x is string => !!x)];
  // who did what in the console is the audit trail's business, which is admin-only
  const users = await userLabels(db, [...new Set(userIds)], { withEmail: reader.role === "admin" });
  const others = buildTimeline(audit, [], events, users).map((e) => ({ at: e.at, kind: e.kind, who: e.who, text: `${e.summary} (${e.who})`, saves: 1 }));

  let pages: ReadableResponseDto["pages"] = [];
  let answers: ReadableResponseDto["history"] = [];
  if (response) {
    const definition = await definitions.forResponse(db, response);
    const handoffs = await listLiveHandoffs(db, laCode);
    pages = readableResponse(definition.survey, response.data, await lastEdits(db, response.id)).map((p) => {
      const h = handoffs.find((x) => x.page === p.name);
      return { ...p, handoff: h ? handoffWords(h) : null };
    });
    answers = foldChanges(questionIndex(definition.survey), changes).map((e) => ({ at: e.at, kind: "answers", who: e.who, text: e.text, saves: e.saves }));
  }
  const history = [...answers, ...others].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  return {
    la: { laCode: la.laCode, name: la.name, region: la.region, laType: la.laType },
    status: la.status,
    definitionVersion: response?.definitionVersion ?? null,
    submittedAt: iso(la.submittedAt),
    lastSavedAt: iso(la.lastSavedAt),
    pages,
    history,
  };
}
