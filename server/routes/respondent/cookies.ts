import type { FastifyRequest } from "fastify";
import { hashToken, isWellFormedToken } from "../../domain/responses/tokens.ts";

export function readCookie(req: FastifyRequest, name: string): string | undefined {
  const parsed = (req as unknown as { cookies?: Record<string, string | undefined> }).cookies;
  if (parsed && parsed[name] !== undefined) return parsed[name];
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** The cookie holding the key of the person answering in this browser (contributor-service.ts). */
export const CONTRIBUTOR_COOKIE = "lada_who";

/** A Set-Cookie value that removes the key: the next details given in this browser make a new contributor. */
export function clearContributorCookie(secure: boolean | undefined): string {
  return `${CONTRIBUTOR_COOKIE}=; Path=/api/respondent; HttpOnly; SameSite=Strict; Max-Age=0${secure ? "; Secure" : ""}`;
}

/** The browser's contributor key, when it sent a well-formed one. */
export function contributorKey(req: FastifyRequest): string | null {
  const key = readCookie(req, CONTRIBUTOR_COOKIE);
  return isWellFormedToken(key) ? key : null;
}

/** Its hash, as the contributor rows store it. */
export function contributorKeyHash(req: FastifyRequest): string | null {
  const key = contributorKey(req);
  return key ? hashToken(key) : null;
}
