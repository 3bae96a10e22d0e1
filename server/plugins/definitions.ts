/**
 * The one way to the survey definitions: `app.definitions` is the registry of every version in
 * survey-definitions/ (loaded once per process), `app.responseDefinitions` resolves the version a
 * given response answers, with its compiled answer structure (cached per version and hash).
 */
import fp from "fastify-plugin";
import { loadDefinitions, type DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { DefinitionCache } from "../services/definition-cache.ts";

declare module "fastify" {
  interface FastifyInstance {
    definitions: DefinitionRegistry;
    responseDefinitions: DefinitionCache;
  }
}

export interface DefinitionsOptions {
  /**
   * Compile the current definition's answer structure once the app is ready (in the background),
   * not at the first respondent's request: that compile holds the event loop for a second or more,
   * so every request arriving meanwhile waits too (the first seconds of fieldwork).
   */
  warmAtStart?: boolean;
}

export default fp<DefinitionsOptions>(
  async (app, opts) => {
    // read on first use (loadDefinitions caches per process): a process that never needs a
    // definition (health checks, migrations) never parses them
    const registry: DefinitionRegistry = {
      current: (surveyId) => loadDefinitions().current(surveyId),
      get: (surveyId, version) => loadDefinitions().get(surveyId, version),
      find: (surveyId, version) => loadDefinitions().find(surveyId, version),
      all: () => loadDefinitions().all(),
    };
    app.decorate("definitions", registry);
    const cache = new DefinitionCache(async () => registry);
    app.decorate("responseDefinitions", cache);
    if (opts.warmAtStart) {
      app.addHook("onReady", async () => {
        setImmediate(() => {
          cache.warmCurrent(app.pg.pool).catch((err) => app.log.warn({ err: { message: (err as Error).message } }, "survey definition not compiled at start; compiled at first use"));
        });
      });
    }
  },
  { name: "definitions" },
);
