import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from "fastify";
import { AppError } from "../../domain/errors.ts";
import { LoginBody, SessionReply } from "../../contracts/auth.ts";
import { attemptLogin, LOGIN_FAILED_MESSAGE, recordLogout, tidySessions } from "../../services/login-service.ts";
import { NoContent } from "../../contracts/downloads.ts";

/** POST /api/auth/login, POST /api/auth/logout, GET /api/auth/me (registered by server/plugins/auth.ts). */
const authRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const db = fastify.authDb;
  const { lockout, loginRateLimitPerMinute } = fastify.authSettings;

  fastify.post(
    "/login",
    {
      compress: false, // carries the CSRF token (see plugins/compress-json.ts)
      schema: { body: LoginBody, response: { 200: SessionReply } },
      config: {
        rateLimit: {
          max: loginRateLimitPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_req: FastifyRequest, ctx: { after: string; statusCode: number }) =>
            new AppError("tooManyRequests", `Too many sign-in attempts from this address; try again in ${ctx.after}`),
        },
      },
    },
    async (request, reply) => {
      const result = await attemptLogin(db, request.body.email, request.body.password, lockout);
      if (!result.ok) throw new AppError("unauthenticated", LOGIN_FAILED_MESSAGE);
      // New session id on sign-in (no session fixation); the CSRF secret is created in the new session.
      await request.session.regenerate();
      await tidySessions(db);
      request.session.userId = result.user.id;
      request.user = result.user;
      // @fastify/csrf-protection in session mode: the secret lives in the session, the token goes to the client.
      const csrfToken = await reply.generateCsrf();
      return { user: result.user, csrfToken };
    },
  );

  fastify.post(
    "/logout",
    {
      schema: { response: { 204: NoContent } },
      onRequest: (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
        if (!request.user) return done(); // nothing to end; idempotent
        return fastify.csrfProtection(request, reply, done);
      },
    },
    async (request, reply) => {
      if (request.user) {
        await recordLogout(db, request.user.id);
        await request.session.destroy();
      }
      reply.clearCookie("lada_sid", { path: "/" });
      return reply.code(204).send(null);
    },
  );

  // never compressed: it carries the CSRF token (see plugins/compress-json.ts)
  fastify.get("/me", { compress: false, schema: { response: { 200: SessionReply } } }, async (request, reply) => {
    if (!request.user) throw new AppError("unauthenticated", "Not signed in");
    const csrfToken = await reply.generateCsrf();
    return { user: request.user, csrfToken };
  });
};

export default authRoutes;
