/**
 * Load the reference data files into their tables, idempotently, in one transaction: a bad file
 * changes nothing. Returns what was added or changed per dataset.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { fileURLToPath } from "node:url";
import type pg from "pg";
import { withTransaction } from "../repositories/queryable.ts";
import {
  ReferenceDataError,
  parseLaContext,
  parseLaRegister,
  parseOfstedHistory,
  parseOfstedLatest,
  parseStatisticalNeighbours,
} from "../domain/reference-data/parse-reference-data.ts";
import * as repo from "../repositories/reference-data-repository.ts";

export const REFERENCE_DATA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../sql/reference-data");

export interface ReferenceFiles {
  register: string;
  ofstedLatest: string;
  ofstedHistory: string;
  context: string;
  /** DfE statistical neighbours (optional: older callers pass only the four files above). */
  neighbours?: string;
  /** "as at" date of the latest-judgements file (yyyy-mm-dd); taken from its name when it has one. */
  ofstedAsAt?: string;
  contextYear?: number;
}

export function defaultReferenceFiles(dir = REFERENCE_DATA_DIR): ReferenceFiles {
  return {
    register: path.join(dir, "la_register.csv"),
    ofstedLatest: path.join(dir, "ofsted_ilacs_as_at_2025-03-31.csv"),
    ofstedHistory: path.join(dir, "ofsted_ilacs_history_2018_2025.csv"),
    context: path.join(dir, "la_context_2025.csv"),
    neighbours: path.join(dir, "statistical_neighbours_2025.csv"),
  };
}

export interface LoadSummary {
  dataset: string;
  file: string;
  added: number;
  changed: number;
  unchanged: number;
}

function read(file: string): { text: string; sha: string; name: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    throw new ReferenceDataError(path.basename(file), null, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return { text, sha: crypto.createHash("sha256").update(text).digest("hex"), name: path.basename(file) };
}

export async function loadReferenceData(pool: pg.Pool, files: ReferenceFiles = defaultReferenceFiles()): Promise<LoadSummary[]> {
  // Parse everything before touching the database.
  const reg = read(files.register);
  const las = parseLaRegister(reg.name, reg.text);
  const codes = new Set(las.map((l) => l.la_code));
  const latest = read(files.ofstedLatest);
  const ofsted = parseOfstedLatest(latest.name, latest.text, codes);
  const hist = read(files.ofstedHistory);
  const history = parseOfstedHistory(hist.name, hist.text, codes);
  const ctx = read(files.context);
  const context = parseLaContext(ctx.name, ctx.text, codes);
  const nb = files.neighbours ? read(files.neighbours) : null;
  const neighbours = nb ? parseStatisticalNeighbours(nb.name, nb.text, codes) : null;
  const asAt = files.ofstedAsAt ?? /(\d{4}-\d{2}-\d{2})/.exec(latest.name)?.[1];
  if (!asAt) throw new ReferenceDataError(latest.name, null, "needs an as-at date (yyyy-mm-dd in the file name, or --ofsted-as-at)");
  const year = files.contextYear ?? Number(/(\d{4})/.exec(ctx.name)?.[1]);
  if (!year) throw new ReferenceDataError(ctx.name, null, "needs a year (in the file name, or --context-year)");

  return withTransaction(pool, async (client) => {
    const out: LoadSummary[] = [];
    const step = async (dataset: string, f: { name: string; sha: string }, p: Promise<repo.UpsertCounts>) => {
      const c = await p;
      await repo.recordLoad(client, dataset, f.name, f.sha, c);
      out.push({ dataset, file: f.name, ...c });
    };
    await step("la_register", reg, repo.upsertLas(client, las));
    await step("ofsted_latest", latest, repo.upsertOfstedLatest(client, ofsted, asAt, latest.name));
    await step("ofsted_history", hist, repo.upsertOfstedHistory(client, history, hist.name));
    await step("la_context", ctx, repo.upsertLaContext(client, context, year));
    if (nb && neighbours) await step("statistical_neighbours", nb, repo.upsertStatisticalNeighbours(client, neighbours));
    return out;
  });
}
