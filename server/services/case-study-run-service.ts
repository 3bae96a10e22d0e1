/**
 * Kept case-study runs: every selection run, saved or not, is recorded with what was asked, what it
 * resolved to and its result, so the researcher can list past runs, reload one, re-run it to the same
 * picks, and save the very result they looked at as the wave's selection.
 */
import type pg from "pg";
import { notFound } from "../domain/errors.ts";
import type { SelectionResult } from "../domain/case-studies/types.ts";
import { findRun, insertRun, linkRunToSelection, listRecordedDeclines, listRuns, type KeptRun } from "../repositories/case-study-runs-repository.ts";
import { userLabels } from "../repositories/timeline-repository.ts";
import type { Queryable } from "../repositories/queryable.ts";
import { rerunSavedAfterDecline, runSelection, saveSelection, type RunParams, type SelectionRun } from "./case-study-service.ts";
import type { KeptRunDto, KeptRunSummaryDto, RecordedDeclineDto, SaveRunDto } from "../contracts/case-study-runs.ts";
import type { RunBody, RunReply } from "../contracts/case-studies.ts";
import { engineWeights, runRequestJson, selectionParametersJson, selectionResultJson } from "./case-study-json.ts";

type Actor = { actor: string; actorKind: "user" | "system" };

/** Record a run (and save it as its wave's selection first when asked). */
export async function keepRun(pool: pg.Pool, run: SelectionRun, opts: { save: boolean; note?: string | null; actor: Actor }) {
  const saved = opts.save ? await saveSelection(pool, run, opts.actor) : null;
  const kept = await insertRun(pool, {
    wave: run.result.wave,
    k: run.result.k,
    seed: run.result.seed,
    objective: run.result.objective,
    request: { ...run.request },
    parameters: run.parameters,
    result: run.result,
    note: opts.note?.trim() || null,
    selectionId: saved?.id ?? null,
    createdBy: opts.actor.actor,
    createdByKind: opts.actor.actorKind,
  });
  return { kept, saved };
}

/**
 * The console's run: a new selection, or the wave's saved one re-run with some picks declined; kept,
 * and saved as the wave's selection when asked. In the API's shape.
 */
export async function runFromRequest(pool: pg.Pool, body: RunBody, actor: Actor): Promise<RunReply> {
  const run = body.declineSaved?.length
    ? await rerunSavedAfterDecline(pool, body.wave, body.declineSaved)
    : await runSelection(pool, {
        wave: body.wave,
        k: body.k ?? 4,
        seed: body.seed,
        weights: engineWeights(body.weights),
        constraints: body.constraints,
        declined: body.declined,
        keep: body.keep,
        includeMaybe: body.includeMaybe,
        smallLas: body.smallLas,
        leaveOutDeclined: body.leaveOutDeclined,
      });
  const { kept, saved } = await keepRun(pool, run, { save: Boolean(body.save), note: body.note, actor });
  return {
    result: selectionResultJson(run.result),
    parameters: selectionParametersJson(run.parameters),
    saved: saved ? { id: saved.id, createdAt: saved.createdAt.toISOString() } : null,
    run: { id: kept.id, createdAt: kept.createdAt.toISOString(), request: runRequestJson(run.request) },
  };
}

async function labelsFor(db: Queryable, runs: KeptRun[]): Promise<Map<string, string>> {
  return userLabels(db, [...new Set(runs.filter((r) => r.createdByKind === "user").map((r) => r.createdBy))]);
}

function summary(r: KeptRun, labels: Map<string, string>): KeptRunSummaryDto {
  return {
    id: r.id,
    wave: r.wave,
    k: r.k,
    seed: r.seed,
    objective: r.objective,
    note: r.note,
    savedSelectionId: r.selectionId,
    createdAt: r.createdAt.toISOString(),
    createdByLabel: r.createdByKind === "user" ? (labels.get(r.createdBy) ?? null) : "command line",
    picks: (r.result as SelectionResult).picks.map((p) => ({ laCode: p.la_code, laName: p.la_name })),
    request: runRequestJson(r.request as unknown as RunParams),
  };
}

export async function listKeptRuns(db: Queryable, q: { limit?: number }): Promise<KeptRunSummaryDto[]> {
  const runs = await listRuns(db, { limit: q.limit ?? 50 });
  const labels = await labelsFor(db, runs);
  return runs.map((r) => summary(r, labels));
}

async function requireRun(db: Queryable, id: string): Promise<KeptRun> {
  const run = await findRun(db, id);
  if (!run) throw notFound(`There is no kept run ${id}`);
  return run;
}

export async function getKeptRun(db: Queryable, id: string): Promise<KeptRunDto["run"]> {
  const run = await requireRun(db, id);
  const labels = await labelsFor(db, [run]);
  return { ...summary(run, labels), parameters: selectionParametersJson(run.parameters), result: selectionResultJson(run.result as SelectionResult) };
}

/** Save a kept run's own result as its wave's selection (saving it twice keeps the first save). */
export async function saveKeptRun(pool: pg.Pool, id: string, actor: Actor): Promise<SaveRunDto> {
  const run = await requireRun(pool, id);
  if (run.selectionId) return { runId: run.id, savedSelectionId: run.selectionId, createdAt: run.createdAt.toISOString() };
  const saved = await saveSelection(pool, { result: run.result, parameters: run.parameters }, actor);
  await linkRunToSelection(pool, run.id, saved.id);
  return { runId: run.id, savedSelectionId: saved.id, createdAt: saved.createdAt.toISOString() };
}

export async function recordedDeclines(db: Queryable): Promise<RecordedDeclineDto[]> {
  return listRecordedDeclines(db);
}
