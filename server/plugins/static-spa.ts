/**
 * Serves the built React client (client/dist) and falls back to index.html for non-/api paths;
 * unknown /api paths get a JSON 404.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fp from "fastify-plugin";
import fastifyStatic from "@fastify/static";

export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../client/dist");

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

/**
 * index.html with the questionnaire's chunk (and the chunks and styles it imports) preloaded: the
 * browser then fetches the 1.6 MB survey code alongside the first script instead of after it. The
 * styles are preloaded, not linked, so they do not hold up the first script.
 * Plain index.html when the build has no manifest or no such chunk.
 */
export function withSurveyPreload(indexHtml: string, manifestJson: string | null): string {
  if (!manifestJson) return indexHtml;
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(manifestJson) as Record<string, ManifestChunk>;
  } catch {
    return indexHtml;
  }
  const start = manifest["src/respondent/respondent-page.tsx"];
  if (!start) return indexHtml;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit("src/respondent/respondent-page.tsx");
  const links = [
    ...[...styles].map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`),
    ...[...scripts].map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
  ].join("\n    ");
  return indexHtml.includes("</head>") ? indexHtml.replace("</head>", `  ${links}\n  </head>`) : indexHtml;
}

export default fp<{ root?: string }>(
  async (app, opts) => {
    const root = opts.root ?? CLIENT_DIST;
    const built = fs.existsSync(path.join(root, "index.html"));
    if (built) {
      await app.register(fastifyStatic, {
        root,
        prefix: "/",
        wildcard: false,
        index: ["index.html"],
        setHeaders(res, filePath) {
          if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header("cache-control", "public, max-age=31536000, immutable");
          else res.header("cache-control", "no-cache");
        },
      });
      // the questionnaire's page, read from the build once
      const manifestPath = path.join(root, ".vite", "manifest.json");
      const surveyHtml = withSurveyPreload(fs.readFileSync(path.join(root, "index.html"), "utf8"), fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, "utf8") : null);
      for (const url of ["/r", "/r/"]) app.get(url, { schema: { hide: true } }, (_req, reply) => reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(surveyHtml));
    }
    app.setNotFoundHandler((req, reply) => {
      const url = req.url.split("?")[0];
      if (url === "/api" || url.startsWith("/api/") || req.method !== "GET") {
        return reply.code(404).send({ statusCode: 404, error: "Not Found", message: `No route ${req.method} ${url}` });
      }
      if (!built) {
        return reply.code(503).type("text/plain").send("The web client is not built. Run `npm run build`, or start with `npm start`.");
      }
      return reply.header("cache-control", "no-cache").sendFile("index.html");
    });
  },
  { name: "static-spa" },
);
