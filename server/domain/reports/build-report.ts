/**
 * One LA's feedback report from its own scores and the national snapshot: a summary first, the
 * capability profile and the feasibility of each indicator beside England, its region, its LA type
 * and its statistical neighbours, what would move each indicator up, its context, and method notes.
 * Pure: every figure comes from the input; disclosure control is in disclosure.ts.
 */
import type { BandId, Catalogue, ScoringRules } from "../definitions/types.ts";
import type { CapabilityContext } from "../scoring/capability-profile.ts";
import type { ResponseData } from "../scoring/types.ts";
import type { LaScores } from "../scoring/types.ts";
import type { ComparisonDto, FeedbackReportDto, GroupIdDto } from "../../contracts/reports.ts";
import {
  countValues,
  METHOD_DISCLOSURE,
  middleCategory,
  MIN_OTHERS,
  nearlyUniform,
  shares,
  sharesText,
  shownGroupsOfSplit,
  SINGLETON_LAS,
  WITHHELD_TEXT,
  type Category,
  type ValueOf,
} from "./disclosure.ts";
import { findImprovements } from "./improvements.ts";
import { buildContext, type ContextRow } from "./report-context.ts";

/** What the snapshot keeps of each submitted LA: enough for the aggregates, nothing else. */
export interface SnapshotLa {
  laCode: string;
  region: string;
  laType: string;
  bands: Record<string, BandId>;
  /** dimension id -> level 1-5, null = not enough information */
  levels: Record<string, number | null>;
  readyNow: number;
}

export interface NationalSnapshot {
  id: number;
  takenAt: string;
  las: SnapshotLa[];
}

export interface RegisterLa {
  laCode: string;
  name: string;
  region: string;
  laType: string;
}

/** What the snapshot keeps of one submitted LA's scores. */
export function snapshotLa(la: Omit<RegisterLa, "name">, scores: Pick<LaScores, "indicators" | "capability">): SnapshotLa {
  return {
    laCode: la.laCode,
    region: la.region,
    laType: la.laType,
    bands: Object.fromEntries(scores.indicators.map((i) => [i.indicatorId, i.band])),
    levels: Object.fromEntries(scores.capability.dimensions.map((d) => [d.dimensionId, d.level])),
    readyNow: scores.indicators.filter((i) => i.band === "ready_now").length,
  };
}

export interface ReportInput {
  la: RegisterLa;
  register: readonly RegisterLa[];
  /** this LA's statistical neighbours (DfE list), nearest first */
  neighbours: readonly string[];
  snapshot: NationalSnapshot;
  catalogue: Catalogue;
  rules: ScoringRules;
  surveyId: string;
  definitionVersion: number;
  scores: LaScores;
  data: ResponseData;
  capabilityContext?: CapabilityContext;
  context: readonly ContextRow[];
  ofsted: { judgement: string | null; asAt: string | null };
}

const NEI = "not_enough_information";
const BAND_RANK: Record<string, number | null> = { ready_now: 3, feasible_with_development: 2, not_feasible_now: 1, [NEI]: null };

function bandCategories(rules: ScoringRules): Category[] {
  const sorted = [...rules.bands].sort((a, b) => b.min - a.min);
  return [...sorted.map((b) => ({ key: b.id, label: b.label, rank: BAND_RANK[b.id] ?? null })), { key: NEI, label: "Not enough information", rank: null }];
}

function levelCategories(rules: ScoringRules): Category[] {
  const levels = [...rules.capability.levels].sort((a, b) => b.level - a.level);
  return [...levels.map((l) => ({ key: String(l.level), label: `Level ${l.level} (${l.name})`, rank: l.level })), { key: "none", label: "Not enough information", rank: null }];
}

interface Groups {
  england: string[];
  regions: Map<string, string[]>;
  types: Map<string, string[]>;
  neighbours: string[];
}

