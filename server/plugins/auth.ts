/**
 * Researcher-console authentication and authorisation.
 *
 * - Sessions: @fastify/session with a PostgreSQL store (table `sessions`). The cookie (`lada_sid`)
 *   carries only the signed session id and is HttpOnly, SameSite=Strict, and Secure whenever
 *   PUBLIC_URL is https or NODE_ENV=production. Behind a TLS-terminating proxy set TRUST_PROXY so
 *   Fastify sees the request as https; otherwise a Secure cookie is never sent back over plain http.
 *   Sessions have an absolute lifetime (SESSION_TTL_HOURS, default 8).
 * - `fastify.requireRole(...roles)` returns a preHandler: no valid session -> 401, role too weak ->
 *   403 (admin ⊇ researcher ⊇ viewer). Every route under /api/admin is additionally guarded at
 *   onRequest (before body validation) with the same roles, plus a CSRF check (header
 *   `x-csrf-token`) for state-changing methods. An /api/admin route registered without requireRole
 *   is treated as admin-only, and listed by `fastify.adminRoutes` with `declared: false` (the route
 *   table test fails on it).
 * - Login is rate limited per client IP (@fastify/rate-limit) and accounts lock temporarily after
 *   repeated failures (LOGIN_MAX_FAILURES within a run of failures, LOGIN_LOCK_MINUTES).
 *
 * Register this plugin BEFORE any route plugin, so its onRoute hook sees every /api/admin route.
 * The session itself (and CSRF, the signed-in user, /api/auth/*) is `fastify.consoleSessions`,
 * registered only in the console routes' scope: public routes never pay for a session.
 */
import fp from "fastify-plugin";
import type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyReply,
  FastifyRequest,
  HookHandlerDoneFunction,
  onRequestHookHandler,
  preHandlerAsyncHookHandler,
} from "fastify";
import fastifyCookie from "@fastify/cookie";
import fastifySession from "@fastify/session";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyRateLimit from "@fastify/rate-limit";
import { AppError } from "../domain/errors.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { findUserById } from "../repositories/users-repository.ts";
import { PgSessionStore } from "./pg-session-store.ts";
import { isRole, roleSatisfies, type Role } from "../domain/accounts/roles.ts";
import { DEFAULT_LOCKOUT, type LockoutPolicy } from "../domain/accounts/login-policy.ts";
import authRoutes from "../routes/auth/auth-routes.ts";

export interface SessionUser {
  id: string;
  email: string;
  role: Role;
}

export interface AdminRouteInfo {
  method: string;
  url: string;
  roles: Role[];
  declared: boolean;
}

export interface AuthPluginOptions {
  sessionSecret: string;
  /** Set the Secure attribute on the session cookie. */
  secureCookies: boolean;
  sessionTtlHours?: number;
  lockout?: LockoutPolicy;
  /** Login attempts per client IP per minute (default 10). */
  loginRateLimitPerMinute?: number;
  /** Defaults to fastify.pg.pool (server/plugins/db.ts). */
  db?: Queryable;
}

/** What the auth plugin needs from the app config (server/config.ts). */
export function authOptionsFromConfig(config: {
  sessionSecret: string;
  publicUrl: string;
  nodeEnv: string;
  sessionTtlHours?: number;
  loginMaxFailures?: number;
  loginLockMinutes?: number;
  loginRateLimitPerMinute?: number;
}): AuthPluginOptions {
  return {
    sessionSecret: config.sessionSecret,
    secureCookies: config.publicUrl.startsWith("https:") || config.nodeEnv === "production",
    sessionTtlHours: config.sessionTtlHours,
    lockout: {
      maxFailures: config.loginMaxFailures ?? DEFAULT_LOCKOUT.maxFailures,
      lockMinutes: config.loginLockMinutes ?? DEFAULT_LOCKOUT.lockMinutes,
    },
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
  };
}

declare module "fastify" {
  interface FastifyInstance {
    requireRole(...roles: Role[]): preHandlerAsyncHookHandler;
    /** Every /api/admin route registered so far, with the roles it admits. */
    adminRoutes: AdminRouteInfo[];
    authDb: Queryable;
    authSettings: { lockout: LockoutPolicy; loginRateLimitPerMinute: number };
    /**
     * Sessions, CSRF, the signed-in user and /auth/*: register it first in the console routes'
     * scope (routes/index.ts), never app-wide.
     */
    consoleSessions: FastifyPluginAsync;
  }
  interface FastifyRequest {
    user: SessionUser | null;
  }
  interface Session {
    userId?: string;
    _csrf?: string;
  }
}

export const SESSION_COOKIE = "lada_sid";
const ROLES_MARK = Symbol.for("lada.requireRole.roles");
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

type MarkedHandler = ((...args: unknown[]) => unknown) & { [ROLES_MARK]?: Role[] };

