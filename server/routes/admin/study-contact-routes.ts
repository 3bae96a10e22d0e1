/** The study contact and "who runs it" LAs see on the survey's first screen (admin only; audited). */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { StudyContactBody, StudyContactReply } from "../../contracts/study-contact.ts";
import { ErrorSchema } from "../../contracts/respondent.ts";
import { changeStudyContact, studyContactSettings } from "../../services/study-contact-service.ts";

const studyContactRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const pool = app.pg.pool;
  const surveyId = async () => (await app.responseDefinitions.current()).surveyId;

  app.get(
    "/admin/settings/study-contact",
    {
      preHandler: app.requireRole("admin"),
      schema: { tags: ["settings"], summary: "The study contact and who runs it, as LAs see them, and the definition's defaults", response: { 200: StudyContactReply } },
    },
    async () => studyContactSettings(pool, await surveyId()),
  );

  app.put(
    "/admin/settings/study-contact",
    {
      preHandler: app.requireRole("admin"),
      schema: {
        tags: ["settings"],
        summary: "Set the study contact and who runs it (shown on every LA's first screen; audited)",
        description: "422 naming the field: a blank name or sentence, an address that is not one, or an example address.",
        body: StudyContactBody,
        response: { 200: StudyContactReply, 400: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (req) => changeStudyContact(pool, await surveyId(), req.body, req.user!),
  );
};

export default studyContactRoutes;
