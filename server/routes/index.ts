/**
 * Every /api route plugin, registered under the /api prefix by app.ts. Add new route plugins here
 * (one line each). Admin routes must use `preHandler: app.requireRole(...)`.
 */
import type { FastifyInstance } from "fastify";
import health from "./health.ts";
import las from "./reference/las.ts";

export async function registerApiRoutes(api: FastifyInstance): Promise<void> {
  await api.register(health);
  await api.register(las);
}
