/**
 * Researcher use cases of the Delphi consultation: create a study from the indicator catalogue, edit
 * its settings (locked once round 1 opens), add items and panellists (private links, hashed), open
 * and close rounds, read results, moderate comments and record the consensus meeting's decisions.
 * Every change is in the audit trail (by id: no names or addresses).
 */
import type pg from "pg";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import * as repo from "../repositories/delphi-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { lastReminded } from "../repositories/delphi-reminder-repository.ts";
import { type AuditEntry } from "../domain/audit/audit-entry.ts";
import { conflict, notFound, unprocessable } from "../domain/errors.ts";
import { checkSettings, DEFAULT_SETTINGS, rulesChanged, type StudySettings } from "../domain/delphi/settings.ts";
import { latestConsensus, studyResults, type RoundInput } from "../domain/delphi/results.ts";
import { attrition, attritionBias, itemStopping, studyStopping } from "../domain/delphi/stopping.ts";
import { generateToken, hashToken } from "../domain/responses/tokens.ts";
import type { Catalogue } from "../domain/definitions/types.ts";
import type { RoundDto, StudyDto, ResultsDto, CommentDto, SettingsDto } from "../contracts/delphi.ts";

type Actor = Pick<AuditEntry, "actor" | "actorKind">;

export function panellistLink(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/delphi#${token}`;
}

async function studyOr404(db: Queryable, id: string, forUpdate = false): Promise<repo.StudyRow> {
  const s = await repo.findStudy(db, id, forUpdate);
  if (!s) throw notFound(`No Delphi study with id ${id}`);
  return s;
}

export async function createStudy(pool: pg.Pool, title: string, catalogue: Catalogue, catalogueVersion: number, actor: Actor): Promise<string> {
  // the schema's minLength counts spaces; a title of spaces is empty once trimmed
  if (!title.trim()) throw unprocessable("title: give the study a title", "title");
  return withTransaction(pool, async (db) => {
    const id = await repo.insertStudy(db, title.trim(), DEFAULT_SETTINGS, catalogueVersion, actor.actor);
    const areaName = new Map(catalogue.outcomeAreas.map((a) => [a.id, a.name]));
    let position = 0;
    for (const ind of catalogue.indicators) {
      const definition = `Numerator: ${ind.numerator}. Denominator: ${ind.denominator}.`;
      await repo.insertItem(db, id, { indicatorId: ind.id, name: ind.name, definition, outcomeArea: areaName.get(ind.outcomeArea) ?? ind.outcomeArea, origin: "catalogue", derivedFrom: [] }, position++);
    }
    await recordAudit(db, { ...actor, action: "delphi.study_create", subject: `delphi:${id}`, details: { items: position, catalogueVersion } });
    return id;
  });
}

export async function listStudies(pool: pg.Pool) {
  return (await repo.listStudies(pool)).map((s) => ({ id: s.id, title: s.title, createdAt: s.createdAt.toISOString(), panellists: s.panellists, rounds: s.rounds }));
}

function roundDto(r: repo.RoundRow, participants: repo.ParticipantRow[], settings: StudySettings): RoundDto {
  return {
    number: r.number,
    itemIds: r.itemIds,
    eligible: r.eligible,
    openedAt: r.openedAt.toISOString(),
    closesAt: r.closesAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    open: !r.closed,
    invited: participants.length,
    submitted: participants.filter((p) => p.submittedAt).length,
    byGroup: settings.groups.map((g) => ({
      group: g.key,
      label: g.label,
      invited: participants.filter((p) => p.group === g.key).length,
      submitted: participants.filter((p) => p.group === g.key && p.submittedAt).length,
    })),
  };
}

export async function studyDetail(pool: pg.Pool, id: string): Promise<StudyDto> {
  const s = await studyOr404(pool, id);
  const [items, panellists, rounds, reminded] = await Promise.all([repo.listItems(pool, id), repo.listPanellists(pool, id), repo.listRounds(pool, id), lastReminded(pool, id)]);
  const roundDtos: RoundDto[] = [];
  for (const r of rounds) roundDtos.push(roundDto(r, await repo.listParticipants(pool, r.id), s.settings));
  return {
    id: s.id,
    title: s.title,
    settings: s.settings,
    rulesVersion: s.rulesVersion,
    rulesLocked: s.rulesLockedAt !== null,
    items,
    panellists: panellists.map((p) => ({ id: p.id, name: p.name, email: p.email, group: p.group, consentAt: p.consentAt?.toISOString() ?? null, revoked: p.revokedAt !== null, lastRemindedAt: reminded.get(p.id)?.toISOString() ?? null })),
    rounds: roundDtos,
  };
}

