/**
 * Sections handed to colleagues (/api/respondent/handoffs), registered inside the respondent routes'
 * authenticated scope: the LA is the one of the link or session (req.la), so a hand-off is only ever
 * read or changed by people holding that LA's link.
 */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { unauthenticated } from "../../domain/errors.ts";
import { CancelHandoffReply, CreateHandoffBody, CreateHandoffReply, Handoff, HandoffActionBody, HandoffList, HandoffParams } from "../../contracts/section-handoffs.ts";
import { acceptHandoffFor, cancelHandoffFor, createHandoff, listHandoffs, sectionTitlesFor } from "../../services/handoff-service.ts";
import { ErrorSchema } from "../../contracts/respondent.ts";
import type { LiveToken } from "../../services/respondent-service.ts";
import { contributorKeyHash } from "./cookies.ts";

const handoffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const definitions = app.responseDefinitions;
  const security = [{ laToken: [] }];
  const live = (req: { la?: LiveToken }) => {
    if (!req.la) throw unauthenticated("This link is not valid or has expired. Ask the research team for a new link.");
    return req.la;
  };

  app.get(
    "/respondent/handoffs",
    { schema: { tags: ["respondent"], summary: "Sections of this LA's questionnaire handed to colleagues", security, response: { 200: HandoffList, 401: ErrorSchema } } },
    async (req) => {
      const la = live(req);
      return { handoffs: await listHandoffs(pool, la.laCode, await sectionTitlesFor(pool, definitions, la, req.laResponse)) };
    },
  );

  app.post(
    "/respondent/handoffs",
    {
      schema: {
        tags: ["respondent"],
        summary: "Hand a section to a named colleague (audited); returns what to tell them",
        description: "422 when `page` is not a section of the questionnaire; 409 when the section is already handed to someone.",
        security,
        body: CreateHandoffBody,
        response: { 201: CreateHandoffReply, 400: ErrorSchema, 401: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (req, reply) => {
      const la = live(req);
      const titles = await sectionTitlesFor(pool, definitions, la, req.laResponse);
      const out = await createHandoff(pool, { code: la.laCode, name: la.laName }, titles, req.body, contributorKeyHash(req));
      return reply.code(201).send(out);
    },
  );

  app.post(
    "/respondent/handoffs/:id/cancel",
    {
      schema: {
        tags: ["respondent"],
        summary: "Cancel a hand-off (audited)",
        security,
        params: HandoffParams,
        body: HandoffActionBody,
        response: { 200: CancelHandoffReply, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      await cancelHandoffFor(pool, live(req).laCode, req.params.id, { ...req.body.contributor, keyHash: contributorKeyHash(req) });
      return { id: req.params.id, cancelled: true };
    },
  );

  app.post(
    "/respondent/handoffs/:id/accept",
    {
      schema: {
        tags: ["respondent"],
        summary: "The colleague takes the hand-off: it is theirs from now on (audited)",
        security,
        params: HandoffParams,
        body: HandoffActionBody,
        response: { 200: Handoff, 400: ErrorSchema, 401: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      const la = live(req);
      return acceptHandoffFor(pool, la.laCode, req.params.id, { ...req.body.contributor, keyHash: contributorKeyHash(req) }, await sectionTitlesFor(pool, definitions, la, req.laResponse));
    },
  );
};

export default handoffRoutes;
