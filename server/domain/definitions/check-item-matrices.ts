/**
 * Checks of the data-item matrices: every catalogue data item has its row, with its kind's aspect
 * columns and the version's choices; and the questionnaire's item column texts name real choices.
 */
import { aspectChoiceValues, type QuestionnaireSource } from "./build-questionnaire.ts";
import type { CheckError } from "./check-definitions.ts";
import type { QuestionIndex } from "./question-index.ts";
import { ITEM_ASPECTS, itemMatrixName, type Catalogue, type ItemAspect } from "./types.ts";

export function checkItemMatrices(index: QuestionIndex, catalogue: Catalogue, questionnaire: QuestionnaireSource, file: string): CheckError[] {
  const errs: CheckError[] = [];
  const matrices = new Map<string, { items: string[]; aspects: readonly ItemAspect[] }>();
  for (const d of catalogue.dataItems) {
    const name = itemMatrixName(d);
    const kind = d.kind && d.kind !== "child_record" ? d.kind : undefined;
    const aspects = kind ? ITEM_ASPECTS.filter((a) => questionnaire.itemPages.kindPages?.[kind]?.columns.includes(a)) : ITEM_ASPECTS;
    const m = matrices.get(name) ?? { items: [], aspects };
    m.items.push(d.id);
    matrices.set(name, m);
    const q = index[name];
    if (!q || !(q.rows ?? []).some((r) => String(r.value) === d.id)) {
      errs.push({ file, element: `dataItems ${d.id}`, message: `has no row in a matrix "${name}" of the questionnaire` });
    }
  }
  for (const [name, { items, aspects }] of matrices) {
    const q = index[name];
    if (!q) continue;
    if (q.type !== "matrixdropdown") errs.push({ file, element: `question ${name}`, message: `must be a matrixdropdown, not ${q.type}` });
    for (const r of q.rows ?? []) {
      if (!items.includes(String(r.value))) errs.push({ file, element: `question ${name}`, message: `row "${String(r.value)}" is not a data item asked in ${name}` });
    }
    for (const aspect of aspects) {
      const col = q.columns?.find((c) => c.name === aspect);
      if (!col) {
        errs.push({ file, element: `question ${name}`, message: `missing aspect column "${aspect}"` });
        continue;
      }
      const got = (col.choices ?? []).map((c) => String(c.value));
      const want = aspectChoiceValues(questionnaire, aspect);
      if (got.join("|") !== want.join("|")) {
        errs.push({ file, element: `question ${name} column ${aspect}`, message: `choices ${got.join("|")} differ from itemPages.columns.${aspect} ${want.join("|")}` });
      }
    }
  }
  return errs;
}

export function checkItemColumnTexts(q: QuestionnaireSource, file: string): CheckError[] {
  const errs: CheckError[] = [];
  for (const aspect of ITEM_ASPECTS) {
    const values = aspectChoiceValues(q, aspect);
    if (!values.includes("dont_know")) errs.push({ file, element: `itemPages.columns.${aspect}`, message: `needs a "dont_know" choice` });
  }
  const recorded = aspectChoiceValues(q, "recorded");
  for (const v of q.itemPages.shownWhenRecorded) {
    if (!recorded.includes(v)) errs.push({ file, element: "itemPages.shownWhenRecorded", message: `"${v}" is not a choice of the recorded column (${recorded.join("|")})` });
  }
  for (const [kind, page] of Object.entries(q.itemPages.kindPages ?? {})) {
    for (const [aspect, texts] of Object.entries(page?.columnTexts ?? {})) {
      if (!page!.columns.includes(aspect as ItemAspect)) errs.push({ file, element: `itemPages.kindPages.${kind}.columnTexts.${aspect}`, message: "is not one of the page's columns" });
      for (const v of Object.keys(texts?.choices ?? {})) {
        if (!aspectChoiceValues(q, aspect as ItemAspect).includes(v)) errs.push({ file, element: `itemPages.kindPages.${kind}.columnTexts.${aspect}`, message: `"${v}" is not a choice of ${aspect}` });
      }
    }
  }
  if (q.itemPages.insertBefore && !q.pages.some((p) => p.name === q.itemPages.insertBefore)) {
    errs.push({ file, element: "itemPages.insertBefore", message: `page "${q.itemPages.insertBefore}" does not exist` });
  }
  return errs;
}
