/**
 * "Your details" (inside the respondent scope: the LA's link or session is checked first). The
 * person's own contributor is found by the key in their browser's `lada_who` cookie; the first save
 * without one creates their contributor and sets the cookie.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { NoContent } from "../../contracts/downloads.ts";
import { unauthenticated } from "../../domain/errors.ts";
import { ErrorSchema } from "../../contracts/respondent.ts";
import { MyDetailsBody, MyDetailsReply } from "../../contracts/respondent-contributor.ts";
import { myDetails, saveMyDetails } from "../../services/contributor-service.ts";
import type { LiveToken } from "../../services/respondent-service.ts";
import { CONTRIBUTOR_COOKIE, clearContributorCookie, contributorKey } from "./cookies.ts";

/** The key outlives a browser session (it is the person, not the sign-in): a year at most. */
const KEY_MAX_AGE = 365 * 24 * 3600;

const contributorRoutes: FastifyPluginAsyncTypebox<{ secure?: boolean }> = async (app, opts) => {
  const pool = app.pg.pool;
  const security = [{ laToken: [] }];
  const live = (req: { la?: LiveToken }) => {
    if (!req.la) throw unauthenticated("This link is not valid or has expired. Ask the research team for a new link.");
    return req.la;
  };

  app.get(
    "/respondent/contributor",
    {
      schema: {
        tags: ["respondent"],
        summary: "Your details as you gave them in this browser (null before you give them)",
        security,
        response: { 200: MyDetailsReply, 401: ErrorSchema },
      },
    },
    async (req) => ({ contributor: await myDetails(pool, live(req).laCode, contributorKey(req)) }),
  );

  app.put(
    "/respondent/contributor",
    {
      schema: {
        tags: ["respondent"],
        summary: "Give or change your details: your name, role and e-mail, on everything you answered",
        description:
          "The first time in a browser this creates your contributor and sets cookie `lada_who` (HttpOnly, SameSite=Strict, " +
          "path /api/respondent); later calls change the same contributor. Colleagues in other browsers are other contributors.",
        security,
        body: MyDetailsBody,
        response: { 200: MyDetailsReply, 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (req, reply) => {
      const out = await saveMyDetails(pool, live(req).laCode, contributorKey(req), req.body);
      if (out.newKey) {
        reply.header(
          "set-cookie",
          `${CONTRIBUTOR_COOKIE}=${out.newKey}; Path=/api/respondent; HttpOnly; SameSite=Strict; Max-Age=${KEY_MAX_AGE}${opts.secure ? "; Secure" : ""}`,
        );
      }
      return { contributor: out.details };
    },
  );

  app.delete(
    "/respondent/contributor",
    {
      schema: {
        tags: ["respondent"],
        summary: "\"Not you?\": forget who is answering in this browser, so the next details given here are someone else's",
        description:
          "Clears cookie `lada_who`; the contributor and everything attributed to them stay. Until new details are given, " +
          "GET answers null — also after a reload, so the next person never sees the last person's name or e-mail.",
        security,
        response: { 204: NoContent, 401: ErrorSchema },
      },
    },
    async (req, reply) => {
      live(req);
      reply.header("set-cookie", clearContributorCookie(opts.secure));
      return reply.code(204).send(null);
    },
  );
};

export default contributorRoutes;
