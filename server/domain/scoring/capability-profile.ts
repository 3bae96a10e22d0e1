/**
 * Capability profile per LA: one score 0-100 and one level 1-5 per dimension of rules.capability
 * (aligned with the CDDO data maturity themes). A profile, not one number; the summary beside it is
 * the median level, the lowest level and a coarse band for case-study selection.
 *
 * Question score: single choice -> points[value]; checkbox (array) -> points summed over the selected
 * choices, capped at 100 (v1-v3), or the best selected choice's points when the rules say checkbox "max"
 * (v4: ticking more boxes must not score more); an FTE band with per10kChildren -> the band's FTE per
 * 10,000 children (context.childPopulation) against the rules' points steps. Unanswered, empty, "dont_know" or a value the rules do not know -> excluded.
 * Dimension score: weighted mean (rounded) of its answered questions, plus, when
 * includeItemFeasibility is set, the mean feasibility score of all scored data items with that weight.
 * No usable contribution -> score and level null ("Not enough information").
 * Level: the highest level whose min <= score.
 */
import type { QuestionIndex } from "../definitions/question-index.ts";
import type { ScoringRules } from "../definitions/types.ts";
import { capabilityBandLabel } from "./wording.ts";
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

type Question = ScoringRules["capability"]["dimensions"][number]["questions"][number];

function q(question: Question, answer: unknown, score: number | null, status: CapabilityQuestionScore["status"], note: string): CapabilityQuestionScore {
  return { question: question.question, weight: question.weight, answer, score, status, note };
}

export interface CapabilityContext {
  /** children aged 0-17 in the LA (LA context data), for questions scored per 10,000 children */
  childPopulation?: number | null;
  /** the questionnaire's questions, so that explanations quote the question and answer wording, never codes */
  questions?: QuestionIndex;
}

/** The question as the respondent read it (its code only when the questionnaire is not at hand). */
function questionWords(question: Question, ctx: CapabilityContext): string {
  const title = ctx.questions?.[question.question]?.title;
  return title && title !== question.question ? `"${title.trim()}"` : question.question;
}

/** A choice as the respondent read it. */
function answerWords(question: Question, value: string, ctx: CapabilityContext): string {
  const choice = ctx.questions?.[question.question]?.choices?.find((c) => String(c.value) === value);
  return choice ? `"${choice.text.trim()}"` : value;
}

function scorePer10k(question: Question, value: string, ctx: CapabilityContext, explain: boolean): CapabilityQuestionScore {
  const name = explain ? questionWords(question, ctx) : "";
  const per = question.per10kChildren!;
  const fte = per.fteByValue[value];
  if (fte === undefined) return q(question, value, null, "unrecognised", explain ? `${name}: the answer ${answerWords(question, value, ctx)} has no FTE in the rules, so it is left out` : "");
  const children = ctx.childPopulation;
  if (!children || children <= 0) {
    return q(question, value, null, "no_information", explain ? `${name}: no child population for this LA, so analysts per 10,000 children cannot be worked out and the answer is left out` : "");
  }
  const rate = (fte / children) * 10_000;
  let points = 0;
  for (const step of per.points) if (rate >= step.min && step.points > points) points = step.points;
  const rateText = rate.toFixed(2);
  return q(
    question,
    value,
    points,
    "answered",
    explain ? `${name}: answered ${answerWords(question, value, ctx)} (about ${fte} FTE) for ${children.toLocaleString("en-GB")} children = ${rateText} per 10,000 children = ${points} points (weight ${question.weight})` : "",
  );
}

