/**
 * Capability profile per LA: one score 0-100 and one level 1-5 per dimension of rules.capability
 * (aligned with the CDDO data maturity themes). A profile, not one number; the summary beside it is
 * the median level, the lowest level and a coarse band for case-study selection.
 *
 * Question score: single choice -> points[value]; checkbox (array) -> points summed over the selected
 * choices, capped at 100. Unanswered, empty, "dont_know" or a value the rules do not know -> excluded.
 * Dimension score: weighted mean (rounded) of its answered questions, plus, when
 * includeItemFeasibility is set, the mean feasibility score of all scored data items with that weight.
 * No usable contribution -> score and level null ("Not enough information").
 * Level: the highest level whose min <= score.
 */
import type { ScoringRules } from "../definitions/types.ts";
import type {
  CapabilityBand,
  CapabilityDimensionScore,
  CapabilityProfile,
  CapabilityQuestionScore,
  ItemScore,
} from "./types.ts";

type Level = 1 | 2 | 3 | 4 | 5;

const DONT_KNOW = "dont_know";

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
}

function scoreQuestion(
  q: ScoringRules["capability"]["dimensions"][number]["questions"][number],
  raw: unknown,
): CapabilityQuestionScore {
  const base = { question: q.question, weight: q.weight, answer: isEmpty(raw) ? null : raw };
  if (isEmpty(raw)) return { ...base, score: null, status: "not_answered", note: `${q.question}: not answered (left out)` };
  if (Array.isArray(raw)) {
    const selected = raw.map((v) => String(v));
    const usable = selected.filter((v) => v !== DONT_KNOW);
    if (usable.length === 0) {
      return { ...base, score: null, status: "no_information", note: `${q.question}: don't know (left out)` };
    }
    let sum = 0;
    let counted = 0;
    const parts: string[] = [];
    for (const v of usable) {
      const p = q.points[v];
      if (typeof p === "number") {
        sum += p;
        counted++;
        parts.push(`${v} ${p}`);
      }
    }
    if (counted === 0) {
      return { ...base, score: null, status: "unrecognised", note: `${q.question}: no selected choice has points in the rules (left out)` };
    }
    const score = Math.min(100, Math.max(0, sum));
    return {
      ...base,
      score,
      status: "answered",
      note: `${q.question}: ${parts.join(" + ")} = ${sum}${sum > 100 ? ", capped at 100" : ""} (weight ${q.weight})`,
    };
  }
  const value = String(raw);
  if (value === DONT_KNOW) return { ...base, score: null, status: "no_information", note: `${q.question}: don't know (left out)` };
  const p = q.points[value];
  if (typeof p !== "number") {
    return { ...base, score: null, status: "unrecognised", note: `${q.question}: "${value}" has no points in the rules (left out)` };
  }
  return { ...base, score: Math.min(100, Math.max(0, p)), status: "answered", note: `${q.question}: ${value} = ${p} points (weight ${q.weight})` };
}

function levelFor(levels: ScoringRules["capability"]["levels"], score: number) {
  let best: ScoringRules["capability"]["levels"][number] | undefined;
  let lowest: ScoringRules["capability"]["levels"][number] | undefined;
  for (const l of levels) {
    if (!lowest || l.min < lowest.min) lowest = l;
    if (l.min <= score && (!best || l.min > best.min)) best = l;
  }
  return best ?? lowest;
}

