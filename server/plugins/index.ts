/**
 * App-wide infrastructure plugins registered after the database and before the routes (auth,
 * sessions, rate limits, services). Add one line per plugin.
 */
import type { FastifyInstance } from "fastify";
import auth, { authOptionsFromConfig } from "./auth.ts";
import scoreRecompute from "./score-recompute.ts";
import definitions from "./definitions.ts";

export async function registerPlugins(app: FastifyInstance): Promise<void> {
  await app.register(definitions, { warmAtStart: app.config.nodeEnv !== "test" }); // app.definitions (every version), app.responseDefinitions (the version a response answers)
  await app.register(auth, authOptionsFromConfig(app.config)); // requireRole and the /api/admin guard, login rate limit; app.consoleSessions (sessions, CSRF, /api/auth/*) for the console routes only
  await app.register(scoreRecompute, { refreshAtStart: app.config.nodeEnv !== "test" }); // eager score recompute after submit/reopen, debounced after autosaves
}