function toArray<T>(v: T | T[] | undefined): T[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function checkRole(request: FastifyRequest, roles: Role[]): AppError | null {
  if (!request.user) return new AppError("unauthenticated", "Sign in to use the researcher console");
  if (!roleSatisfies(request.user.role, roles)) {
    return new AppError("forbidden", `This needs the ${roles.join(" or ")} role; you are signed in as ${request.user.role}`);
  }
  return null;
}

async function authPlugin(fastify: FastifyInstance, opts: AuthPluginOptions): Promise<void> {
  const db: Queryable | undefined = opts.db ?? (fastify as unknown as { pg?: { pool: Queryable } }).pg?.pool;
  if (!db) throw new Error("auth plugin: no database (register the db plugin first or pass opts.db)");
  const ttlSeconds = Math.round((opts.sessionTtlHours ?? 8) * 3600);

  fastify.decorate("authDb", db);
  fastify.decorate("authSettings", {
    lockout: opts.lockout ?? DEFAULT_LOCKOUT,
    loginRateLimitPerMinute: opts.loginRateLimitPerMinute ?? 10,
  });

  if (!fastify.hasPlugin("@fastify/cookie")) await fastify.register(fastifyCookie);
  if (!fastify.hasPlugin("@fastify/rate-limit")) await fastify.register(fastifyRateLimit, { global: false });

  fastify.decorateRequest("user", null);

  // Sessions, CSRF and the signed-in user exist only inside the console's scope (registered by
  // routes/index.ts around /api/auth and /api/admin): @fastify/session builds a signed, hashed
  // session object on every request it sees, and respondents, report readers and panellists
  // never have one. An /api/admin route outside that scope fails closed: no user, so 401.
  const consoleSessions = fp(
    async (scope: FastifyInstance) => {
      await scope.register(fastifySession, {
        secret: opts.sessionSecret,
        cookieName: SESSION_COOKIE,
        store: new PgSessionStore(db, ttlSeconds),
        saveUninitialized: false,
        rolling: false,
        cookie: {
          path: "/",
          httpOnly: true,
          secure: opts.secureCookies,
          sameSite: "strict",
          maxAge: ttlSeconds * 1000,
        },
      });
      await scope.register(fastifyCsrf, { sessionPlugin: "@fastify/session" });

      // Resolve the signed-in user (fresh from the DB, so disabling an account or changing a role
      // takes effect on the next request).
      scope.addHook("onRequest", async (request) => {
        const userId = request.session?.userId;
        if (!userId) return;
        const u = await findUserById(db, userId);
        if (!u || u.disabled || u.erasedAt) {
          request.session.userId = undefined;
          return;
        }
        request.user = { id: u.id, email: u.email, role: u.role };
      });

      await scope.register(authRoutes, { prefix: "/auth" });
    },
    { name: "console-sessions", fastify: "5.x" },
  );
  fastify.decorate("consoleSessions", consoleSessions);

  fastify.decorate("requireRole", (...roles: Role[]) => {
    for (const r of roles) if (!isRole(r)) throw new Error(`requireRole: unknown role "${String(r)}"`);
    if (roles.length === 0) throw new Error("requireRole: name at least one role");
    const handler: preHandlerAsyncHookHandler = async function requireRoleHandler(request) {
      const err = checkRole(request, roles);
      if (err) throw err;
    };
    (handler as unknown as MarkedHandler)[ROLES_MARK] = [...roles];
    return handler;
  });

  // Guard every /api/admin route at onRequest: 401 / 403 before body validation, then CSRF.
  const adminRoutes: AdminRouteInfo[] = [];
  fastify.decorate("adminRoutes", adminRoutes);
  fastify.addHook("onRoute", (route) => {
    const url = route.url ?? route.path;
    if (!url.startsWith("/api/admin")) return;
    const hooks = [...toArray(route.onRequest), ...toArray(route.preValidation), ...toArray(route.preHandler)] as MarkedHandler[];
    const marked = hooks.find((h) => typeof h === "function" && h[ROLES_MARK]);
    const roles: Role[] = marked?.[ROLES_MARK] ?? ["admin"];
    for (const method of toArray(route.method)) {
      if (method === "HEAD") continue; // Fastify's automatic HEAD twin of a GET route (guarded the same way)
      adminRoutes.push({ method: String(method), url, roles, declared: Boolean(marked) });
    }
    const guard: onRequestHookHandler = function adminGuard(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) {
      const err = checkRole(request, roles);
      if (err) return done(err);
      if (SAFE_METHODS.has(request.method)) return done();
      // the console scope's CSRF check (a route outside it never has a user, so never gets here)
      const scope = request.server;
      if (typeof scope.csrfProtection !== "function") return done(new AppError("forbidden", "Invalid CSRF token"));
      return scope.csrfProtection(request, reply, done);
    };
    route.onRequest = [...(toArray(route.onRequest) as onRequestHookHandler[]), guard];
  });

}

export default fp(authPlugin, { name: "auth", fastify: "5.x" });
