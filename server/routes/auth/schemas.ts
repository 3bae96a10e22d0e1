import { Type } from "typebox";

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
  role: Type.Union([Type.Literal("admin"), Type.Literal("researcher"), Type.Literal("viewer")]),
});

export const SessionReply = Type.Object({ user: SessionUserSchema, csrfToken: Type.String() });
