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

export default fp(
  async (app) => {
    // read on first use (loadDefinitions caches per process): a process that never needs a
    // definition (health checks, migrations) never parses them
    const registry: DefinitionRegistry = {
      current: (surveyId) => loadDefinitions().current(surveyId),
      get: (surveyId, version) => loadDefinitions().get(surveyId, version),
      find: (surveyId, version) => loadDefinitions().find(surveyId, version),
      all: () => loadDefinitions().all(),
    };
    app.decorate("definitions", registry);
    app.decorate("responseDefinitions", new DefinitionCache(async () => registry));
  },
  { name: "definitions" },
);
