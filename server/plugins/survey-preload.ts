/**
 * The questionnaire's page (/r) with its code preloaded: the browser fetches the 1.6 MB survey chunk
 * (and the chunks and styles it imports) alongside the first script instead of after it has run.
 * The chunk names come from Vite's build manifest; the page is made again whenever the build changes
 * (a client rebuilt while the service runs names new files).
 */
import fs from "node:fs";
import path from "node:path";

interface ManifestChunk {
  file: string;
  imports?: string[];
  css?: string[];
  isEntry?: boolean;
}

const SURVEY_ENTRY = "src/respondent/respondent-page.tsx";

/**
 * index.html with the survey chunk, the chunks it imports and its styles preloaded. The styles are
 * preloaded, not linked, so they do not hold up the first script. The page as it is when the build
 * has no manifest, an unreadable one, or no survey chunk.
 */
export function withSurveyPreload(indexHtml: string, manifestJson: string | null): string {
  if (!manifestJson || !indexHtml.includes("</head>")) return indexHtml;
  let manifest: Record<string, ManifestChunk>;
  try {
    manifest = JSON.parse(manifestJson) as Record<string, ManifestChunk>;
  } catch {
    return indexHtml;
  }
  if (!manifest[SURVEY_ENTRY]) return indexHtml;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const css of chunk.css ?? []) styles.add(css);
    for (const i of chunk.imports ?? []) visit(i);
  };
  visit(SURVEY_ENTRY);
  const links = [
    ...[...styles].map((f) => `<link rel="preload" as="style" crossorigin href="/${f}">`),
    ...[...scripts].map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
  ].join("\n    ");
  return indexHtml.replace("</head>", `  ${links}\n  </head>`);
}

/** Reads the build's index.html and manifest, again only when index.html has changed. */
export function surveyPageReader(root: string): () => string {
  let cached: { mtimeMs: number; size: number; html: string } | null = null;
  const indexPath = path.join(root, "index.html");
  const manifestPath = path.join(root, ".vite", "manifest.json");
  return () => {
    const stat = fs.statSync(indexPath);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.html;
    const manifest = fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, "utf8") : null;
    cached = { mtimeMs: stat.mtimeMs, size: stat.size, html: withSurveyPreload(fs.readFileSync(indexPath, "utf8"), manifest) };
    return cached.html;
  };
}
