import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { checkHealth } from "../services/health-service.ts";

const HealthOk = Type.Object({
  status: Type.Literal("ok"),
  database: Type.Union([Type.Literal("embedded"), Type.Literal("postgres")]),
  schemaVersion: Type.Integer(),
  uptimeSeconds: Type.Number(),
});
const HealthDown = Type.Object({
  status: Type.Literal("unavailable"),
  database: Type.Union([Type.Literal("embedded"), Type.Literal("postgres")]),
  message: Type.String(),
});

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
