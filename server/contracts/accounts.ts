import { Type, type Static } from "typebox";

export const RoleSchema = Type.Union([Type.Literal("admin"), Type.Literal("researcher"), Type.Literal("viewer")]);

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  role: RoleSchema,
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  lastLoginAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    role: RoleSchema,
    /** Omit to have a strong password generated and returned once. */
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    disabled: Type.Optional(Type.Boolean()),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 256 })),
  },
  { additionalProperties: false },
);

export const UserIdParams = Type.Object({ id: Type.String({ format: "uuid" }) });

export const UserListReply = Type.Object({ users: Type.Array(UserSchema) });
export const UserReply = Type.Object({ user: UserSchema });
export const CreatedUserReply = Type.Object({
  user: UserSchema,
  generatedPassword: Type.Optional(Type.String({ description: "shown once, when no password was given" })),
});

export type Role = Static<typeof RoleSchema>;
export type User = Static<typeof UserSchema>;