/** Scores the capability dimensions. itemScores (from scoreItems) feed includeItemFeasibility. */
export function scoreCapability(
  rules: ScoringRules,
  data: Record<string, unknown> | null | undefined,
  itemScores: readonly ItemScore[] = [],
): CapabilityProfile {
  const d = data ?? {};
  let itemSum = 0;
  let itemsScored = 0;
  for (const it of itemScores) {
    if (it.score !== null) {
      itemSum += it.score;
      itemsScored++;
    }
  }
  const meanItemScore = itemsScored > 0 ? Math.round(itemSum / itemsScored) : null;

  const dimensions: CapabilityDimensionScore[] = rules.capability.dimensions.map((dim) => {
    const questions = dim.questions.map((q) => scoreQuestion(q, d[q.question]));
    let wSum = 0;
    let wsSum = 0;
    let n = 0;
    let plainSum = 0;
    const steps: string[] = [];
    for (const q of questions) {
      steps.push(q.note + ".");
      if (q.score !== null) {
        wSum += q.weight;
        wsSum += q.weight * q.score;
        plainSum += q.score;
        n++;
      }
    }
    let itemFeasibility: CapabilityDimensionScore["itemFeasibility"] = null;
    if (dim.includeItemFeasibility) {
      const w = dim.includeItemFeasibility.weight;
      itemFeasibility = { weight: w, meanItemScore, itemsScored };
      if (meanItemScore !== null) {
        wSum += w;
        wsSum += w * meanItemScore;
        plainSum += meanItemScore;
        n++;
        steps.push(`Mean feasibility of the ${itemsScored} scored data items: ${meanItemScore} (weight ${w}).`);
      } else {
        steps.push(`No data item could be scored, so item feasibility is left out.`);
      }
    }
    if (n === 0) {
      steps.push(`Not enough information: no question of this dimension has a usable answer.`);
      return {
        dimensionId: dim.id,
        name: dim.name,
        cddoTheme: dim.cddoTheme,
        score: null,
        level: null,
        levelName: "Not enough information",
        descriptor: "Not enough information: no question of this dimension has a usable answer.",
        questions,
        itemFeasibility,
        steps,
      };
    }
    const score = Math.min(100, Math.max(0, Math.round(wSum > 0 ? wsSum / wSum : plainSum / n)));
    const lvl = levelFor(rules.capability.levels, score);
    const level = (lvl?.level ?? 1) as Level;
    steps.push(`Dimension score (weighted mean of ${n} usable contribution${n === 1 ? "" : "s"}): ${score}, level ${level} ${lvl?.name ?? ""}.`.replace(" .", "."));
    return {
      dimensionId: dim.id,
      name: dim.name,
      cddoTheme: dim.cddoTheme,
      score,
      level,
      levelName: lvl?.name ?? `Level ${level}`,
      descriptor: dim.descriptors[String(level) as "1"] ?? lvl?.descriptor ?? "",
      questions,
      itemFeasibility,
      steps,
    };
  });

  const levels = dimensions.map((x) => x.level).filter((l): l is Level => l !== null).sort((a, b) => a - b);
  const medianLevel = levels.length === 0 ? null : levels[Math.floor((levels.length - 1) / 2)];
  const lowestLevel = levels.length === 0 ? null : levels[0];
  const profile: CapabilityProfile = {
    dimensions,
    summary: {
      dimensionsAssessed: levels.length,
      dimensionsTotal: dimensions.length,
      medianLevel,
      lowestLevel,
      band: "unknown",
      text: "",
    },
  };
  profile.summary.band = capabilityBand(profile);
  profile.summary.text =
    medianLevel === null
      ? "Not enough information to assess capability."
      : `Median level ${medianLevel} across ${levels.length} of ${dimensions.length} dimensions (lowest ${lowestLevel}); capability band: ${profile.summary.band}.`;
  return profile;
}

/**
 * Overall capability band of a profile, for case-study selection.
 *  - "unknown" when fewer than half of the dimensions (rounded up) have a level;
 *  - otherwise from the median level (lower median when even):
 *    1 -> "low", 2 -> "developing", 3 -> "established", 4 or 5 -> "advanced".
 */
export function capabilityBand(profile: Pick<CapabilityProfile, "dimensions">): CapabilityBand {
  const levels = profile.dimensions
    .map((d) => d.level)
    .filter((l): l is Level => l !== null)
    .sort((a, b) => a - b);
  const total = profile.dimensions.length;
  if (levels.length === 0 || levels.length < Math.ceil(total / 2)) return "unknown";
  const median = levels[Math.floor((levels.length - 1) / 2)];
  if (median <= 1) return "low";
  if (median === 2) return "developing";
  if (median === 3) return "established";
  return "advanced";
}
