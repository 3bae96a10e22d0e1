/**
 * Whether client/dist is older than the client's sources (client/src) or its build files
 * (client/*.ts: the Vite config and its plugins). Used by `npm start`, which rebuilds a stale client
 * (after a pull, say) instead of serving the old one, and by the browser tests.
 */
import fs from "node:fs";
import path from "node:path";

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

export function clientIsStale(root: string): boolean {
  const index = path.join(root, "client/dist/index.html");
  if (!fs.existsSync(index)) return true;
  const client = path.join(root, "client");
  const buildFiles = fs.readdirSync(client).filter((f) => f.endsWith(".ts"));
  const newest = Math.max(newestMtime(path.join(client, "src")), ...buildFiles.map((f) => fs.statSync(path.join(client, f)).mtimeMs));
  return fs.statSync(index).mtimeMs < newest;
}
