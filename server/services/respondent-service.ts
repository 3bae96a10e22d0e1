/**
 * The respondent's side of an LA's response: who a link or browser session belongs to, browser
 * sessions (a fresh id per browser, ended by signing out), and the response as the survey page
 * reads it — created on first open on the current definition version, with the answers it can
 * show, the ones it cannot, who is answering and who last changed what.
 */
import type pg from "pg";
import { splitReadable } from "../domain/responses/readable-data.ts";
import { generateToken, hashToken } from "../domain/responses/tokens.ts";
import { createRespondentSession, endRespondentSession, findLiveTokenWithResponse, type LiveToken } from "../repositories/respondent-tokens-repository.ts";
import {
  ensureDefinitionRow,
  findOrCreateResponse,
  findResponse,
  lastEdits,
  listContributors,
  type ContributorSummary,
  type LastEdits,
  type StoredResponse,
} from "../repositories/responses-repository.ts";
import type { DefinitionCache } from "./definition-cache.ts";

export type { LiveToken, StoredResponse };

/** Browser sessions last a working fortnight at most (and never beyond the link's own expiry). */
const SESSION_MAX_MS = 14 * 24 * 60 * 60 * 1000;

/** The live link a token or session id stands for, with the LA's response read in the same round trip. */
export async function findByCredential(pool: pg.Pool, credential: string, kind: "token" | "session", opts: { withView?: boolean } = {}) {
  return findLiveTokenWithResponse(pool, hashToken(credential), kind, opts);
}

/** Who is answering and who last changed each field, when read with the link check (findByCredential withView). */
export type ResponseViewExtras = { contributors: ContributorSummary[]; lastEdits: LastEdits };

/** A new browser session for a live link: returns the session id (for the cookie) and when it ends. */
export async function startBrowserSession(pool: pg.Pool, live: LiveToken): Promise<{ sessionId: string; expiresAt: Date }> {
  const sessionId = generateToken();
  const expiresAt = new Date(Math.min(live.expiresAt.getTime(), Date.now() + SESSION_MAX_MS));
  await createRespondentSession(pool, live.id, hashToken(sessionId), expiresAt);
  return { sessionId, expiresAt };
}

export async function endBrowserSession(pool: pg.Pool, sessionId: string): Promise<void> {
  await endRespondentSession(pool, hashToken(sessionId));
}

/** The LA's response, created on the current definition version at first open. */
export async function openResponse(pool: pg.Pool, definitions: DefinitionCache, live: LiveToken, known?: StoredResponse | null): Promise<StoredResponse> {
  const existing = known ?? (await findResponse(pool, live.laCode));
  if (existing) return existing;
  const current = await definitions.current();
  await ensureDefinitionRow(pool, {
    surveyId: current.surveyId,
    version: current.version,
    hash: current.hash,
    definition: { survey: current.survey, catalogue: current.catalogue, rules: current.rules },
  });
  return findOrCreateResponse(pool, live.laCode, current);
}

/**
 * Everything the survey page needs to show the LA's answers so far; `extras` read with the link
 * check save two round trips (a response created just now has no edits yet either way).
 */
export async function responseView(pool: pg.Pool, definitions: DefinitionCache, live: LiveToken, known?: StoredResponse | null, extras?: ResponseViewExtras) {
  const r = await openResponse(pool, definitions, live, known);
  const { readable, unreadable } = splitReadable((await definitions.forResponse(pool, r)).structure, r.data);
  return {
    la: { code: live.laCode, name: live.laName },
    definition: { id: r.surveyId, version: r.definitionVersion },
    data: readable,
    unreadable,
    version: r.version,
    status: r.status,
    contributors: extras?.contributors ?? (await listContributors(pool, live.laCode)),
    uiState: r.uiState,
    lastSavedAt: r.lastSavedAt?.toISOString() ?? null,
    submittedAt: r.submittedAt?.toISOString() ?? null,
    submittedBy: r.submittedBy,
    lastEdits: extras && known ? extras.lastEdits : await lastEdits(pool, r.id),
  };
}
