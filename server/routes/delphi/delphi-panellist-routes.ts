/**
 * Delphi consultation, panellist side. A panellist is identified by their private link's token,
 * sent as `Authorization: Bearer <token>` (scripts), or by the HttpOnly session cookie the page gets
 * from POST /api/delphi/session with the token from the link's #fragment (which never reaches
 * servers or logs), so the page does not keep the link. The cookie is SameSite=Strict and scoped to
 * /api/delphi, like the LA respondent's, so another site cannot make the browser use it.
 *   POST /api/delphi/session         {token} → session cookie;  DELETE /api/delphi/session signs out
 *   GET  /api/delphi/round           the open round: items in this panellist's order, own ratings, feedback
 *   PUT  /api/delphi/ratings         {ratings:{itemId: 1..9 | "unable" | null}, comments?:{itemId: text}}
 *   POST /api/delphi/round/submit
 *   POST /api/delphi/proposals       {name, rationale} (round 1 only)
 * Wrong tokens from one address are slowed down like LA links (429 after 10 in 15 minutes).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../domain/errors.ts";
import { panellistBySession, panellistByToken, readRound, saveRatings, signOut, startSession, submitRound } from "../../services/delphi-panellist-service.ts";
import { IdReply, OkReply, PanellistRoundReply, PanellistSessionBody, ProposeBody, PutRatingsBody } from "../../contracts/delphi.ts";
import { propose } from "../../services/delphi-proposal-service.ts";
import { TokenFailureLimiter } from "../respondent/token-failure-limiter.ts";
import { readCookie } from "../respondent/respondent-routes.ts";
import { NoContent } from "../../contracts/downloads.ts";

export const PANELLIST_COOKIE = "lada_delphi";

const delphiPanellistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const limiter = new TokenFailureLimiter({ max: 10, windowMs: 15 * 60_000 });
  const tags = ["delphi"];

  const secure = app.config?.publicUrl?.startsWith("https:") || app.config?.nodeEnv === "production";
  const cookie = (value: string, maxAge: number) => `${PANELLIST_COOKIE}=${value}; Path=/api/delphi; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? "; Secure" : ""}`;

  /** A script's bearer token, else the browser's session cookie; only wrong link tokens count towards the limiter. */
  async function panellist(req: FastifyRequest) {
    if (!req.headers.authorization) return panellistBySession(pool, readCookie(req, PANELLIST_COOKIE));
    return byToken(req, /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization)?.[1]);
  }

  async function byToken(req: FastifyRequest, token: string | undefined) {
    const wait = limiter.blockedFor(req.ip);
    try {
      return await panellistByToken(pool, token);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== "unauthenticated") throw err;
      limiter.recordFailure(req.ip, token);
      if (wait > 0) throw new AppError("tooManyRequests", `Too many wrong links: try again in ${wait} seconds`);
      throw err;
    }
  }

  app.post(
    "/delphi/session",
    { bodyLimit: 4096, schema: { tags, summary: "Exchange the link token for an HttpOnly session cookie (lada_delphi, path /api/delphi)", body: PanellistSessionBody, response: { 200: OkReply } } },
    async (req, reply) => {
      const p = await byToken(req, req.body.token);
      const { sessionId, expiresAt } = await startSession(pool, p);
      reply.header("set-cookie", cookie(sessionId, Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000))));
      reply.header("cache-control", "no-store");
      return { ok: true };
    },
  );

  app.delete("/delphi/session", { schema: { tags, summary: "Sign out: end this browser's session on the server and forget its cookie", response: { 204: NoContent } } }, async (req, reply) => {
    await signOut(pool, readCookie(req, PANELLIST_COOKIE));
    reply.header("set-cookie", cookie("", 0));
    return reply.code(204).send(null);
  });

  app.get("/delphi/round", { schema: { tags, response: { 200: PanellistRoundReply } } }, async (req, reply) => {
    reply.header("cache-control", "no-store");
    return readRound(pool, await panellist(req));
  });

  app.put("/delphi/ratings", { schema: { tags, body: PutRatingsBody, response: { 200: OkReply } } }, async (req) => {
    await saveRatings(pool, await panellist(req), req.body);
    return { ok: true };
  });

  app.post("/delphi/round/submit", { schema: { tags, response: { 200: OkReply } } }, async (req) => {
    await submitRound(pool, await panellist(req));
    return { ok: true };
  });

  app.post("/delphi/proposals", { schema: { tags, body: ProposeBody, response: { 200: IdReply } } }, async (req) => ({ id: await propose(pool, await panellist(req), req.body) }));
};

export default delphiPanellistRoutes;
