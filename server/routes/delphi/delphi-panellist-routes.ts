/**
 * Delphi consultation, panellist side. A panellist is identified by their private link's token,
 * sent as `Authorization: Bearer <token>` (the page reads it from the link's #fragment, which never
 * reaches servers or logs). No cookie is involved, so no CSRF check is needed.
 *   GET  /api/delphi/round           the open round: items in this panellist's order, own ratings, feedback
 *   PUT  /api/delphi/ratings         {ratings:{itemId: 1..9 | "unable" | null}, comments?:{itemId: text}}
 *   POST /api/delphi/round/submit
 *   POST /api/delphi/proposals       {name, rationale} (round 1 only)
 * Wrong tokens from one address are slowed down like LA links (429 after 10 in 15 minutes).
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyRequest } from "fastify";
import { AppError } from "../../domain/errors.ts";
import { panellistByToken, readRound, saveRatings, submitRound } from "../../services/delphi-panellist-service.ts";
import { IdReply, OkReply, PanellistRoundReply, ProposeBody, PutRatingsBody } from "../../contracts/delphi.ts";
import { propose } from "../../services/delphi-proposal-service.ts";
import { TokenFailureLimiter } from "../respondent/token-failure-limiter.ts";

const delphiPanellistRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const limiter = new TokenFailureLimiter({ max: 10, windowMs: 15 * 60_000 });
  const tags = ["delphi"];

  async function panellist(req: FastifyRequest) {
    const wait = limiter.blockedFor(req.ip);
    const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
    try {
      return await panellistByToken(pool, m?.[1]);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== "unauthenticated") throw err;
      limiter.recordFailure(req.ip);
      if (wait > 0) throw new AppError("tooManyRequests", `Too many wrong links: try again in ${wait} seconds`);
      throw err;
    }
  }

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
