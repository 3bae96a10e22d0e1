// The objective in plain words, for the README and the researcher console (same text as OBJECTIVE.md).

import { readFileSync } from "node:fs";

export function objectiveDescription(): string {
  return readFileSync(new URL("./OBJECTIVE.md", import.meta.url), "utf8");
}