export async function getSettings(pool: pg.Pool, id: string) {
  const s = await studyOr404(pool, id);
  return { settings: s.settings, rulesVersion: s.rulesVersion, rulesLocked: s.rulesLockedAt !== null };
}

/** New settings; the consensus rule and groups cannot change once round 1 has opened (409). */
export async function putSettings(pool: pg.Pool, id: string, given: SettingsDto, actor: Actor) {
  checkSettings(given);
  return withTransaction(pool, async (db) => {
    const s = await studyOr404(db, id, true);
    // a client that does not send the reminder interval keeps the study's
    const settings: SettingsDto = { ...given, reminders: given.reminders ?? s.settings.reminders };
    const changed = rulesChanged(s.settings, settings);
    if (changed && s.rulesLockedAt) {
      throw conflict(
        "The consensus rule and the stakeholder groups cannot change now: round 1 has opened and the panel rates under the rule it was given, so results stay comparable between rounds. Only the stopping rule can still change.",
      );
    }
    const keys = new Set(settings.groups.map((g) => g.key));
    const orphaned = (await repo.listPanellists(db, id)).find((p) => !p.revokedAt && !keys.has(p.group));
    if (orphaned) throw unprocessable(`groups: the group "${orphaned.group}" has panellists, so it cannot be removed`, "groups");
    const held = (await repo.listRounds(db, id)).length;
    if (settings.stopping.maxRounds < held) throw unprocessable(`stopping.maxRounds: ${held} rounds have already been opened, so the maximum cannot be lower`, "stopping.maxRounds");
    await repo.updateSettings(db, id, settings, changed);
    await recordAudit(db, { ...actor, action: "delphi.settings_change", subject: `delphi:${id}`, details: { rulesChanged: changed } });
    return { settings, rulesVersion: s.rulesVersion + (changed ? 1 : 0), rulesLocked: s.rulesLockedAt !== null };
  });
}

/** A researcher's own item, or a reworded/merged one that names the items it came from (lineage). */
export async function addItem(pool: pg.Pool, id: string, body: { name: string; definition: string; outcomeArea: string; derivedFrom?: string[] }, actor: Actor): Promise<string> {
  return withTransaction(pool, async (db) => {
    await studyOr404(db, id, true);
    const items = await repo.listItems(db, id);
    const known = new Set(items.map((i) => i.id));
    (body.derivedFrom ?? []).forEach((d, i) => {
      if (!known.has(d)) throw unprocessable(`derivedFrom[${i}]: item ${d} is not in this study`, `derivedFrom[${i}]`);
    });
    const parent = items.find((i) => i.id === body.derivedFrom?.[0]);
    const itemId = await repo.insertItem(
      db,
      id,
      { indicatorId: null, name: body.name.trim(), definition: body.definition.trim(), outcomeArea: body.outcomeArea.trim() || parent?.outcomeArea || "Proposed items", origin: "researcher", derivedFrom: body.derivedFrom ?? [] },
      items.length,
    );
    await recordAudit(db, { ...actor, action: "delphi.item_add", subject: `delphi:${id}`, details: { itemId, derivedFrom: body.derivedFrom ?? [] } });
    return itemId;
  });
}

export async function addPanellists(pool: pg.Pool, id: string, list: { name: string; email: string; group: string; consent?: boolean }[], publicUrl: string, actor: Actor) {
  return withTransaction(pool, async (db) => {
    const s = await studyOr404(db, id, true);
    const groups = new Set(s.settings.groups.map((g) => g.key));
    list.forEach((p, i) => {
      if (!groups.has(p.group)) throw unprocessable(`panellists[${i}].group "${p.group}" is not one of this study's stakeholder groups`, `panellists[${i}].group`);
    });
    const open = (await repo.listRounds(db, id)).find((r) => !r.closed && r.eligible === "all");
    const out: { id: string; group: string; link: string }[] = [];
    for (const p of list) {
      const token = generateToken();
      const pid = await repo.insertPanellist(db, id, { name: p.name.trim(), email: p.email.trim(), group: p.group, consent: p.consent ?? false }, hashToken(token));
      if (open) await repo.insertParticipants(db, open.id, [pid]);
      out.push({ id: pid, group: p.group, link: panellistLink(publicUrl, token) });
    }
    await recordAudit(db, { ...actor, action: "delphi.panellists_add", subject: `delphi:${id}`, details: { ids: out.map((o) => o.id), panellists: out.length } });
    return out;
  });
}

