/**
 * The framework view: each Delphi item's importance (consensus, or the meeting's decision) joined
 * with the national feasibility summary of submitted LAs, and its recommendation class under the
 * ordered rule list. The reply names the scores snapshot (definition and scoring rules versions,
 * number of submitted LAs) and the rule versions used.
 */
import type pg from "pg";
import type { DefinitionRegistry } from "../domain/definitions/load-definitions.ts";
import { summariseIndicators } from "../domain/scoring/summarise-indicators.ts";
import { FRAMEWORK_RULES, FRAMEWORK_RULES_VERSION, recommend, type Feasibility, type Importance } from "../domain/delphi/framework.ts";
import { latestConsensus } from "../domain/delphi/results.ts";
import { readScoredLas } from "../repositories/scores-repository.ts";
import { refreshStaleScores } from "./scoring-service.ts";
import { results } from "./delphi-service.ts";
import * as repo from "../repositories/delphi-repository.ts";
import type { FrameworkDto } from "../contracts/delphi.ts";
import { frameworkCsv } from "../domain/delphi/framework-csv.ts";

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((1000 * n) / d) / 10);

function importanceLabel(i: Importance): string {
  if (i.kind === "meeting") return i.decision === "include" ? "Included at the consensus meeting" : "Excluded at the consensus meeting";
  if (i.consensus === "in") return "Consensus: critical";
  if (i.consensus === "out") return "Consensus: not important";
  return i.round ? "No consensus" : "Not rated yet";
}

export async function frameworkView(pool: pg.Pool, studyId: string, registry: Pick<DefinitionRegistry, "current" | "all">): Promise<FrameworkDto> {
  const current = registry.current();
  await refreshStaleScores(pool, registry, { surveyId: current.surveyId });
  const res = await results(pool, studyId); // 404 for an unknown study
  const items = await repo.listItems(pool, studyId);
  const scored = await readScoredLas(pool, { status: "submitted", surveyId: current.surveyId, includeDemo: true });
  const summaries = new Map(summariseIndicators(current.catalogue, current.rules, scored).map((s) => [s.indicatorId, s]));
  const indicators = new Map(current.catalogue.indicators.map((i) => [i.id, i]));
  const labels = new Map(FRAMEWORK_RULES.map((r) => [r.id, r.label]));
  return {
    snapshot: { surveyId: current.surveyId, definitionVersion: current.version, scoringRulesVersion: current.rules.version, submittedLas: scored.length },
    rulesVersion: FRAMEWORK_RULES_VERSION,
    consensusRuleVersion: res.ruleVersion,
    rules: FRAMEWORK_RULES.map((r) => ({ ...r })),
    indicators: res.items.map((r, i) => {
      const item = items[i];
      const latest = latestConsensus(r);
      const importance: Importance =
        latest.consensus === "none" && r.decision
          ? { kind: "meeting", decision: r.decision.decision as "include" | "exclude", reason: r.decision.reason }
          : { kind: "consensus", ...latest };
      const s = item.indicatorId ? summaries.get(item.indicatorId) : undefined;
      const f: Feasibility | null = s
        ? {
            n: s.overall.n,
            readyNow: s.overall.counts.ready_now,
            feasibleWithDevelopment: s.overall.counts.feasible_with_development,
            notFeasibleNow: s.overall.counts.not_feasible_now,
            notEnoughInformation: s.overall.counts.not_enough_information,
          }
        : null;
      const rec = recommend({ importance, feasibility: f, collectedNationally: item.indicatorId ? (indicators.get(item.indicatorId)?.collectedNationally ?? false) : false });
      return {
        id: r.id,
        indicatorId: item.indicatorId,
        name: r.name,
        importance: { kind: importance.kind === "meeting" ? `meeting_${importance.decision}` : latest.consensus, label: importanceLabel(importance), round: latest.round, pct7to9: latest.pct7to9 },
        feasibility: f && {
          ...f,
          pctReadyNow: pct(f.readyNow, f.n),
          pctFeasibleWithDevelopment: pct(f.feasibleWithDevelopment, f.n),
          pctNotFeasibleNow: pct(f.notFeasibleNow, f.n),
          pctNotEnoughInformation: pct(f.notEnoughInformation, f.n),
        },
        recommendation: rec.recommendation,
        recommendationLabel: labels.get(rec.recommendation)!,
        reason: rec.reason,
      };
    }),
  };
}

/** The framework view as a CSV file named after the study and the day. */
export async function frameworkCsvFile(pool: pg.Pool, studyId: string, registry: Pick<DefinitionRegistry, "current" | "all">): Promise<{ fileName: string; csv: string }> {
  const view = await frameworkView(pool, studyId, registry);
  return { fileName: `framework-delphi-${studyId}-${new Date().toISOString().slice(0, 10)}.csv`, csv: frameworkCsv(view) };
}
