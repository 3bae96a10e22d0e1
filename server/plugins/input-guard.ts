/**
 * One guard for every route: request text PostgreSQL cannot store (NUL, lone UTF-16 surrogates) or
 * absurdly nested JSON, in the body, the query string or the path, is refused as 400 naming the
 * field — before any handler runs, so a crafted value never reaches a query as a 500.
 */
import fp from "fastify-plugin";
import { invalid } from "../domain/errors.ts";
import { describeUnstorable, findUnstorableJson } from "../lib/storable-json.ts";

export default fp(
  async (app) => {
    app.addHook("preValidation", async (request) => {
      for (const [part, value] of [
        ["body", request.body],
        ["query", request.query],
        ["params", request.params],
      ] as const) {
        const bad = findUnstorableJson(value);
        if (bad) {
          const message = describeUnstorable(bad);
          throw invalid(part === "body" ? message : message.replace(/^body field/, `${part === "query" ? "query" : "path"} field`), bad.path);
        }
      }
    });
  },
  { name: "input-guard" },
);
