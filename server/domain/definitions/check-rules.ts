/** Rules checks: aspect points, gates, implied answers and the history gate name choices the questionnaire offers; bands and capability levels are ordered; capability questions exist and every choice has points. */
import { aspectChoiceValues, type QuestionnaireSource } from "./build-questionnaire.ts";
import type { CheckError } from "./check-definitions.ts";
import { duplicateValues } from "./duplicates.ts";
import { MULTI_CHOICE_TYPES, type QuestionIndex } from "./question-index.ts";
import { ITEM_ASPECTS, type ItemAspect, type ScoringRules } from "./types.ts";

export function checkRules(rules: ScoringRules, index: QuestionIndex, questionnaire: QuestionnaireSource, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const e = (element: string, message: string) => errs.push({ file, element, message });
  const choicesOf = (aspect: ItemAspect) => aspectChoiceValues(questionnaire, aspect);
  for (const aspect of ITEM_ASPECTS) {
    const a = rules.item.aspects[aspect];
    const allowed = choicesOf(aspect);
    for (const v of allowed) if (!(v in a.points)) e(`item.aspects.${aspect}.points`, `no points for choice "${v}"`);
    for (const v of Object.keys(a.points)) if (!allowed.includes(v)) e(`item.aspects.${aspect}.points`, `"${v}" is not a choice of ${aspect} (${allowed.join("|")})`);
    for (const v of Object.keys(a.barriers)) if (!allowed.includes(v)) e(`item.aspects.${aspect}.barriers`, `"${v}" is not a choice of ${aspect} (${allowed.join("|")})`);
  }
  rules.item.gates.forEach((g, i) => {
    for (const v of g.values) {
      if (!choicesOf(g.aspect).includes(v)) e(`item.gates[${i}]`, `"${v}" is not a choice of ${g.aspect} (${choicesOf(g.aspect).join("|")})`);
    }
  });
  for (const [kind, implied] of Object.entries(rules.item.impliedAnswers ?? {})) {
    for (const [aspect, value] of Object.entries(implied.answers)) {
      if (!(ITEM_ASPECTS as readonly string[]).includes(aspect)) e(`item.impliedAnswers.${kind}`, `"${aspect}" is not an item aspect`);
      else if (!choicesOf(aspect as ItemAspect).includes(value)) e(`item.impliedAnswers.${kind}.${aspect}`, `"${value}" is not a choice of ${aspect}`);
    }
  }
  const hg = rules.indicator.historyGate;
  if (hg) {
    for (const v of Object.keys(hg.monthsByValue)) if (!choicesOf("history").includes(v)) e("indicator.historyGate.monthsByValue", `"${v}" is not a choice of history`);
  }
  for (const d of duplicateValues(rules.bands.map((b) => b.id))) e(`bands ${d}`, "duplicate band");
  for (let i = 1; i < rules.bands.length; i++) {
    if (rules.bands[i].min >= rules.bands[i - 1].min) e(`bands[${i}] ${rules.bands[i].id}`, "bands must be ordered by min, highest first");
  }
  if (rules.bands.length > 0 && rules.bands[rules.bands.length - 1].min !== 0) e("bands", "the lowest band must have min 0 so every score has a band");
  const levels = rules.capability.levels;
  levels.forEach((l, i) => {
    if (l.level !== i + 1) e(`capability.levels[${i}]`, `expected level ${i + 1}, found ${l.level}`);
    if (i > 0 && l.min <= levels[i - 1].min) e(`capability.levels[${i}]`, "level mins must increase with level");
  });
  if (levels[0] && levels[0].min !== 0) e("capability.levels[0]", "level 1 must have min 0");
  for (const d of duplicateValues(rules.capability.dimensions.map((x) => x.id))) e(`capability.dimensions ${d}`, "duplicate dimension id");
  for (const dim of rules.capability.dimensions) {
    dim.questions.forEach((ref, i) => {
      const el = `capability.dimensions ${dim.id} questions[${i}] ${ref.question}`;
      const q = index[ref.question];
      if (!q) return e(el, `question "${ref.question}" does not exist in the questionnaire`);
      if (!q.choices || q.type === "boolean") return e(el, `question "${ref.question}" is a ${q.type}; only choice questions can be scored`);
      const values = q.choices.map((c) => String(c.value));
      for (const v of Object.keys(ref.points)) {
        if (v === "dont_know") e(el, `"dont_know" is always excluded from capability scores; remove it from points`);
        else if (!values.includes(v)) e(el, `"${v}" is not a choice value of ${ref.question} (${values.join("|")})`);
      }
      for (const v of values) {
        if (!["dont_know", "not_applicable", "not_measured"].includes(v) && !(v in ref.points)) e(el, `choice "${v}" of ${ref.question} has no points`);
      }
    });
    dim.questions.forEach((ref, i) => {
      const q = index[ref.question];
      if (ref.checkbox && q && !MULTI_CHOICE_TYPES.has(q.type)) e(`capability.dimensions ${dim.id} questions[${i}] ${ref.question}`, `checkbox "${ref.checkbox}" given for a ${q.type}`);
      for (const v of Object.keys(ref.per10kChildren?.fteByValue ?? {})) {
        if (q?.choices && !q.choices.some((c) => String(c.value) === v)) e(`capability.dimensions ${dim.id} questions[${i}] ${ref.question}`, `per10kChildren names "${v}", which is not a choice`);
      }
    });
    if (dim.questions.length === 0 && !dim.includeItemFeasibility) e(`capability.dimensions ${dim.id}`, "has no questions and no item feasibility: it can never be scored");
  }
  return errs;
}

