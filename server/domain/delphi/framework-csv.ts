/**
 * The framework view as CSV for spreadsheets: one row per indicator with importance, feasibility
 * percentages and counts, the recommendation and its reason, then the rule list and the snapshot it
 * was computed from. Text cells that a spreadsheet could take for a formula are neutralised.
 */
import { stringify } from "csv-stringify/sync";
import { neutraliseCsvText } from "../exports/safe-text.ts";
import type { FrameworkDto } from "../../contracts/delphi.ts";

export function frameworkCsv(view: FrameworkDto): string {
  const text = (v: string | null | undefined) => neutraliseCsvText(v ?? "");
  const rows: (string | number)[][] = [
    [
      "item_id",
      "indicator_id",
      "indicator",
      "importance",
      "consensus_round",
      "pct_rating_7_to_9",
      "submitted_las",
      "pct_ready_now",
      "pct_feasible_with_development",
      "pct_not_feasible_now",
      "pct_not_enough_information",
      "recommendation",
      "reason",
    ],
  ];
  for (const i of view.indicators) {
    const f = i.feasibility;
    rows.push([
      i.id,
      text(i.indicatorId),
      text(i.name),
      text(i.importance.label),
      i.importance.round ?? "",
      i.importance.pct7to9 ?? "",
      f ? f.n : "",
      f ? f.pctReadyNow : "",
      f ? f.pctFeasibleWithDevelopment : "",
      f ? f.pctNotFeasibleNow : "",
      f ? f.pctNotEnoughInformation : "",
      text(i.recommendationLabel),
      text(i.reason),
    ]);
  }
  rows.push([]);
  rows.push(["rule_order", "recommendation", "when"]);
  view.rules.forEach((r, n) => rows.push([n + 1, text(r.label), text(r.when)]));
  rows.push([]);
  const s = view.snapshot;
  rows.push(["snapshot", `survey ${s.surveyId} version ${s.definitionVersion}; scoring rules version ${s.scoringRulesVersion}; ${s.submittedLas} submitted LAs; consensus rule version ${view.consensusRuleVersion}; recommendation rules version ${view.rulesVersion}`]);
  return stringify(rows);
}
