// After `tsc -p tsconfig.server.json`: copy what the compiled server reads at run time beside it, in
// the same places relative to each file as in the source tree (migrations, reference data, survey
// definitions, fonts, the case-study objective text, the built web client). Plain Node, no tsx.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");

const copies = [
  ["sql", "sql"],
  ["survey-definitions", "survey-definitions", (p) => !p.endsWith(".ts")],
  ["server/assets", "server/assets"],
  ["server/domain/case-studies/OBJECTIVE.md", "server/domain/case-studies/OBJECTIVE.md"],
  ["client/dist", "client/dist"],
];

for (const [from, to, keep] of copies) {
  const src = path.join(root, from);
  if (!fs.existsSync(src)) {
    console.error(`copy-build-assets: ${from} is missing${from === "client/dist" ? " (run npm run build:client first)" : ""}`);
    process.exit(1);
  }
  fs.cpSync(src, path.join(dist, to), { recursive: true, filter: (p) => fs.statSync(p).isDirectory() || !keep || keep(p) });
}
fs.writeFileSync(path.join(dist, "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
console.log(`copy-build-assets: ${copies.map(([f]) => f).join(", ")} -> dist/`);
