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
import { ContradictoryConstraintsError, InvalidSelectionInputError } from "../domain/case-studies/errors.ts";
import { selectCaseStudies } from "../domain/case-studies/select-case-studies.ts";
import { DEFAULT_SMALL_LA_RULE } from "../domain/case-studies/small-las.ts";
import { buildTypologyGrid, type TypologyGrid } from "../domain/case-studies/typology.ts";
import type {
  CaseStudyCandidate,
  SelectionConstraints,
  SelectionInput,
  SelectionResult,
  SelectionWeights,
  SmallLaRule,
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
import { listRecordedDeclines } from "../repositories/case-study-runs-repository.ts";
import { recordAudit } from "../repositories/audit-repository.ts";
import { type ActorKind } from "../domain/audit/audit-entry.ts";
import { loadDefinitions, type DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { refreshStaleScores, type RefreshResult } from "./scoring-service.ts";
import { withTransaction, type Queryable } from "../repositories/queryable.ts";
import type { SavedSelection as SavedSelectionJson, TypologyGrid as TypologyGridJson } from "../contracts/case-studies.ts";
import { savedSelectionJson, typologyGridJson } from "./case-study-json.ts";

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
  /** LAs with very few children: left out by default (DEFAULT_SMALL_LA_RULE). */
  smallLas?: SmallLaRule;
  /** Leave out LAs whose fieldwork record says they declined a case study (default true). */
  leaveOutDeclined?: boolean;
}

export interface SelectionRun {
  input: SelectionInput;
  result: SelectionResult;
  /** What to store with a saved selection. */
  parameters: Record<string, unknown>;
  /** What was asked, with the defaults filled in: running it again gives the same picks on the same data. */
  request: RunParams;
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
  const [candidates, recordedDeclines] = await Promise.all([gatherCandidates(db, { includeMaybe: p.includeMaybe }), listRecordedDeclines(db)]);
  const leaveOutDeclined = p.leaveOutDeclined ?? true;
  const declined = [...new Set([...(p.declined ?? []), ...(leaveOutDeclined ? recordedDeclines.map((d) => d.laCode) : [])])];
  if (leaveOutDeclined) {
    const wanted = new Set([...(p.constraints?.mustInclude ?? []), ...(p.keep ?? [])]);
    const clash = recordedDeclines.filter((d) => wanted.has(d.laCode));
    if (clash.length) {
      throw new ContradictoryConstraintsError(
        "leaveOutDeclined",
        clash.map((d) => `${d.laName} must be included but declined a case study${d.reason ? ` ("${d.reason}")` : ""}; stop leaving out LAs that declined to include it`),
      );
    }
  }
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
    declined,
    seed: p.seed ?? 1,
    smallLas: p.smallLas ?? { ...DEFAULT_SMALL_LA_RULE },
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
    small_las: input.smallLas,
    band_order: BAND_ORDER,
    eligible_count: result.eligible_count,
    leave_out_declined: leaveOutDeclined,
    recorded_declines: recordedDeclines,
  };
  const request: RunParams = {
    wave: p.wave,
    k: p.k,
    seed: result.seed,
    weights: result.weights,
    constraints: p.constraints ?? {},
    declined: p.declined ?? [],
    keep: p.keep ?? [],
    includeMaybe: Boolean(p.includeMaybe),
    smallLas: input.smallLas,
    leaveOutDeclined,
  };
  return { input, result, parameters, request };
}

/**
 * Re-run the saved selection of a wave after some of its picks declined: same k, seed, weights and
 * constraints; the other picks are kept, the decliners (and earlier decliners) excluded.
 */
export async function rerunSavedAfterDecline(db: Queryable, wave: 1 | 2, declinedPicks: string[]): Promise<SelectionRun> {
  let declined = declinedPicks;
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
    small_las?: SmallLaRule;
  };
  // picks recorded as declined on their fieldwork page since the save go too
  const recorded = (await listRecordedDeclines(db)).map((d) => d.laCode).filter((c) => saved.picks.includes(c));
  declined = [...new Set([...declined, ...recorded])];
  return runSelection(db, {
    wave,
    k: saved.k,
    seed: prm.seed ?? saved.seed,
    weights: prm.weights,
    constraints: prm.constraints,
    declined: [...new Set([...(prm.declined ?? []), ...declined])],
    keep: saved.picks.filter((c) => !declined.includes(c)),
    includeMaybe: prm.include_maybe,
    // a selection saved before the small-LA rule existed was made without one
    smallLas: prm.small_las ?? { handling: "none", minChildren: 0 },
  });
}

/** Save a run as its wave's current selection and record it in the audit trail, in one transaction. */
export async function saveSelection(pool: pg.Pool, run: Pick<SelectionRun, "result" | "parameters">, actor: { actor: string; actorKind: Extract<ActorKind, "user" | "system"> }): Promise<SavedSelection> {
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
  // the query schema bounds limit, but a number such as 1e400 reaches here as Infinity
  const limit = Number.isSafeInteger(q.limit) ? Math.min(Math.max(q.limit!, 1), 500) : 100;
  const rows = await listSelections(db, { wave: q.wave, limit });
  const labels = await userLabels(db, [...new Set(rows.filter((r) => r.createdByKind === "user").map((r) => r.createdBy))]);
  return rows.map((s) => savedSelectionJson(s, s.createdByKind === "user" ? (labels.get(s.createdBy) ?? null) : "command line"));
}

/** The typology grid in the API's shape. */
export async function typology(db: Queryable, opts: { all?: boolean } = {}): Promise<TypologyGridJson> {
  return typologyGridJson(await loadTypology(db, opts));
}
