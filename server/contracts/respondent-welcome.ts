/**
 * API contract for the respondent's first screen (GET /api/respondent/welcome): what the survey is,
 * who runs it, how answers are used, the deadline, privacy and contact, and one time estimate per
 * page from the definition the LA answers (the in-survey "time left" is computed from the same figures).
 */
import { Type, type Static } from "typebox";

const Section = Type.Object({
  name: Type.String(),
  title: Type.String(),
  /** the role best placed to answer it, when the definition names one */
  role: Type.Union([Type.String(), Type.Null()]),
  /** estimated seconds for the whole page */
  seconds: Type.Number(),
});

export const RespondentEstimate = Type.Object({
  coreMinutes: Type.Integer(),
  totalMinutes: Type.Integer(),
  roundToMinutes: Type.Integer(),
  /** display names of the roles whose sections make the core ("Data or performance lead") */
  coreRoles: Type.Array(Type.String()),
});

/** Who LAs write to about the survey (welcome.json, or what an admin set in the console). */
export const StudyContactPublic = Type.Object({ name: Type.String(), email: Type.String(), hours: Type.Optional(Type.String()) });

/**
 * GET /api/respondent/study-contact: the same contact without a session, for the page that says a
 * link does not work (a colleague who copied the address bar has no session). Nothing about an LA.
 */
export const StudyContactPublicReply = Type.Object({ contact: Type.Union([StudyContactPublic, Type.Null()]) });

export const WelcomeReply = Type.Object({
  la: Type.Object({ code: Type.String(), name: Type.String() }),
  title: Type.String(),
  runBy: Type.String(),
  purpose: Type.Array(Type.String()),
  use: Type.Array(Type.String()),
  /** YYYY-MM-DD, or null when the survey sets none */
  deadline: Type.Union([Type.String(), Type.Null()]),
  whoShouldAnswer: Type.String(),
  privacy: Type.Object({ summary: Type.String(), notice: Type.Array(Type.String()) }),
  contact: Type.Union([StudyContactPublic, Type.Null()]),
  estimate: RespondentEstimate,
  sections: Type.Array(Section),
});

export type WelcomeDto = Static<typeof WelcomeReply>;
export type StudyContactDto = Static<typeof StudyContactPublic>;
export type SectionDto = Static<typeof Section>;
