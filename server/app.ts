/**
 * Builds the Fastify app (no listen, no signals): infrastructure plugins, the /api routes, OpenAPI
 * docs at /api/docs, and the built client. main.ts starts it; tests build it directly.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { AppConfig } from "./config.ts";
import dbPlugin from "./plugins/db.ts";
import errorHandler from "./plugins/error-handler.ts";
import security from "./plugins/security.ts";
import inputGuard from "./plugins/input-guard.ts";
import staticSpa from "./plugins/static-spa.ts";
import { registerPlugins } from "./plugins/index.ts";
import { registerApiRoutes } from "./routes/index.ts";
import { redactUrl } from "./lib/redact.ts";

export interface BuildAppOptions {
  config: AppConfig;
  /** singleConnection: PGlite behind the URL (embedded, or served by another process). */
  database: { url: string; kind: "embedded" | "postgres"; singleConnection?: boolean };
  logger?: FastifyServerOptions["logger"];
  clientRoot?: string;
}

declare module "fastify" {
  interface FastifyInstance {
    config: AppConfig;
  }
}

export function loggerOptions(level: string) {
  return {
    level,
    // Never log secrets: no headers at all (cookies, Authorization), URLs with token-like values masked.
    serializers: {
      req(req: { method: string; url: string; ip?: string }) {
        return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
      },
    },
    redact: {
      paths: ["req.headers", "headers.authorization", "headers.cookie", "*.password", "*.token", "*.sessionSecret", "*.databaseUrl"],
      censor: "[redacted]",
    },
  };
}

function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = opts;
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(config.logLevel),
    bodyLimit: config.bodyLimit,
    // a hop count trusts that many proxies nearest the service (proxy-addr's own rule for a number)
    trustProxy: typeof config.trustProxy === "number" ? trustHops(config.trustProxy) : config.trustProxy,
    requestTimeout: 60_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    ajv: { customOptions: { removeAdditional: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate("config", config);
  await app.register(errorHandler);
  await app.register(security);
  await app.register(inputGuard);
  await app.register(swagger, {
    openapi: {
      info: {
        title: "LA Data Capability Audit API",
        version: "1",
        description:
          "Respondent routes (/api/respondent) take an LA session cookie or `Authorization: Bearer <LA token>`. " +
          "Report-link routes (/api/report) take the report page's cookie or `Authorization: Bearer <report token>`. " +
          "Researcher routes (/api/admin) need a login (POST /api/auth/login) and a role.",
      },
      components: {
        securitySchemes: {
          laToken: { type: "http", scheme: "bearer" },
          reportToken: { type: "http", scheme: "bearer" },
          session: { type: "apiKey", in: "cookie", name: "lada_sid" },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });
  // PGlite has ONE backend and pglite-socket 0.2.17 queues each wire-protocol message separately, so
  // two pooled connections' Parse/Bind/Execute interleave and fail; one connection loses nothing.
  const poolMax = opts.database.kind === "embedded" || opts.database.singleConnection ? 1 : config.dbPoolMax;
  await app.register(dbPlugin, { connectionString: opts.database.url, kind: opts.database.kind, max: poolMax });
  await registerPlugins(app);
  await app.register(async (api) => registerApiRoutes(api), { prefix: "/api" });
  await app.register(staticSpa, { root: opts.clientRoot });
  return app;
}
