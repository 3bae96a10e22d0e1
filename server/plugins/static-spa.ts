/**
 * Serves the built React client (client/dist) and falls back to index.html for non-/api paths;
 * unknown /api paths get a JSON 404.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fp from "fastify-plugin";
import fastifyStatic from "@fastify/static";
import { surveyPageReader } from "./survey-preload.ts";

export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../client/dist");

export default fp<{ root?: string }>(
  async (app, opts) => {
    const root = opts.root ?? CLIENT_DIST;
    const built = fs.existsSync(path.join(root, "index.html"));
    const surveyPage = surveyPageReader(root);
    if (built) {
      await app.register(fastifyStatic, {
        root,
        prefix: "/",
        // files are looked up on each request, not listed once at start: a build made while the
        // service runs (`npm start` after a pull, a deploy) names new files that must be found
        wildcard: true,
        index: ["index.html"],
        // the build's own records (Vite's manifest in .vite/) are for the server, not for browsers
        allowedPath: (pathName) => !pathName.split("/").some((part) => part.startsWith(".")),
        // the build writes .br and .gz beside each script and style (client/vite-precompress.ts)
        preCompressed: true,
        setHeaders(res, filePath) {
          if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header("cache-control", "public, max-age=31536000, immutable");
          else res.header("cache-control", "no-cache");
        },
      });
    }
    app.setNotFoundHandler((req, reply) => {
      const url = req.url.split("?")[0];
      if (url === "/api" || url.startsWith("/api/") || req.method !== "GET") {
        return reply.code(404).send({ statusCode: 404, error: "Not Found", message: `No route ${req.method} ${url}` });
      }
      // a script or style of an earlier build (a page opened before a deploy): a 404, not the page,
      // which the browser would refuse as a script and report as a wrong MIME type
      if (url.startsWith("/assets/")) {
        return reply.code(404).type("text/plain").send("Not found: this file is from an earlier version of the service. Reload the page.");
      }
      if (!built) {
        return reply.code(503).type("text/plain").send("The web client is not built. Run `npm run build`, or start with `npm start`.");
      }
      // the questionnaire's page names its large chunk, so the browser fetches it with the first script
      if (url === "/r" || url === "/r/") return reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(surveyPage());
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    });
  },
  { name: "static-spa" },
);
