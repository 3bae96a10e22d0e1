/**
 * The Delphi results as workbook sheets: About (a methods summary in the terms of the ACCORD and
 * CREDES reporting guidance), Results (per item, round and group, with the distribution), Stopping,
 * Attrition, Ratings (each rating by pseudonymous panellist id: no names or addresses), Comments
 * (with their moderation status) and Framework. Text that a spreadsheet could take for a formula is
 * stored as text by the workbook writer, never evaluated.
 */
import type { TableData } from "../exports/sheet-types.ts";
import type { FrameworkDto, ResultsDto, StudyDto } from "../../contracts/delphi.ts";

export interface DelphiWorkbookInput {
  study: StudyDto;
  results: ResultsDto;
  framework: FrameworkDto | null;
  ratings: { roundNumber: number; panellistId: string; group: string; itemId: string; rating: number | null; unable: boolean }[];
  comments: { round: number; itemId: string; group: string; status: string; text: string }[];
  exportedAt: Date;
}

const text = (key: string, header = key) => ({ key, header, kind: "text" as const });
const num = (key: string, header = key) => ({ key, header, kind: "number" as const });
const int = (key: string, header = key) => ({ key, header, kind: "integer" as const });
const CONSENSUS: Record<string, string> = { in: "consensus in (critical)", out: "consensus out (not important)", none: "no consensus" };

export function aboutTable(input: DelphiWorkbookInput): TableData {
  const { study, results } = input;
  const c = study.settings.consensus;
  const s = study.settings.stopping;
  const rows: [string, string | number | Date][] = [
    ["study", study.title],
    ["exported_at", input.exportedAt],
    ["consensus_rule_version", results.ruleVersion],
    ["rating_scale", "1-9 (1-3 not important, 4-6 important but not critical, 7-9 critical), or unable to rate; unable is left out of every percentage"],
    [
      "consensus_definition",
      `In: at least ${c.inMinPctHigh}% rate 7-9 and fewer than ${c.inMaxPctLow}% rate 1-3. Out: at least ${c.outMinPctLow}% rate 1-3 and fewer than ${c.outMaxPctHigh}% rate 7-9. ` +
        (c.scope === "groupsAndOverall" ? `Must hold overall and in every stakeholder group with at least ${c.minGroupRaters} raters.` : "Applied to the whole panel only."),
    ],
    ["alternative_rules", "Beside the study's rule: the whole panel only, and RAND/UCLA (median 7-9 or 1-3 without disagreement: IPR of the 30th-70th percentiles not above IPRAS = 2.35 + 1.5 x asymmetry)"],
    ["stopping_rule", `At most ${s.maxRounds} rounds; an item is stable when fewer than ${s.stabilityThresholdPct}% of those who rated it in two rounds running moved category; an item stops when ${s.stopWhen === "consensusAndStable" ? "consensus is reached and it is stable" : s.stopWhen === "stable" ? "it is stable" : "consensus is reached or it is stable"}`],
    ["stopping_recommendation", results.stopping.sentence],
    ["stakeholder_groups", study.settings.groups.map((g) => `${g.key} = ${g.label}`).join("; ")],
    ["panel_size", study.panellists.length],
    ["items", study.items.length],
    ["items_from_catalogue", study.items.filter((i) => i.origin === "catalogue").length],
    ["items_added_by_researchers_or_panel", study.items.filter((i) => i.origin !== "catalogue").length],
    ...study.rounds.map((r): [string, string] => [`round_${r.number}`, `${r.itemIds.length} items; ${r.submitted} of ${r.invited} submitted; opened ${r.openedAt}; ${r.closedAt ? `closed ${r.closedAt}` : "open"}; eligible: ${r.eligible}`]),
    ["anonymity", "Panellists are identified here only by a pseudonymous id; feedback to the panel showed a group only where at least the minimum number of its panellists rated the item, and only approved comments."],
    ["order", "Outcome areas, and items within them, were shown in a random order recorded per panellist."],
    ["reporting_guidance", "ACCORD (Gattrell et al. 2024) and CREDES (Junger et al. 2017): rating scale, consensus definition set before round 1, rounds, response and attrition by round, stopping rule, feedback given, and handling of items without consensus are reported on this sheet and the others."],
  ];
  return { name: "About", fileName: "about.csv", columns: [text("field"), text("value")], rows: rows.map(([k, v]) => [k, v]) };
}

