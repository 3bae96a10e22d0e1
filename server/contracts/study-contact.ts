/** The study contact and "who runs it" shown to LAs on the survey's first screen (admin settings). */
import { Type, type Static } from "typebox";

const Contact = Type.Object({
  contactName: Type.String({ description: "Who LAs write to, e.g. the research team's name" }),
  contactEmail: Type.String({ description: "The study's e-mail address" }),
  responseTime: Type.String({ description: "How soon they answer, e.g. We answer within 2 working days." }),
  runBy: Type.String({ description: "The sentence saying who runs the audit" }),
});

export const StudyContactBody = Type.Object(
  {
    contactName: Type.String({ maxLength: 5000 }),
    contactEmail: Type.String({ maxLength: 5000 }),
    responseTime: Type.String({ maxLength: 5000 }),
    runBy: Type.String({ maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const StudyContactReply = Type.Object({
  /** what LAs see now: the saved settings, or the definition's text while none are saved */
  current: Contact,
  /** the definition's text (welcome.json), used until an admin saves settings */
  defaults: Contact,
  saved: Type.Boolean({ description: "Whether an admin has saved settings (else the definition's text is shown)" }),
  placeholder: Type.Boolean({ description: "The contact LAs see is still an example address (example.org / example.com)" }),
  updatedAt: Type.Union([Type.String(), Type.Null()]),
});

export type StudyContactBody = Static<typeof StudyContactBody>;
export type StudyContactReply = Static<typeof StudyContactReply>;
export type StudyContact = Static<typeof Contact>;
