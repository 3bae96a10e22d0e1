/**
 * loginAs(app, role): create a console account with that role (random e-mail and password) and sign
 * in through POST /api/auth/login, like a browser would.
 *
 *   const { agent, csrfToken, user } = await loginAs(app, "researcher");
 *   await agent.get("/api/admin/...").expect(200);
 *   await agent.post("/api/admin/...").set("x-csrf-token", csrfToken).send({...}).expect(200);
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import supertest from "supertest";
import { createUser } from "../../server/services/user-admin-service.ts";
import type { Role } from "../../server/domain/accounts/roles.ts";
import type { Queryable } from "../../server/repositories/queryable.ts";

export interface LoggedIn {
  agent: ReturnType<typeof supertest.agent>;
  csrfToken: string;
  user: { id: string; email: string; role: Role };
  password: string;
}

export async function createAccount(app: FastifyInstance, role: Role, email?: string): Promise<{ id: string; email: string; password: string }> {
  const db = (app as unknown as { pg: { pool: Queryable } }).pg.pool;
  const password = `pw-${randomBytes(12).toString("hex")}`;
  const address = email ?? `${role}-${randomBytes(4).toString("hex")}@test.example`;
  const user = await createUser(db, { email: address, role, password }, { actor: "system", actorKind: "system" });
  return { id: user.id, email: user.email, password };
}

export async function loginAs(app: FastifyInstance, role: Role, email?: string): Promise<LoggedIn> {
  await app.ready();
  const account = await createAccount(app, role, email);
  const agent = supertest.agent(app.server);
  const res = await agent.post("/api/auth/login").send({ email: account.email, password: account.password });
  if (res.status !== 200) throw new Error(`loginAs(${role}) failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { agent, csrfToken: res.body.csrfToken, user: res.body.user, password: account.password };
}