export async function revokePanellist(pool: pg.Pool, id: string, pid: string, actor: Actor): Promise<void> {
  await withTransaction(pool, async (db) => {
    if (!(await repo.revokePanellist(db, id, pid))) throw notFound(`No live link for panellist ${pid} in study ${id}`);
    await recordAudit(db, { ...actor, action: "delphi.link_revoke", subject: `delphi-panellist:${pid}` });
  });
}

async function roundInputs(db: Queryable, studyId: string, rounds: repo.RoundRow[]): Promise<RoundInput[]> {
  const ratings = await repo.listRatings(db, studyId);
  const out: RoundInput[] = [];
  for (const r of rounds) {
    const participants = await repo.listParticipants(db, r.id);
    out.push({
      number: r.number,
      itemIds: r.itemIds,
      participants: participants.map((p) => ({ panellistId: p.panellistId, group: p.group, submitted: p.submittedAt !== null })),
      ratings: ratings
        .filter((x) => x.roundId === r.id && (x.rating !== null || x.unable))
        .map((x) => ({ panellistId: x.panellistId, group: x.group, itemId: x.itemId, rating: x.unable ? ("unable" as const) : x.rating! })),
    });
  }
  return out;
}

export interface OpenRoundRequest {
  items?: "all" | "noConsensus" | string[];
  eligible?: "all" | "previousCompleters";
  closesAt?: string;
}

export async function openRound(pool: pg.Pool, id: string, req: OpenRoundRequest, actor: Actor): Promise<RoundDto> {
  return withTransaction(pool, async (db) => {
    const s = await studyOr404(db, id, true);
    const rounds = await repo.listRounds(db, id);
    if (rounds.some((r) => !r.closed)) throw conflict("A round is already open: close it first");
    if (rounds.length >= s.settings.stopping.maxRounds) throw conflict(`The study's stopping rule allows at most ${s.settings.stopping.maxRounds} rounds`);
    const items = await repo.listItems(db, id);
    const known = new Set(items.map((i) => i.id));
    let itemIds: string[];
    const choice = req.items ?? "all";
    if (choice === "all") itemIds = items.map((i) => i.id);
    else if (choice === "noConsensus") {
      const results = studyResults(items.map((i) => i.id), await roundInputs(db, id, rounds), s.settings);
      itemIds = results.filter((r) => latestConsensus(r).consensus === "none").map((r) => r.id);
    } else {
      choice.forEach((x, i) => {
        if (!known.has(x)) throw unprocessable(`items[${i}]: item ${x} is not in this study`, `items[${i}]`);
      });
      itemIds = [...new Set(choice)];
    }
    if (itemIds.length === 0) throw unprocessable("items: no items to rate in this round", "items");
    const eligible = req.eligible ?? "all";
    const closesAt = req.closesAt ? new Date(req.closesAt) : null;
    if (closesAt && closesAt.getTime() <= Date.now()) throw unprocessable("closesAt must be in the future", "closesAt");
    const panel = (await repo.listPanellists(db, id)).filter((p) => !p.revokedAt);
    let who = panel.map((p) => p.id);
    if (eligible === "previousCompleters") {
      const last = rounds[rounds.length - 1];
      if (!last) throw unprocessable("eligible: there is no previous round", "eligible");
      const done = new Set((await repo.listParticipants(db, last.id)).filter((p) => p.submittedAt).map((p) => p.panellistId));
      who = who.filter((p) => done.has(p));
    }
    const round = await repo.insertRound(db, id, rounds.length + 1, itemIds, eligible, closesAt);
    await repo.insertParticipants(db, round.id, who);
    await repo.lockRules(db, id);
    await recordAudit(db, { ...actor, action: "delphi.round_open", subject: `delphi:${id}`, details: { round: round.number, items: itemIds.length, eligible, invited: who.length } });
    return roundDto(round, await repo.listParticipants(db, round.id), s.settings);
  });
}