function resultsSheet(input: DelphiWorkbookInput): TableData {
  const items = new Map(input.study.items.map((i) => [i.id, i]));
  const label = new Map(input.study.settings.groups.map((g) => [g.key, g.label]));
  const dist = Array.from({ length: 9 }, (_, i) => int(`n_rating_${i + 1}`));
  const rows = input.results.items.flatMap((item) =>
    item.rounds.flatMap((r) => [
      [item.id, items.get(item.id)?.indicatorId ?? null, item.name, items.get(item.id)?.outcomeArea ?? "", r.round, "all", r.nInvited, r.nResponded, r.nRated, r.nUnable, r.median, r.q1, r.q3, r.pct1to3, r.pct4to6, r.pct7to9, ...r.distribution, r.stability, CONSENSUS[r.consensus], CONSENSUS[r.consensusOverallOnly], r.disagreement?.ipr ?? null, r.disagreement?.ipras ?? null, r.disagreement?.index ?? null, CONSENSUS[r.consensusRandUcla]],
      ...r.byGroup.map((g) => [item.id, items.get(item.id)?.indicatorId ?? null, item.name, items.get(item.id)?.outcomeArea ?? "", r.round, label.get(g.group) ?? g.group, g.nInvited, g.nResponded, g.nRated, g.nUnable, g.median, g.q1, g.q3, g.pct1to3, g.pct4to6, g.pct7to9, ...g.distribution, null, g.consensus ? CONSENSUS[g.consensus] : "too few raters to judge", null, null, null, null, null]),
    ]),
  );
  return {
    name: "Results",
    fileName: "results.csv",
    columns: [
      text("item_id"), text("indicator_id"), text("item"), text("outcome_area"), int("round"), text("group"), int("invited"), int("responded"), int("rated"), int("unable"),
      num("median"), num("q1"), num("q3"), num("pct_1_to_3"), num("pct_4_to_6"), num("pct_7_to_9"), ...dist, num("pct_moved_category"),
      text("consensus"), text("consensus_whole_panel_only"), num("ipr"), num("ipras"), num("disagreement_index"), text("consensus_rand_ucla"),
    ],
    rows,
  };
}

function stoppingSheet(input: DelphiWorkbookInput): TableData {
  return {
    name: "Stopping",
    fileName: "stopping.csv",
    columns: [text("item_id"), text("item"), int("last_closed_round"), text("stopped"), text("consensus_reached"), text("stable"), text("explanation"), text("meeting_decision"), text("meeting_reason")],
    rows: input.results.items.map((i) => [i.id, i.name, i.stopping.round, i.stopping.stopped ? "yes" : "no", i.stopping.consensusReached ? "yes" : "no", i.stopping.stable === null ? "" : i.stopping.stable ? "yes" : "no", i.stopping.sentence, i.decision?.decision ?? "", i.decision?.reason ?? ""]),
  };
}

function attritionSheet(input: DelphiWorkbookInput): TableData {
  const label = new Map(input.study.settings.groups.map((g) => [g.key, g.label]));
  const rows = input.results.attrition.flatMap((r) => [
    [r.round, "all", r.invited, r.responded, r.previousResponded, r.retained, r.attritionPct],
    ...r.byGroup.map((g) => [r.round, label.get(g.group) ?? g.group, g.invited, g.responded, g.previousResponded, g.retained, g.attritionPct]),
  ]);
  return { name: "Attrition", fileName: "attrition.csv", columns: [int("round"), text("group"), int("invited"), int("submitted"), int("submitted_previous_round"), int("stayed"), num("attrition_pct")], rows };
}

function ratingsSheet(input: DelphiWorkbookInput): TableData {
  const label = new Map(input.study.settings.groups.map((g) => [g.key, g.label]));
  return {
    name: "Ratings",
    fileName: "ratings.csv",
    columns: [text("panellist", "panellist (pseudonymous id)"), text("group"), int("round"), text("item_id"), int("rating"), text("unable_to_rate")],
    rows: input.ratings.filter((r) => r.rating !== null || r.unable).map((r) => [`P${r.panellistId}`, label.get(r.group) ?? r.group, r.roundNumber, r.itemId, r.rating, r.unable ? "yes" : "no"]),
  };
}

function commentsSheet(input: DelphiWorkbookInput): TableData {
  const label = new Map(input.study.settings.groups.map((g) => [g.key, g.label]));
  return {
    name: "Comments",
    fileName: "comments.csv",
    columns: [int("round"), text("item_id"), text("group"), text("status"), text("comment")],
    rows: input.comments.map((c) => [c.round, c.itemId, label.get(c.group) ?? c.group, c.status, c.text]),
  };
}

function frameworkSheet(view: FrameworkDto): TableData {
  return {
    name: "Framework",
    fileName: "framework.csv",
    columns: [text("item_id"), text("indicator_id"), text("indicator"), text("importance"), int("submitted_las"), num("pct_ready_now"), num("pct_feasible_with_development"), num("pct_not_feasible_now"), num("pct_not_enough_information"), text("recommendation"), text("reason")],
    rows: view.indicators.map((i) => [i.id, i.indicatorId, i.name, i.importance.label, i.feasibility?.n ?? null, i.feasibility?.pctReadyNow ?? null, i.feasibility?.pctFeasibleWithDevelopment ?? null, i.feasibility?.pctNotFeasibleNow ?? null, i.feasibility?.pctNotEnoughInformation ?? null, i.recommendationLabel, i.reason]),
  };
}

export function delphiWorkbookTables(input: DelphiWorkbookInput): TableData[] {
  return [aboutTable(input), resultsSheet(input), stoppingSheet(input), attritionSheet(input), ratingsSheet(input), commentsSheet(input), ...(input.framework ? [frameworkSheet(input.framework)] : [])];
}
