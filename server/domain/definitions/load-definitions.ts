/**
 * Loads every definition version from survey-definitions/ (see types.ts for the layout) and
 * exposes them as a registry. Results are cached per directory for the life of the process.
 *
 *   const defs = loadDefinitions();
 *   defs.current()                      // highest published version of "la-data-audit"
 *   defs.get("la-data-audit", 1)        // a specific version (throws if unknown)
 *   defs.find("la-data-audit", 9)       // ... or undefined
 *   defs.all()                          // every version, published or draft
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildQuestionnaire, respondentEstimate, type QuestionnaireSource } from "./build-questionnaire.ts";
import { buildCodebook } from "./codebook.ts";
import { definitionHash } from "./definition-hash.ts";
import type { Catalogue, LoadedDefinition, ScoringRules, VersionMapping } from "./types.ts";

export const DEFAULT_SURVEY_ID = "la-data-audit";
export const DEFINITIONS_DIR = resolve(fileURLToPath(new URL("../../../survey-definitions", import.meta.url)));

/** Raw files of one version folder, parsed but not validated. */
export interface RawVersion {
  surveyId: string;
  version: number;
  dir: string; // e.g. "la-data-audit/v1" (relative to the definitions dir)
  catalogue: unknown;
  questionnaire: unknown;
  rules: unknown;
  mapping?: unknown;
  /** files that could not be read or parsed: file name -> message */
  unreadable: Record<string, string>;
}

/** Everything in a definitions directory, parsed but not validated: the checker's input. */
export interface DefinitionsInput {
  versions: RawVersion[];
  published: Record<string, string>; // "<surveyId>@<N>" -> sha256
  unreadable: Record<string, string>;
}

export interface DefinitionRegistry {
  /** Highest published version of a survey; throws if none is published. */
  current(surveyId?: string): LoadedDefinition;
  /** A specific version; throws if it does not exist. */
  get(surveyId: string, version: number): LoadedDefinition;
  /** A specific version, or undefined. */
  find(surveyId: string, version: number): LoadedDefinition | undefined;
  /** Every version (published and draft), ordered by survey id then version. */
  all(): LoadedDefinition[];
}

export function publishedKey(surveyId: string, version: number): string {
  return `${surveyId}@${version}`;
}

function readJson(path: string, unreadable: Record<string, string>, label: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    unreadable[label] = (err as Error).message;
    return undefined;
  }
}

/** Read (parse, not validate) every survey folder and version folder in `dir`. */
export function readDefinitionsDir(dir: string = DEFINITIONS_DIR): DefinitionsInput {
  const unreadable: Record<string, string> = {};
  const publishedPath = join(dir, "published.json");
  const published = existsSync(publishedPath)
    ? ((readJson(publishedPath, unreadable, "published.json") as Record<string, string> | undefined) ?? {})
    : {};
  const versions: RawVersion[] = [];
  for (const surveyEntry of readdirSync(dir, { withFileTypes: true })) {
    if (!surveyEntry.isDirectory() || surveyEntry.name.startsWith(".")) continue;
    const surveyId = surveyEntry.name;
    for (const vEntry of readdirSync(join(dir, surveyId), { withFileTypes: true })) {
      const m = /^v([1-9][0-9]*)$/.exec(vEntry.name);
      if (!vEntry.isDirectory() || !m) continue;
      const rel = `${surveyId}/${vEntry.name}`;
      const vdir = join(dir, rel);
      const bad: Record<string, string> = {};
      const raw: RawVersion = {
        surveyId,
        version: Number(m[1]),
        dir: rel,
        catalogue: readJson(join(vdir, "catalogue.json"), bad, "catalogue.json"),
        questionnaire: readJson(join(vdir, "questionnaire.json"), bad, "questionnaire.json"),
        rules: readJson(join(vdir, "rules.json"), bad, "rules.json"),
        unreadable: bad,
      };
      if (existsSync(join(vdir, "mapping.json"))) raw.mapping = readJson(join(vdir, "mapping.json"), bad, "mapping.json");
      versions.push(raw);
    }
  }
  versions.sort((a, b) => (a.surveyId === b.surveyId ? a.version - b.version : a.surveyId < b.surveyId ? -1 : 1));
  return { versions, published, unreadable };
}

/** Build a LoadedDefinition from one version's parsed files (assumed valid: run the checker first). */
export function buildLoadedDefinition(raw: RawVersion, published: Record<string, string>): LoadedDefinition {
  const missing = Object.keys(raw.unreadable);
  if (missing.length > 0) {
    throw new Error(`survey-definitions/${raw.dir}: cannot read ${missing.map((f) => `${f} (${raw.unreadable[f]})`).join(", ")}`);
  }
  const questionnaire = raw.questionnaire as QuestionnaireSource;
  const catalogue = raw.catalogue as Catalogue;
  const hash = definitionHash(raw);
  const key = publishedKey(raw.surveyId, raw.version);
  const recorded = published[key];
  if (recorded !== undefined && recorded !== hash) {
    throw new Error(
      `survey-definitions/${raw.dir} is published but its content changed (published.json ${key} = ${recorded}, files hash to ${hash}). ` +
        `A published version is immutable: revert the change and make it in a new version folder.`,
    );
  }
  const survey = buildQuestionnaire(questionnaire, catalogue);
  const def: Omit<LoadedDefinition, "codebook"> = {
    surveyId: raw.surveyId,
    version: raw.version,
    hash,
    published: recorded !== undefined,
    title: questionnaire.title,
    survey,
    catalogue,
    rules: raw.rules as ScoringRules,
    ...(raw.mapping !== undefined ? { mapping: raw.mapping as VersionMapping } : {}),
    estimate: respondentEstimate(questionnaire, catalogue),
  };
  return { ...def, codebook: buildCodebook(def) };
}

function makeRegistry(defs: LoadedDefinition[]): DefinitionRegistry {
  const byKey = new Map(defs.map((d) => [publishedKey(d.surveyId, d.version), d]));
  return {
    current(surveyId = DEFAULT_SURVEY_ID) {
      const pub = defs.filter((d) => d.surveyId === surveyId && d.published);
      if (pub.length === 0) throw new Error(`No published version of survey "${surveyId}" in survey-definitions/published.json`);
      return pub.reduce((a, b) => (b.version > a.version ? b : a));
    },
    get(surveyId, version) {
      const d = byKey.get(publishedKey(surveyId, version));
      if (!d) throw new Error(`Unknown survey definition ${publishedKey(surveyId, version)}`);
      return d;
    },
    find(surveyId, version) {
      return byKey.get(publishedKey(surveyId, version));
    },
    all() {
      return [...defs];
    },
  };
}

const cache = new Map<string, DefinitionRegistry>();

/** Load (once per process and directory) every definition version in `dir`. */
export function loadDefinitions(dir: string = DEFINITIONS_DIR): DefinitionRegistry {
  const key = resolve(dir);
  let reg = cache.get(key);
  if (!reg) {
    const input = readDefinitionsDir(key);
    if (input.unreadable["published.json"]) throw new Error(`survey-definitions/published.json: ${input.unreadable["published.json"]}`);
    reg = makeRegistry(input.versions.map((v) => buildLoadedDefinition(v, input.published)));
    cache.set(key, reg);
  }
  return reg;
}

/** Forget cached registries (tests that write definition folders). */
export function clearDefinitionsCache(): void {
  cache.clear();
}
