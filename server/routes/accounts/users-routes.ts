/** Console accounts (admin only): GET/POST /api/admin/users, PATCH /api/admin/users/:id. */
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { CreatedUserReply, CreateUserBody, UpdateUserBody, UserIdParams, UserListReply, UserReply } from "../../contracts/accounts.ts";
import { changeUser, createUser, listActiveUsers, type UserRow } from "../../services/user-admin-service.ts";
import { generatePassword } from "../../lib/passwords.ts";
import { userActor } from "../../domain/audit/audit-entry.ts";

function toJson(u: UserRow) {
  return {
    id: u.id,
    email: u.email,
    role: u.role,
    disabled: u.disabled,
    lockedUntil: u.lockedUntil && u.lockedUntil.getTime() > Date.now() ? u.lockedUntil.toISOString() : null,
    lastLoginAt: u.lastLoginAt ? u.lastLoginAt.toISOString() : null,
    createdAt: u.createdAt.toISOString(),
  };
}

const usersRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const db = app.pg.pool;

  app.get(
    "/admin/users",
    { preHandler: app.requireRole("admin"), schema: { response: { 200: UserListReply } } },
    async () => ({ users: (await listActiveUsers(db)).map(toJson) }),
  );

  app.post(
    "/admin/users",
    {
      preHandler: app.requireRole("admin"),
      schema: { body: CreateUserBody, response: { 201: CreatedUserReply } },
    },
    async (request, reply) => {
      const generated = request.body.password === undefined ? generatePassword() : undefined;
      const user = await createUser(db, { email: request.body.email, role: request.body.role, password: request.body.password ?? generated! }, userActor(request.user!));
      return reply.code(201).send({ user: toJson(user), ...(generated ? { generatedPassword: generated } : {}) });
    },
  );

  app.patch(
    "/admin/users/:id",
    {
      preHandler: app.requireRole("admin"),
      schema: { params: UserIdParams, body: UpdateUserBody, response: { 200: UserReply } },
    },
    async (request) => {
      const user = await changeUser(db, request.params.id, request.body, userActor(request.user!));
      return { user: toJson(user) };
    },
  );
};

export default usersRoutes;
