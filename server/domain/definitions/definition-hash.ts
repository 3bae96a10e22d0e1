/** Content hash of one definition version: sha256 of the canonical JSON of its files. */
import { createHash } from "node:crypto";

/** JSON with object keys sorted recursively (arrays keep their order), no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(",")}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}

export interface VersionFiles {
  catalogue: unknown;
  questionnaire: unknown;
  rules: unknown;
  mapping?: unknown;
}

/** sha256 (hex) over { catalogue, questionnaire, rules, mapping? } in canonical form. */
export function definitionHash(files: VersionFiles): string {
  const content: Record<string, unknown> = {
    catalogue: files.catalogue,
    questionnaire: files.questionnaire,
    rules: files.rules,
  };
  if (files.mapping !== undefined) content.mapping = files.mapping;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}
