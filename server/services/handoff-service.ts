/**
 * Handing a section of the questionnaire to a colleague in the same LA. A hand-off is a record, not
 * a credential: the colleague opens the LA's own link (which already lets anyone holding it answer
 * every section) and picks "I am Sam Jones" when saying who they are, so nothing new can be guessed
 * or leaked, and every hand-off is scoped to the LA of the link that made it. Cancelling ends it.
 * Each create, cancel and accept is in the audit trail by contributor id (never a name).
 */
import type pg from "pg";
import { AppError, notFound } from "../domain/errors.ts";
import type { CreateHandoffDto, CreateHandoffReplyDto, HandoffDto } from "../contracts/section-handoffs.ts";
import { withTransaction } from "../repositories/queryable.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { acceptHandoff, cancelHandoff, findLiveHandoff, insertHandoff, listLiveHandoffs, type HandoffRow } from "../repositories/handoffs-repository.ts";
import { upsertContributor, type ContributorRef } from "../repositories/responses-repository.ts";
import { cleanContributor } from "./response-service.ts";
import { openResponse, type LiveToken, type StoredResponse } from "./respondent-service.ts";
import type { DefinitionCache } from "./definition-cache.ts";

/** The sections of the questionnaire the LA answers: page name -> title. */
export type SectionTitles = Map<string, string>;

export function sectionTitles(survey: { pages?: unknown[] }): SectionTitles {
  const out: SectionTitles = new Map();
  for (const p of (survey.pages ?? []) as { name?: string; title?: unknown; navigationTitle?: unknown }[]) {
    if (!p.name) continue;
    const title = typeof p.navigationTitle === "string" ? p.navigationTitle : typeof p.title === "string" ? p.title : p.name;
    out.set(p.name, title);
  }
  return out;
}

/** The sections of the questionnaire version this LA answers. */
export async function sectionTitlesFor(pool: pg.Pool, definitions: DefinitionCache, live: LiveToken, known?: StoredResponse | null): Promise<SectionTitles> {
  const r = await openResponse(pool, definitions, live, known);
  return sectionTitles((await definitions.forResponse(pool, r)).survey);
}

function toDto(h: HandoffRow, titles: SectionTitles): HandoffDto {
  return {
    id: h.id,
    page: h.page,
    pageTitle: titles.get(h.page) ?? h.page,
    colleagueName: h.colleagueName,
    emailGiven: h.colleagueEmail !== null,
    note: h.note,
    handedBy: h.handedBy,
    createdAt: h.createdAt.toISOString(),
    state: h.acceptedAt ? "accepted" : "waiting",
    acceptedBy: h.acceptedBy,
    acceptedAt: h.acceptedAt?.toISOString() ?? null,
  };
}

const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * What the data lead passes on with the invitation e-mail. The link in that e-mail works for anyone in
 * the LA; the address bar after it opens does not (the token is taken out of it), so the text asks for
 * the e-mail, never for "the link".
 */
export function handoffInstructions(h: { colleagueName: string; pageTitle: string; note: string | null }, la: { name: string }, handedBy: string): string {
  return [
    `${handedBy} has asked you to answer the section "${h.pageTitle}" of the ${la.name} data capability survey.`,
    `Open the link in the survey invitation e-mail ${la.name} was sent. If you do not have it, ask ${handedBy} to forward that e-mail to you: a link copied from the browser's address bar does not work.`,
    `When it asks who is answering, choose "I am ${h.colleagueName}" and you will go straight to that section. Your answers are saved under your name.`,
    ...(h.note ? [`Note from ${handedBy}: ${h.note}`] : []),
  ].join("\n");
}

export async function listHandoffs(pool: pg.Pool, laCode: string, titles: SectionTitles): Promise<HandoffDto[]> {
  return (await listLiveHandoffs(pool, laCode)).map((h) => toDto(h, titles));
}

export async function createHandoff(
  pool: pg.Pool,
  la: { code: string; name: string },
  titles: SectionTitles,
  input: CreateHandoffDto,
  /** the hash of the browser's contributor key, when it has one */
  keyHash: string | null = null,
): Promise<CreateHandoffReplyDto> {
  if (!titles.has(input.page)) throw new AppError("unprocessable", `page: "${input.page}" is not a section of this questionnaire`, { field: "page" });
  const colleagueName = oneLine(input.colleagueName);
  if (!colleagueName) throw new AppError("invalid", 'Field "colleagueName" must not be blank', { field: "colleagueName" });
  const note = input.note ? input.note.trim() || null : null;
  const email = input.colleagueEmail?.trim() || null;
  const who = cleanContributor({ ...input.contributor, keyHash });
  return withTransaction(pool, async (client) => {
    const by = await upsertContributor(client, la.code, who);
    const id = await insertHandoff(client, { laCode: la.code, page: input.page, colleagueName, colleagueEmail: email, note, handedBy: by });
    if (!id) throw new AppError("conflict", `"${titles.get(input.page)}" is already handed to a colleague: cancel that first`, { details: { field: "page" } });
    await recordAudit(client, {
      actor: `contributor:${by}`,
      actorKind: "respondent",
      action: "handoff.create",
      laCode: la.code,
      subject: `handoff:${id}`,
      details: { page: input.page, emailGiven: email !== null },
    });
    const row = await findLiveHandoff(client, la.code, id);
    if (!row) throw notFound("hand-off not found");
    const dto = toDto(row, titles);
    return { handoff: dto, instructions: handoffInstructions(dto, la, who.name) };
  });
}

export async function cancelHandoffFor(pool: pg.Pool, laCode: string, id: string, contributor: ContributorRef): Promise<void> {
  const who = cleanContributor(contributor);
  await withTransaction(pool, async (client) => {
    if (!(await cancelHandoff(client, laCode, id))) throw notFound(`id: no open hand-off ${id} for this LA`);
    const by = await upsertContributor(client, laCode, who);
    await recordAudit(client, { actor: `contributor:${by}`, actorKind: "respondent", action: "handoff.cancel", laCode, subject: `handoff:${id}` });
  });
}

/** The colleague said "I am Sam Jones": the hand-off is theirs from now on. */
export async function acceptHandoffFor(pool: pg.Pool, laCode: string, id: string, contributor: ContributorRef, titles: SectionTitles): Promise<HandoffDto> {
  const who = cleanContributor(contributor);
  return withTransaction(pool, async (client) => {
    const by = await upsertContributor(client, laCode, who);
    if (!(await acceptHandoff(client, laCode, id, by))) throw notFound(`id: no open hand-off ${id} for this LA`);
    await recordAudit(client, { actor: `contributor:${by}`, actorKind: "respondent", action: "handoff.accept", laCode, subject: `handoff:${id}` });
    const row = await findLiveHandoff(client, laCode, id);
    if (!row) throw notFound(`id: no open hand-off ${id} for this LA`);
    return toDto(row, titles);
  });
}