/** Members with results of every group (singleton LAs left out of every aggregate). */
function groupMembers(snapshot: NationalSnapshot, neighbours: readonly string[]): Groups {
  const england: string[] = [];
  const regions = new Map<string, string[]>();
  const types = new Map<string, string[]>();
  for (const s of snapshot.las) {
    if (SINGLETON_LAS.has(s.laCode)) continue;
    england.push(s.laCode);
    regions.set(s.region, [...(regions.get(s.region) ?? []), s.laCode]);
    types.set(s.laType, [...(types.get(s.laType) ?? []), s.laCode]);
  }
  const inSnapshot = new Set(england);
  return { england, regions, types, neighbours: neighbours.filter((n) => inSnapshot.has(n)) };
}

const POSITION_WORDS = { ahead: "ahead of", level: "level with", behind: "behind" } as const;

export function buildReport(input: ReportInput): FeedbackReportDto {
  const { la, snapshot, rules, catalogue, scores } = input;
  const singleton = SINGLETON_LAS.has(la.laCode);
  const byCode = new Map(snapshot.las.map((s) => [s.laCode, s]));
  const g = groupMembers(snapshot, singleton ? [] : input.neighbours);
  const regionMembers = g.regions.get(la.region) ?? [];
  const typeMembers = singleton ? [] : (g.types.get(la.laType) ?? []);
  const others = (members: readonly string[]) => members.filter((m) => m !== la.laCode).length;
  const inRegister = (pred: (r: RegisterLa) => boolean) => input.register.filter(pred).length;

  const groupDefs: FeedbackReportDto["groups"] = [
    { id: "england", label: "England", lasInGroup: input.register.length, submitted: others(g.england), shown: false, withheldReason: null },
    { id: "region", label: `Region: ${la.region}`, lasInGroup: inRegister((r) => r.region === la.region), submitted: others(regionMembers), shown: false, withheldReason: null },
    { id: "la_type", label: `LA type: ${la.laType}`, lasInGroup: inRegister((r) => r.laType === la.laType), submitted: others(typeMembers), shown: false, withheldReason: null },
    { id: "neighbours", label: "Statistical neighbours", lasInGroup: input.neighbours.length, submitted: others(g.neighbours), shown: false, withheldReason: null },
  ];
  for (const grp of groupDefs) {
    if (singleton && (grp.id === "la_type" || grp.id === "neighbours")) {
      grp.withheldReason =
        grp.id === "la_type"
          ? `${la.name} is an LA type of its own, so it is compared with England and its region only.`
          : `${la.name} has no close statistical neighbours, so it is compared with England and its region only.`;
    } else if (grp.submitted < MIN_OTHERS) grp.withheldReason = WITHHELD_TEXT;
    else grp.shown = true;
  }
  const shownGroup = (id: GroupIdDto) => groupDefs.find((x) => x.id === id)!.shown;

  /** Comparisons of one measure across the shown groups. */
  function compare(valueOf: ValueOf, categories: Category[], own: string): ComparisonDto[] {
    const out: ComparisonDto[] = [];
    const england = countValues(g.england, valueOf);
    const withheld = (groupId: GroupIdDto): ComparisonDto => ({ groupId, status: "withheld", shares: [], middleLabel: null, position: null, text: WITHHELD_TEXT });
    const distribution = (groupId: GroupIdDto, members: readonly string[]): ComparisonDto => {
      const s = shares(countValues(members, valueOf), categories);
      return { groupId, status: "distribution", shares: s, middleLabel: null, position: null, text: sharesText(s) };
    };
    if (shownGroup("england")) out.push(g.england.length > MIN_OTHERS && !nearlyUniform(england) ? distribution("england", g.england) : withheld("england"));
    if (shownGroup("region")) out.push(shownGroupsOfSplit(england, g.regions, valueOf).has(la.region) ? distribution("region", regionMembers) : withheld("region"));
    if (shownGroup("la_type")) out.push(shownGroupsOfSplit(england, g.types, valueOf).has(la.laType) ? distribution("la_type", typeMembers) : withheld("la_type"));
    if (shownGroup("neighbours")) {
      const middle = middleCategory(g.neighbours.filter((n) => n !== la.laCode), valueOf, categories);
      const mine = categories.find((c) => c.key === own);
      if (!middle || !mine || mine.rank === null) {
        out.push(middle ? { ...withheld("neighbours"), status: "position", middleLabel: middle.label, text: `Middle of the neighbours with results: ${middle.label}.` } : withheld("neighbours"));
      } else {
        const position = mine.rank! > middle.rank! ? "ahead" : mine.rank! < middle.rank! ? "behind" : "level";
        out.push({ groupId: "neighbours", status: "position", shares: [], middleLabel: middle.label, position, text: `${POSITION_WORDS[position][0].toUpperCase()}${POSITION_WORDS[position].slice(1)} the middle of its neighbours (${middle.label}).` });
      }
    }
    return out;
  }

  // --- capability profile ------------------------------------------------------------------------
  const levelCats = levelCategories(rules);
  const levelsSorted = [...rules.capability.levels].sort((a, b) => a.level - b.level);
  const capability = scores.capability.dimensions.map((d) => {
    const def = rules.capability.dimensions.find((x) => x.id === d.dimensionId);
    const next = d.level !== null && d.level < 5 ? levelsSorted.find((l) => l.level === (d.level as number) + 1) : undefined;
    const valueOf: ValueOf = (code) => {
      const lv = byCode.get(code)?.levels[d.dimensionId];
      return lv === null || lv === undefined ? "none" : String(lv);
    };
    return {
      dimensionId: d.dimensionId,
      name: d.name,
      level: d.level,
      levelName: d.levelName,
      descriptor: d.level !== null ? (def?.descriptors?.[String(d.level) as "1"] ?? d.descriptor) : d.descriptor,
      nextLevelName: next ? `Level ${next.level} (${next.name})` : null,
      nextDescriptor: next ? (def?.descriptors?.[String(next.level) as "1"] ?? next.descriptor) : null,
      comparisons: compare(valueOf, levelCats, d.level === null ? "none" : String(d.level)),
    };
  });

  // --- indicators by outcome area ----------------------------------------------------------------
  const bandCats = bandCategories(rules);
  const improvements = findImprovements({ catalogue, rules, data: input.data, context: input.capabilityContext, scores });
  const areas = catalogue.outcomeAreas
    .map((area) => {
      const inds = scores.indicators.filter((i) => i.outcomeArea === area.id);
      const scored = inds.filter((i) => i.score !== null).map((i) => i.score as number);
      return {
        areaId: area.id,
        name: area.name,
        readyNow: inds.filter((i) => i.band === "ready_now").length,
        indicatorCount: inds.length,
        meanScore: scored.length ? Math.round(scored.reduce((s, x) => s + x, 0) / scored.length) : null,
        indicators: inds.map((i) => ({
          indicatorId: i.indicatorId,
          name: i.indicatorName,
          score: i.score === null ? null : Math.round(i.score),
          band: i.band,
          bandLabel: i.bandLabel,
          comparisons: compare((code) => byCode.get(code)?.bands[i.indicatorId] ?? NEI, bandCats, i.band),
          improvement: improvements.get(i.indicatorId) ?? null,
        })),
      };
    })
    .filter((a) => a.indicatorCount > 0);

  // --- summary -----------------------------------------------------------------------------------
  const ranked = areas.filter((a) => a.meanScore !== null).sort((a, b) => (b.meanScore as number) - (a.meanScore as number) || a.name.localeCompare(b.name));
  const standingOf = (a: (typeof areas)[number]) => ({
    areaId: a.areaId,
    name: a.name,
    text: `${a.readyNow} of ${a.indicatorCount} indicators Ready now; average score ${a.meanScore} out of 100.`,
  });
  const strongest = ranked.slice(0, 3);
  const weakest = ranked.slice(Math.max(3, ranked.length - 3)).reverse();
  const counts = bandCats.map((c) => ({ band: c.key, label: c.label, count: scores.indicators.filter((i) => i.band === c.key).length }));
  const ready = counts.find((c) => c.band === "ready_now")?.count ?? 0;
  const feasible = counts.find((c) => c.band === "feasible_with_development")?.count ?? 0;
  const englandReady = g.england.filter((c) => c !== la.laCode).map((c) => byCode.get(c)!.readyNow).sort((a, b) => a - b);
  const englandMiddle = shownGroup("england") && englandReady.length > MIN_OTHERS ? englandReady[Math.floor((englandReady.length - 1) / 2)] : null;
  const median = scores.capability.summary.medianLevel;
  const standing = [
    `${la.name} could supply ${ready} of ${scores.indicators.length} proposed indicators now and ${feasible} more with development.`,
    englandMiddle !== null ? `The middle LA in England could supply ${englandMiddle} now.` : "",
    median !== null ? `Its data capability is at level ${median} (${levelsSorted.find((l) => l.level === median)?.name}) on the middle of its six themes.` : "",
  ].filter(Boolean).join(" ");
  const changeCounts = new Map<string, { text: string; indicators: number }>();
  for (const imp of improvements.values()) {
    if (imp.toBand === "scored") continue;
    for (const c of imp.conditions) {
      const key = `${c.itemId}|${c.aspect}|${c.text}`;
      const entry = changeCounts.get(key) ?? { text: `${c.itemName}: ${c.text}`, indicators: 0 };
      entry.indicators++;
      changeCounts.set(key, entry);
    }
  }
  const keyChanges = [...changeCounts.values()].sort((a, b) => b.indicators - a.indicators || a.text.localeCompare(b.text)).slice(0, 3);

  // --- completeness ------------------------------------------------------------------------------
  const dontKnow = scores.items.filter((it) => it.aspects.some((a) => a.value === "dont_know")).length;
  const sortedBands = [...rules.bands].sort((a, b) => b.min - a.min);
  const groupsText = groupDefs.map((x) => `${x.label}: ${x.submitted} of ${Math.max(0, x.lasInGroup - (x.id === "neighbours" ? 0 : 1))} other LAs`).join("; ");

  return {
    laCode: la.laCode,
    laName: la.name,
    region: la.region,
    laType: la.laType,
    title: `${la.name}: data capability and indicator feasibility`,
    snapshot: { id: snapshot.id, takenAt: snapshot.takenAt, submittedLas: snapshot.las.length },
    rules: { surveyId: input.surveyId, definitionVersion: input.definitionVersion, rulesId: rules.id, rulesVersion: rules.version },
    summary: {
      standing,
      bandCounts: counts,
      indicatorCount: scores.indicators.length,
      strongestAreas: strongest.map(standingOf),
      weakestAreas: weakest.map(standingOf),
      keyChanges,
    },
    groups: groupDefs,
    capability,
    areas,
    improvements: [...improvements.values()],
    context: buildContext(la, input.register, input.neighbours, input.context, groupDefs),
    ofsted: input.ofsted,
    completeness: {
      items: scores.items.length,
      itemsWithDontKnow: dontKnow,
      text: `${la.name} answered "Don't know" for at least one question about ${dontKnow} of the ${scores.items.length} data items.`,
    },
    methodNotes: [
      `Each data item gets a score from 0 to 100 from how it is recorded, whether it can be extracted at child level, how complete it is and how much history it holds; gates cap items that cannot be used as they stand.`,
      `An indicator is only as feasible as its weakest required data item. Bands: ${sortedBands.map((b, i) => `${b.label} ${b.min}-${i === 0 ? 100 : sortedBands[i - 1].min - 1}`).join(", ")}; an indicator with a required item left unanswered or answered "Don't know" has Not enough information.`,
      `Capability: six themes aligned with the government's data maturity themes, each at a level from 1 (Beginning) to 5 (Mastering).`,
      `Survey definition ${input.surveyId} version ${input.definitionVersion}; scoring rules ${rules.id} version ${rules.version}.`,
      `Comparisons use the national snapshot of ${snapshot.takenAt.slice(0, 10)} (${snapshot.las.length} LAs with submitted responses). Other LAs with results: ${groupsText}.`,
      ...METHOD_DISCLOSURE,
    ],
    confidentiality: `This report is for ${la.name}. It shows other local authorities only as group totals that passed the disclosure rules in the method notes; no other LA's answers can be read from it.`,
  };
}
