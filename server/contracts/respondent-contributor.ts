/** "Your details": the person answering in this browser, as they gave them (only they see their e-mail). */
import { Type, type Static } from "typebox";

export const MyDetailsBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 120, description: "Your name" }),
    role: Type.String({ minLength: 1, maxLength: 120, description: "Your role, e.g. Head of performance" }),
    email: Type.Optional(Type.String({ maxLength: 254, format: "email", description: "Your work e-mail (optional; absent removes it). Shown only to the research team." })),
    newPerson: Type.Optional(
      Type.Boolean({ description: "Someone else is answering in this browser now (\"Not me\"): give them their own contributor instead of changing the last person's" }),
    ),
  },
  { additionalProperties: false },
);

export const MyDetails = Type.Object({
  name: Type.String(),
  role: Type.String(),
  email: Type.Union([Type.String(), Type.Null()]),
});

export const MyDetailsReply = Type.Object(
  { contributor: Type.Union([MyDetails, Type.Null()], { description: "null: this browser has not given details for this LA yet" }) },
  { additionalProperties: false },
);

export type MyDetailsBody = Static<typeof MyDetailsBody>;
export type MyDetailsReply = Static<typeof MyDetailsReply>;
