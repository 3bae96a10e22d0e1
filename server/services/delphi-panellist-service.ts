/**
 * What a panellist can do with their private link: read the open round (items in their own
 * randomised order, their ratings and, from round 2, the previous round's feedback), autosave
 * ratings and comments, and submit. A panellist only ever reaches their own ratings; others appear
 * only as aggregates and approved comments, never with a name or group next to a rating.
 */
import { randomInt } from "node:crypto";
import type pg from "pg";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import * as repo from "../repositories/delphi-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { conflict, unauthenticated, unprocessable } from "../domain/errors.ts";
import { generateToken, hashToken, isWellFormedToken } from "../domain/responses/tokens.ts";
import { endSession, findPanellistBySessionHash, insertSession } from "../repositories/delphi-session-repository.ts";
import { feedbackFor, shuffledOrder, type RoundInput } from "../domain/delphi/results.ts";
import type { PanellistRoundDto, PutRatingsDto } from "../contracts/delphi.ts";

export const INVALID_PANEL_LINK = "This link is not valid or has been withdrawn. Ask the research team for a new link.";

export const SIGNED_OUT = "You are signed out on this device. Open the private link from your invitation e-mail to come back.";

/** A browser session lasts a working fortnight at most; the link itself stays valid until withdrawn. */
const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;

export async function panellistByToken(db: Queryable, token: string | undefined): Promise<repo.PanellistRow> {
  const found = token && isWellFormedToken(token) ? await repo.findPanellistByTokenHash(db, hashToken(token)) : null;
  if (!found) throw unauthenticated(INVALID_PANEL_LINK);
  return found;
}

/** The panellist behind a browser session id (from the cookie); a missing, ended or expired session is 401. */
export async function panellistBySession(db: Queryable, sessionId: string | undefined): Promise<repo.PanellistRow> {
  const found = sessionId && isWellFormedToken(sessionId) ? await findPanellistBySessionHash(db, hashToken(sessionId)) : null;
  if (!found) throw unauthenticated(SIGNED_OUT);
  return found;
}

/** Exchange a live link token for a new browser session: the cookie carries the session id, never the link. */
export async function startSession(pool: pg.Pool, panellist: repo.PanellistRow): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = generateToken();
  const expiresAt = new Date(Date.now() + SESSION_MAX_MS);
  await insertSession(pool, panellist.id, hashToken(sessionId), expiresAt);
  return { sessionId, expiresAt };
}

/** Sign out: the session stops working at once, whoever holds its cookie. */
export async function signOut(pool: pg.Pool, sessionId: string | undefined): Promise<void> {
  if (sessionId && isWellFormedToken(sessionId)) await endSession(pool, hashToken(sessionId));
}

const cryptoRandom = () => randomInt(0, 2 ** 32) / 2 ** 32;

async function currentRound(db: Queryable, p: repo.PanellistRow) {
  const rounds = await repo.listRounds(db, p.studyId);
  const open = rounds.find((r) => !r.closed) ?? null;
  return { rounds, open };
}

async function roundInput(db: Queryable, studyId: string, r: repo.RoundRow): Promise<RoundInput> {
  const ratings = (await repo.listRatings(db, studyId)).filter((x) => x.roundId === r.id && (x.rating !== null || x.unable));
  return {
    number: r.number,
    itemIds: r.itemIds,
    participants: [],
    ratings: ratings.map((x) => ({ panellistId: x.panellistId, group: x.group, itemId: x.itemId, rating: x.unable ? ("unable" as const) : x.rating! })),
  };
}