export async function closeRound(pool: pg.Pool, id: string, actor: Actor): Promise<RoundDto> {
  return withTransaction(pool, async (db) => {
    const s = await studyOr404(db, id, true);
    const open = (await repo.listRounds(db, id)).find((r) => !r.closed);
    if (!open) throw conflict("No round is open");
    await repo.closeRound(db, open.id);
    await recordAudit(db, { ...actor, action: "delphi.round_close", subject: `delphi:${id}`, details: { round: open.number } });
    const closed = (await repo.listRounds(db, id)).find((r) => r.id === open.id)!;
    return roundDto(closed, await repo.listParticipants(db, open.id), s.settings);
  });
}

export async function results(pool: pg.Pool, id: string): Promise<ResultsDto> {
  const s = await studyOr404(pool, id);
  const [items, rounds, decisions] = await Promise.all([repo.listItems(pool, id), repo.listRounds(pool, id), repo.listDecisions(pool, id)]);
  const inputs = await roundInputs(pool, id, rounds);
  const computed = studyResults(items.map((i) => i.id), inputs, s.settings);
  const decided = new Map(decisions.map((d) => [d.itemId, d]));
  const closed = new Set(rounds.filter((r) => r.closed).map((r) => r.number));
  const stopping = computed.map((r) => itemStopping(r.rounds.filter((x) => closed.has(x.round)).pop() ?? null, s.settings.stopping));
  const open = rounds.find((r) => !r.closed);
  return {
    ruleVersion: s.rulesVersion,
    stopping: studyStopping(closed.size, open?.number ?? null, stopping, s.settings.stopping),
    attrition: attrition(inputs, s.settings.groups.map((g) => g.key)),
    items: computed.map((r, i) => {
      const d = decided.get(r.id);
      return { id: r.id, name: items[i].name, rounds: r.rounds, stopping: stopping[i], attritionBias: attritionBias(inputs, r.id), decision: d ? { decision: d.decision, reason: d.reason } : null };
    }),
  };
}

export async function listComments(pool: pg.Pool, id: string): Promise<CommentDto[]> {
  await studyOr404(pool, id);
  const [items, rounds, ratings] = await Promise.all([repo.listItems(pool, id), repo.listRounds(pool, id), repo.listRatings(pool, id)]);
  const itemName = new Map(items.map((i) => [i.id, i.name]));
  const roundNumber = new Map(rounds.map((r) => [r.id, r.number]));
  return ratings
    .filter((r) => r.comment)
    .map((r) => ({
      id: `${r.roundId}-${r.panellistId}-${r.itemId}`,
      round: roundNumber.get(r.roundId)!,
      itemId: r.itemId,
      itemName: itemName.get(r.itemId) ?? "",
      group: r.group,
      text: r.comment!,
      status: r.commentStatus,
    }));
}

export async function moderateComment(pool: pg.Pool, id: string, cid: string, action: "approve" | "redact", actor: Actor): Promise<void> {
  const [roundId, panellistId, itemId] = cid.split("-");
  await withTransaction(pool, async (db) => {
    if (!(await repo.setCommentStatus(db, id, roundId, panellistId, itemId, action === "approve" ? "approved" : "redacted"))) throw notFound(`No comment ${cid} in study ${id}`);
    await recordAudit(db, { ...actor, action: `delphi.comment_${action}`, subject: `delphi:${id}`, details: { comment: cid } });
  });
}

export async function recordDecision(pool: pg.Pool, id: string, body: { itemId: string; decision: string; reason: string }, actor: Actor): Promise<void> {
  if (body.decision !== "include" && body.decision !== "exclude") throw unprocessable('decision must be "include" or "exclude"', "decision");
  if (!body.reason.trim()) throw unprocessable("reason: say why the meeting decided this", "reason");
  await withTransaction(pool, async (db) => {
    await studyOr404(db, id, true);
    if (!(await repo.listItems(db, id)).some((i) => i.id === body.itemId)) throw unprocessable(`itemId: item ${body.itemId} is not in this study`, "itemId");
    await repo.upsertDecision(db, id, body.itemId, body.decision, body.reason.trim(), actor.actor);
    await recordAudit(db, { ...actor, action: "delphi.decision", subject: `delphi:${id}`, details: { itemId: body.itemId, decision: body.decision, reason: body.reason.trim() } });
  });
}
