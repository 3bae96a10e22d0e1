/**
 * App-wide infrastructure plugins registered after the database and before the routes (auth,
 * sessions, rate limits, services). Add one line per plugin.
 */
import type { FastifyInstance } from "fastify";

export async function registerPlugins(_app: FastifyInstance): Promise<void> {
  // e.g. await app.register(auth);
}
