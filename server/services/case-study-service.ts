/**
 * Case-study selection against the database: gathers the candidates (register, Ofsted, context,
 * survey status and case-study answer, capability from la_scores), runs the pure engine
 * (server/domain/case-studies), and saves selections. Shared by the CLI and the admin API.
 *
 * Eligibility: the LA's response is submitted (responses.status = 'submitted') and it answered
 * "Yes" to cs_willing ("Would your authority be willing to take part in case-study work?");
 * with includeMaybe, "Possibly: please tell me more" counts too.
 * Capability: la_scores.capability_band / capability_score (scoring, migration 006); an LA without a
 * la_scores row has band "unknown" and no score.
 */
import type pg from "pg";
import { CAPABILITY_BAND_ORDER } from "../domain/scoring/capability-profile.ts";
import { computeOfstedTrajectories } from "../domain/case-studies/ofsted-trajectory.ts";
import { InvalidSelectionInputError } from "../domain/case-studies/errors.ts";
import { selectCaseStudies } from "../domain/case-studies/select-case-studies.ts";
import { buildTypologyGrid, type TypologyGrid } from "../domain/case-studies/typology.ts";
import type {
  CaseStudyCandidate,
  SelectionConstraints,
  SelectionInput,
  SelectionResult,
  SelectionWeights,
} from "../domain/case-studies/types.ts";
import {
  findCurrentSelection,
  insertSelection,
  listCandidateRows,
  listOfstedHistory,
  listSelections,
  type SavedSelection,
} from "../repositories/case-studies-repository.ts";
import { userLabels } from "../repositories/timeline-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type ActorKind } from "../domain/audit/audit-entry.ts";
import { loadDefinitions, type DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { refreshStaleScores, type RefreshResult } from "./scoring-service.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import type { RunBody, RunReply, SavedSelection as SavedSelectionJson, TypologyGrid as TypologyGridJson } from "../contracts/case-studies.ts";
import { engineWeights, savedSelectionJson, selectionParametersJson, selectionResultJson, typologyGridJson } from "./case-study-json.ts";

export const BAND_ORDER: readonly string[] = CAPABILITY_BAND_ORDER;

export interface GatherOptions {
  /** Count "Possibly" (cs_willing = 'maybe') as agreeing to take part. Default false. */
  includeMaybe?: boolean;
}

/**
 * Recompute missing or stale capability scores (la_scores) before a selection, as the score views do,
 * so picks follow the latest answers. Returns what was recomputed or failed.
 */
export async function refreshCapabilityScores(pool: pg.Pool, registry: DefinitionRegistry = loadDefinitions()): Promise<RefreshResult> {
  return refreshStaleScores(pool, registry, { surveyId: registry.current().surveyId });
}

/** Every LA in the register as a candidate, with eligibility flags. */
export async function gatherCandidates(db: Queryable, opts: GatherOptions = {}): Promise<CaseStudyCandidate[]> {
  const [rows, history] = await Promise.all([listCandidateRows(db), listOfstedHistory(db)]);
  const trajectories = computeOfstedTrajectories(history, rows.map((r) => r.la_code));
  const agreeing = opts.includeMaybe ? ["yes", "maybe"] : ["yes"];
  return rows.map((r) => ({
    la_code: r.la_code,
    name: r.name,
    region: r.region,
    la_type: r.la_type,
    ofsted: r.ofsted,
    trajectory: trajectories.get(r.la_code)!.trajectory,
    capability_band: r.capability_band ?? "unknown",
    capability_score: r.capability_score,
    child_population: r.child_population,
    cin_count: r.cin_count,
    fsm_pct: r.fsm_pct,
    submitted: r.response_status === "submitted",
    agreed: r.cs_willing != null && agreeing.includes(r.cs_willing),
  }));
}

export interface RunParams {
  wave: 1 | 2;
  k: number;
  seed?: number;
  weights?: Partial<SelectionWeights>;
  constraints?: SelectionConstraints;
  /** LAs that declined (excluded). */
  declined?: string[];
  /** LAs kept from an earlier run (forced in), e.g. the other picks after a decline. */
  keep?: string[];
  includeMaybe?: boolean;
}

export interface SelectionRun {
  input: SelectionInput;
  result: SelectionResult;
  /** What to store with a saved selection. */
  parameters: Record<string, unknown>;
}

export async function runSelection(db: Queryable, p: RunParams): Promise<SelectionRun> {
  let previousPicks: string[] = [];
  if (p.wave === 2) {
    const wave1 = await findCurrentSelection(db, 1);
    if (!wave1) {
      throw new InvalidSelectionInputError("wave", "wave 2 excludes the saved wave-1 picks, but no wave-1 selection has been saved yet (run wave 1 and save it first)");
    }
    previousPicks = wave1.picks;
  }
  const candidates = await gatherCandidates(db, { includeMaybe: p.includeMaybe });
  const constraints: SelectionConstraints = {
    ...p.constraints,
    mustInclude: [...new Set([...(p.constraints?.mustInclude ?? []), ...(p.keep ?? [])])],
  };
  const input: SelectionInput = {
    candidates,
    k: p.k,
    wave: p.wave,
    bandOrder: BAND_ORDER,
    weights: p.weights,
    constraints,
    previousPicks,
    declined: p.declined ?? [],
    seed: p.seed ?? 1,
  };
  const result = selectCaseStudies(input);
  const parameters = {
    wave: p.wave,
    k: p.k,
    seed: result.seed,
    weights: result.weights,
    constraints: p.constraints ?? {},
    keep: p.keep ?? [],
    declined: p.declined ?? [],
    previous_picks: previousPicks,
    include_maybe: Boolean(p.includeMaybe),
    band_order: BAND_ORDER,
    eligible_count: result.eligible_count,
  };
  return { input, result, parameters };
}

/**
 * Re-run the saved selection of a wave after some of its picks declined: same k, seed, weights and
 * constraints; the other picks are kept, the decliners (and earlier decliners) excluded.
 */
export async function rerunSavedAfterDecline(db: Queryable, wave: 1 | 2, declined: string[]): Promise<SelectionRun> {
  const saved = await findCurrentSelection(db, wave);
  if (!saved) throw new InvalidSelectionInputError("wave", `no wave-${wave} selection has been saved yet, so there is no pick to mark as declined`);
  const notPicks = declined.filter((c) => !saved.picks.includes(c));
  if (notPicks.length) {
    throw new InvalidSelectionInputError("declined", `declined: ${notPicks.join(", ")} ${notPicks.length > 1 ? "are" : "is"} not among the saved wave-${wave} picks (${saved.picks.join(", ")})`);
  }
  const prm = saved.parameters as {
    seed?: number;
    weights?: Partial<SelectionWeights>;
    constraints?: SelectionConstraints;
    declined?: string[];
    include_maybe?: boolean;
  };
  return runSelection(db, {
    wave,
    k: saved.k,
    seed: prm.seed ?? saved.seed,
    weights: prm.weights,
    constraints: prm.constraints,
    declined: [...new Set([...(prm.declined ?? []), ...declined])],
    keep: saved.picks.filter((c) => !declined.includes(c)),
    includeMaybe: prm.include_maybe,
  });
}

/** Save a run as its wave's current selection and record it in the audit trail, in one transaction. */
export async function saveSelection(pool: pg.Pool, run: SelectionRun, actor: { actor: string; actorKind: Extract<ActorKind, "user" | "system"> }): Promise<SavedSelection> {
  return withTransaction(pool, async (client) => {
    const saved = await insertSelection(client, {
      wave: run.result.wave,
      k: run.result.k,
      seed: run.result.seed,
      objective: run.result.objective,
      parameters: run.parameters,
      result: run.result,
      createdBy: actor.actor,
      createdByKind: actor.actorKind,
    });
    await recordAudit(client, {
      actor: actor.actor,
      actorKind: actor.actorKind,
      action: "case_studies.save",
      subject: `wave ${saved.wave}`,
      details: { selection_id: saved.id, wave: saved.wave, k: saved.k, seed: saved.seed, picks: saved.picks, objective: saved.objective },
    });
    return saved;
  });
}

/** Ofsted trajectory x capability band grid over the LAs that submitted (all LAs with `all`). */
export async function loadTypology(db: Queryable, opts: { all?: boolean } = {}): Promise<TypologyGrid> {
  const candidates = await gatherCandidates(db);
  const las = candidates.filter((c) => opts.all || c.submitted);
  return buildTypologyGrid(las, BAND_ORDER);
}

/** Saved selections (newest first) with who saved each: a console user's e-mail, or "command line". */
export async function listSavedSelections(db: Queryable, q: { wave?: 1 | 2; limit?: number }): Promise<SavedSelectionJson[]> {
  const rows = await listSelections(db, { wave: q.wave, limit: q.limit ?? 100 });
  const labels = await userLabels(db, [...new Set(rows.filter((r) => r.createdByKind === "user").map((r) => r.createdBy))]);
  return rows.map((s) => savedSelectionJson(s, s.createdByKind === "user" ? (labels.get(s.createdBy) ?? null) : "command line"));
}

/**
 * The console's run: a new selection, or the wave's saved one re-run with some picks declined;
 * saved as the wave's selection when asked. In the API's shape.
 */
export async function runFromRequest(pool: pg.Pool, body: RunBody, actor: { actor: string; actorKind: "user" }): Promise<RunReply> {
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
      });
  const saved = body.save ? await saveSelection(pool, run, actor) : null;
  return {
    result: selectionResultJson(run.result),
    parameters: selectionParametersJson(run.parameters),
    saved: saved ? { id: saved.id, createdAt: saved.createdAt.toISOString() } : null,
  };
}

/** The typology grid in the API's shape. */
export async function typology(db: Queryable, opts: { all?: boolean } = {}): Promise<TypologyGridJson> {
  return typologyGridJson(await loadTypology(db, opts));
}
