import { Type, type Static } from "typebox";
import { RoleSchema } from "./accounts.ts";

export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 256 }),
  },
  { additionalProperties: false },
);

export const SessionUserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
});

export const SessionReply = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });

export type SessionUser = Static<typeof SessionUserSchema>;
export type SessionReply = Static<typeof SessionReply>;