function scoreQuestion(question: Question, raw: unknown, explain: boolean, ctx: CapabilityContext = {}): CapabilityQuestionScore {
  const name = explain ? questionWords(question, ctx) : "";
  if (isEmpty(raw)) return q(question, null, null, "not_answered", explain ? `${name}: not answered, so left out` : "");
  if (question.per10kChildren && !Array.isArray(raw) && String(raw) !== DONT_KNOW) return scorePer10k(question, String(raw), ctx, explain);
  if (Array.isArray(raw) && question.checkbox === "max") {
    let best: number | null = null;
    let bestValue = "";
    let usable = 0;
    for (const item of raw) {
      const v = String(item);
      if (v === DONT_KNOW) continue;
      usable++;
      const p = question.points[v];
      if (typeof p === "number" && (best === null || p > best)) {
        best = p;
        bestValue = v;
      }
    }
    if (usable === 0) return q(question, raw, null, "no_information", explain ? `${name}: answered "Don't know", so left out` : "");
    if (best === null) return q(question, raw, null, "unrecognised", explain ? `${name}: no choice ticked has points in the rules, so the answer is left out` : "");
    const score = Math.min(100, Math.max(0, best));
    return q(question, raw, score, "answered", explain ? `${name}: the best choice ticked, ${answerWords(question, bestValue, ctx)}, = ${best} points; ticking more choices does not add points (weight ${question.weight})` : "");
  }
  if (Array.isArray(raw)) {
    let sum = 0;
    let counted = 0;
    let usable = 0;
    let parts = "";
    for (const item of raw) {
      const v = String(item);
      if (v === DONT_KNOW) continue;
      usable++;
      const p = question.points[v];
      if (typeof p === "number") {
        sum += p;
        counted++;
        if (explain) parts += `${parts === "" ? "" : " + "}${answerWords(question, v, ctx)} ${p}`;
      }
    }
    if (usable === 0) return q(question, raw, null, "no_information", explain ? `${name}: answered "Don't know", so left out` : "");
    if (counted === 0) {
      return q(question, raw, null, "unrecognised", explain ? `${name}: no choice ticked has points in the rules, so the answer is left out` : "");
    }
    const score = Math.min(100, Math.max(0, sum));
    return q(question, raw, score, "answered", explain ? `${name}: ticked ${parts} = ${sum} points${sum > 100 ? ", capped at 100" : ""} (weight ${question.weight})` : "");
  }
  const value = String(raw);
  if (value === DONT_KNOW) return q(question, raw, null, "no_information", explain ? `${name}: answered "Don't know", so left out` : "");
  const p = question.points[value];
  if (typeof p !== "number") {
    return q(question, raw, null, "unrecognised", explain ? `${name}: the answer ${answerWords(question, value, ctx)} has no points in the rules, so it is left out` : "");
  }
  return q(question, raw, Math.min(100, Math.max(0, p)), "answered", explain ? `${name}: answered ${answerWords(question, value, ctx)} = ${p} points (weight ${question.weight})` : "");
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
  opts: { explain?: boolean; context?: CapabilityContext } = {},
): CapabilityProfile {
  const explain = opts.explain !== false;
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
    const questions = dim.questions.map((x) => scoreQuestion(x, d[x.question], explain, opts.context));
    let wSum = 0;
    let wsSum = 0;
    let n = 0;
    let plainSum = 0;
    const steps: string[] = [];
    for (const q of questions) {
      if (explain) steps.push(q.note + ".");
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
        if (explain) steps.push(`Mean feasibility of the ${itemsScored} scored data items: ${meanItemScore} (weight ${w}).`);
      } else {
        if (explain) steps.push(`No data item could be scored, so item feasibility is left out.`);
      }
    }
    if (n === 0) {
      if (explain) steps.push(`Not enough information: no question of this dimension has a usable answer.`);
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
    if (explain) steps.push(`Dimension score (weighted mean of ${n} usable contribution${n === 1 ? "" : "s"}): ${score}, level ${level} ${lvl?.name ?? ""}.`.replace(" .", "."));
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
  const assessed = dimensions.map((x) => x.score).filter((x): x is number => x !== null);
  const profile: CapabilityProfile = {
    dimensions,
    summary: {
      dimensionsAssessed: levels.length,
      dimensionsTotal: dimensions.length,
      medianLevel,
      lowestLevel,
      score: assessed.length === 0 ? null : Math.round(assessed.reduce((a, b) => a + b, 0) / assessed.length),
      band: "unknown",
      text: "",
    },
  };
  profile.summary.band = capabilityBand(profile);
  profile.summary.text =
    medianLevel === null
      ? "Not enough information to assess capability."
      : profile.summary.band === "unknown"
        ? `Not enough information for a capability band: ${levels.length} of ${dimensions.length} dimensions could be assessed and a band needs at least ${Math.ceil(dimensions.length / 2)} (median level of those assessed ${medianLevel}, lowest ${lowestLevel}).`
        : `Median level ${medianLevel} across ${levels.length} of ${dimensions.length} dimensions (lowest ${lowestLevel}); capability band: ${capabilityBandLabel(profile.summary.band)}.`;
  return profile;
}

/** Capability bands from lowest to highest ("unknown" is outside the order), e.g. for case-study bandOrder. */
export const CAPABILITY_BAND_ORDER: readonly Exclude<CapabilityBand, "unknown">[] = ["low", "developing", "established", "advanced"];

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