export async function readRound(pool: pg.Pool, p: repo.PanellistRow): Promise<PanellistRoundDto> {
  const study = (await repo.findStudy(pool, p.studyId))!;
  const { rounds, open } = await currentRound(pool, p);
  const participant = open ? await repo.findParticipant(pool, open.id, p.id) : null;
  if (!open || !participant) return { study: study.title, round: null, items: [] };
  const items = new Map((await repo.listItems(pool, p.studyId)).map((i) => [i.id, i]));
  let order = participant.itemOrder;
  if (!order) {
    // first visit: fix this panellist's random order and keep it, since order can change which items pass
    order = shuffledOrder(open.itemIds.map((id) => ({ id, outcomeArea: items.get(id)!.outcomeArea })), cryptoRandom);
    await repo.setItemOrder(pool, open.id, p.id, order);
    order = (await repo.findParticipant(pool, open.id, p.id))!.itemOrder ?? order;
  }
  const own = new Map((await repo.listOwnRatings(pool, open.id, p.id)).map((r) => [r.itemId, r]));
  const previousRound = rounds.filter((r) => r.number < open.number).pop() ?? null;
  const previous = previousRound ? await roundInput(pool, p.studyId, previousRound) : null;
  const approved = previousRound ? (await repo.listRatings(pool, p.studyId)).filter((r) => r.roundId === previousRound.id && r.comment && r.commentStatus === "approved") : [];
  const labels = new Map(study.settings.groups.map((g) => [g.key, g.label]));
  return {
    study: study.title,
    round: { number: open.number, closesAt: open.closesAt?.toISOString() ?? null, submitted: participant.submittedAt !== null },
    items: order.map((id) => {
      const item = items.get(id)!;
      const mine = own.get(id);
      const fb = previous
        ? feedbackFor(
            previous,
            id,
            p.id,
            study.settings,
            approved.filter((c) => c.itemId === id).map((c) => c.comment!),
          )
        : null;
      return {
        id,
        name: item.name,
        definition: item.definition,
        outcomeArea: item.outcomeArea,
        rating: mine?.unable ? "unable" : (mine?.rating ?? null),
        comment: mine?.comment ?? "",
        feedback: fb && { ...fb, byGroup: fb.byGroup.map((g) => ({ ...g, label: labels.get(g.group) ?? g.group })) },
      };
    }),
  };
}

/** Parse every rating first, so one bad value rejects the whole save (422 naming the item). */
function parseRatings(body: PutRatingsDto, allowed: Set<string>): { itemId: string; rating: number | null; unable: boolean }[] {
  return Object.entries(body.ratings).map(([itemId, v]) => {
    if (!allowed.has(itemId)) throw unprocessable(`ratings.${itemId}: not an item of this round`, `ratings.${itemId}`);
    if (v === null) return { itemId, rating: null, unable: false };
    if (v === "unable") return { itemId, rating: null, unable: true };
    if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 9) return { itemId, rating: v, unable: false };
    throw unprocessable(`ratings.${itemId}: give a whole number from 1 to 9, or "unable"`, `ratings.${itemId}`);
  });
}

async function openParticipation(db: Queryable, p: repo.PanellistRow) {
  const { open } = await currentRound(db, p);
  if (!open) throw conflict("No round is open: ratings can no longer be changed");
  const participant = await repo.findParticipant(db, open.id, p.id, true);
  if (!participant) throw conflict("You are not taking part in this round");
  if (participant.submittedAt) throw conflict("You have already submitted this round");
  return open;
}

export async function saveRatings(pool: pg.Pool, p: repo.PanellistRow, body: PutRatingsDto): Promise<void> {
  await withTransaction(pool, async (db) => {
    const open = await openParticipation(db, p);
    const allowed = new Set(open.itemIds);
    const ratings = parseRatings(body, allowed);
    const comments = Object.entries(body.comments ?? {});
    comments.forEach(([itemId]) => {
      if (!allowed.has(itemId)) throw unprocessable(`comments.${itemId}: not an item of this round`, `comments.${itemId}`);
    });
    for (const r of ratings) await repo.upsertRating(db, open.id, p.id, r.itemId, r.rating, r.unable);
    for (const [itemId, text] of comments) await repo.upsertComment(db, open.id, p.id, itemId, text.trim() || null);
  });
}

export async function submitRound(pool: pg.Pool, p: repo.PanellistRow): Promise<void> {
  await withTransaction(pool, async (db) => {
    const open = await openParticipation(db, p);
    await repo.markSubmitted(db, open.id, p.id);
    await recordAudit(db, { actor: `delphi-panellist:${p.id}`, actorKind: "respondent", action: "delphi.round_submit", subject: `delphi:${p.studyId}`, details: { round: open.number } });
  });
}
