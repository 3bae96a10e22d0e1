import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { checkHealth } from "../services/health-service.ts";
import { HealthDown, HealthOk } from "../contracts/health.ts";

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    "/health",
    { schema: { tags: ["service"], summary: "Service and database health", response: { 200: HealthOk, 503: HealthDown } } },
    async (_req, reply) => {
      const health = await checkHealth(app.pg.pool);
      if (health.ok) return { status: "ok" as const, database: app.dbKind, schemaVersion: health.schemaVersion, uptimeSeconds: Math.round(process.uptime()) };
      return reply.code(503).header("retry-after", "5").send({
        status: "unavailable" as const,
        database: app.dbKind,
        message: "The database is not reachable; retrying automatically.",
      });
    },
  );
};
export default health;
