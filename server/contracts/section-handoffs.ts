/**
 * API contract for handing a section of the questionnaire to a colleague in the same LA
 * (/api/respondent/handoffs): the data lead names the colleague (name, optional work e-mail, optional
 * note); the colleague opens the LA's link, picks the hand-off when saying who they are, and goes
 * straight to the section; their answers are attributed to them like everyone's.
 */
import { Type, type Static } from "typebox";

export const HandoffContributor = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: "The person doing this (as given in this browser)" }),
    role: Type.String({ minLength: 1, maxLength: 120 }),
  },
  { additionalProperties: false },
);

export const CreateHandoffBody = Type.Object(
  {
    page: Type.String({ minLength: 1, maxLength: 200, description: "The section (page name) handed over" }),
    colleagueName: Type.String({ minLength: 1, maxLength: 120, description: "Who it is handed to" }),
    colleagueEmail: Type.Optional(Type.String({ maxLength: 254, format: "email", description: "Their work e-mail (optional)" })),
    note: Type.Optional(Type.String({ maxLength: 1000, description: "A note for them (optional)" })),
    contributor: HandoffContributor,
  },
  { additionalProperties: false },
);
export type CreateHandoffDto = Static<typeof CreateHandoffBody>;

export const HandoffActionBody = Type.Object({ contributor: HandoffContributor }, { additionalProperties: false });
export const HandoffParams = Type.Object({ id: Type.String({ pattern: "^[0-9]{1,18}$" }) }, { additionalProperties: false });

const Person = Type.Object({ name: Type.String(), role: Type.String() });

export const Handoff = Type.Object({
  id: Type.String(),
  page: Type.String(),
  pageTitle: Type.String(),
  colleagueName: Type.String(),
  /** whether an e-mail address was given (the address itself is not shown to colleagues) */
  emailGiven: Type.Boolean(),
  note: Type.Union([Type.String(), Type.Null()]),
  handedBy: Type.Union([Person, Type.Null()]),
  createdAt: Type.String(),
  state: Type.Union([Type.Literal("waiting"), Type.Literal("accepted")], { description: "waiting: the colleague has not opened it yet" }),
  acceptedBy: Type.Union([Person, Type.Null()]),
  acceptedAt: Type.Union([Type.String(), Type.Null()]),
});
export type HandoffDto = Static<typeof Handoff>;

export const HandoffList = Type.Object({ handoffs: Type.Array(Handoff) });
export type HandoffListDto = Static<typeof HandoffList>;

export const CreateHandoffReply = Type.Object({
  handoff: Handoff,
  /** what to tell the colleague (to copy into a message of one's own) */
  instructions: Type.String(),
});
export type CreateHandoffReplyDto = Static<typeof CreateHandoffReply>;

export const CancelHandoffReply = Type.Object({ id: Type.String(), cancelled: Type.Boolean() });
