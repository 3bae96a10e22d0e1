/**
 * Checks of the generated SurveyJS JSON against survey-core itself: element types exist, names are
 * unique, enumerated properties take allowed values, condition literals are choices of the question
 * they test, the model loads, and validateExpressions() is clean. survey-core silently ignores much
 * of what is wrong, so these catch mistakes the survey would otherwise hide.
 */
import { Serializer } from "survey-core";
import type { CheckError } from "./check-definitions.ts";
import { duplicateValues } from "./duplicates.ts";
import { walkElements, type QuestionIndex, type QuestionInfo } from "./question-index.ts";
import { createSurveyModel } from "./survey-runtime.ts";
import { itemMatrixNames, type Catalogue, type SurveyJson } from "./types.ts";

export interface SurveyCheckContext {
  survey: SurveyJson;
  index: QuestionIndex;
  qFile: string;
  cFile: string;
}

function enumErrors(className: string, obj: Record<string, unknown>, element: string, file: string): CheckError[] {
  const errs: CheckError[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (typeof value !== "string") continue;
    const prop = Serializer.findProperty(className, key);
    if (!prop) continue;
    const choices = (prop as unknown as { getChoices?: (o: unknown) => unknown }).getChoices?.(null);
    if (!Array.isArray(choices) || choices.length === 0) continue;
    const allowed = choices.map((c) => (c !== null && typeof c === "object" ? String((c as { value: unknown }).value) : String(c)));
    if (!allowed.includes(value)) {
      errs.push({ file, element, message: `${key} "${value}" is not allowed by survey-core ${"3.0.0"}; use one of ${allowed.join("|")}` });
    }
  }
  return errs;
}

export function checkSurveyJson(ctx: SurveyCheckContext, catalogue: Catalogue): CheckError[] {
  const { survey, index, qFile, cFile } = ctx;
  const errs: CheckError[] = [];
  const generatedMatrices = itemMatrixNames(catalogue);
  const fileOf = (name: string) => (generatedMatrices.has(name) ? cFile : qFile);

  // survey-level enumerated settings
  const settings = Object.fromEntries(Object.entries(survey).filter(([k]) => k !== "pages"));
  errs.push(...enumErrors("survey", settings, "survey settings", qFile));

  // element types known, names unique, enumerated properties valid
  const names: string[] = [];
  const pageNames = ((survey.pages ?? []) as Record<string, unknown>[]).map((p) => String(p.name));
  for (const d of duplicateValues(pageNames)) errs.push({ file: qFile, element: `page ${d}`, message: "duplicate page name" });
  walkElements(survey, (el) => {
    const type = String(el.type ?? "");
    const name = typeof el.name === "string" ? el.name : "";
    const element = `question ${name || "(unnamed)"}`;
    if (!name) errs.push({ file: qFile, element, message: `element of type "${type}" has no name` });
    else names.push(name);
    if (!Serializer.findClass(type)) {
      errs.push({ file: fileOf(name), element, message: `unknown element type "${type}" (survey-core would silently drop it)` });
      return;
    }
    errs.push(...enumErrors(type, el, element, fileOf(name)));
    if (Array.isArray(el.columns) && (type === "matrixdropdown" || type === "matrixdynamic")) {
      for (const c of el.columns as Record<string, unknown>[]) {
        errs.push(...enumErrors("matrixdropdowncolumn", c, `${element} column ${String(c.name)}`, fileOf(name)));
      }
    }
  });
  for (const d of duplicateValues(names)) errs.push({ file: fileOf(d), element: `question ${d}`, message: "duplicate question name" });

  // `ordinal: true` only means something on a scale of choices
  for (const q of Object.values(index)) {
    if (q.ordinal && !q.choices && q.type !== "matrix") {
      errs.push({ file: fileOf(q.name), element: `question ${q.name}`, message: "ordinal: true needs choices (an ordered scale); this question has none" });
    }
    for (const c of q.columns ?? []) {
      if (c.ordinal && !c.choices) {
        errs.push({ file: fileOf(q.name), element: `question ${q.name} column ${c.name}`, message: "ordinal: true needs choices (an ordered scale); this column has none" });
      }
    }
  }

  // choice values unique within each question / column
  for (const q of Object.values(index)) {
    const lists: [string, { value: unknown }[] | undefined][] = [["choices", q.choices], ["rows", q.rows]];
    for (const c of q.columns ?? []) lists.push([`column ${c.name} choices`, c.choices]);
    for (const [what, list] of lists) {
      for (const d of duplicateValues((list ?? []).map((c) => String(c.value)))) {
        errs.push({ file: fileOf(q.name), element: `question ${q.name}`, message: `duplicate value "${d}" in ${what}` });
      }
    }
  }

  // literal values compared with a question in conditions must be choices of that question
  const conditionOwners: { owner: string; expr: string; columns?: QuestionInfo["columns"] }[] = [];
  walkElements(survey, (el) => {
    const name = String(el.name ?? "");
    for (const key of ["visibleIf", "enableIf", "requiredIf"]) {
      if (typeof el[key] === "string") conditionOwners.push({ owner: name, expr: el[key] as string });
    }
    for (const c of (Array.isArray(el.columns) ? el.columns : []) as Record<string, unknown>[]) {
      for (const key of ["visibleIf", "enableIf", "requiredIf"]) {
        if (typeof c[key] === "string") conditionOwners.push({ owner: `${name}.${String(c.name)}`, expr: c[key] as string, columns: index[name]?.columns });
      }
    }
  });
  for (const { owner, expr, columns } of conditionOwners) {
    for (const m of expr.matchAll(CONDITION_LITERAL)) {
      const [, variable, , list] = m;
      const literals = [...list.matchAll(/'([^']*)'|"([^"]*)"/g)].map((x) => x[1] ?? x[2]);
      let allowed: string[] | undefined;
      let subject = variable;
      if (variable.startsWith("row.")) {
        const col = columns?.find((c) => c.name === variable.slice(4));
        allowed = col?.choices?.map((c) => String(c.value));
      } else {
        const q = index[variable];
        allowed = q?.choices?.map((c) => String(c.value));
        subject = q ? variable : subject;
      }
      if (!allowed) continue;
      for (const lit of literals) {
        if (!allowed.includes(lit)) {
          errs.push({ file: fileOf(owner.split(".")[0]), element: `question ${owner}`, message: `condition "${expr}" compares {${variable}} with "${lit}", which is not one of its choices (${allowed.join("|")})` });
        }
      }
    }
  }

  // the model loads; expressions valid; survey-core sees the same questions
  let model: ReturnType<typeof createSurveyModel> | undefined;
  try {
    model = createSurveyModel(survey);
  } catch (err) {
    errs.push({ file: qFile, element: "survey", message: `survey-core cannot load the survey: ${(err as Error).message}` });
    return errs;
  }
  try {
    // properties survey-core does not know (typos such as "visibleif") are ignored silently at run time
    const jsonErrors = ((model as unknown as { jsonErrors?: { type?: string; message?: string; propertyName?: string; element?: { name?: string } }[] }).jsonErrors ?? []);
    for (const je of jsonErrors) {
      const owner = je.element?.name ?? "";
      errs.push({
        file: fileOf(owner),
        element: owner ? `question ${owner}` : "survey settings",
        message: `${je.message ?? `survey-core JSON error (${je.type})`} survey-core ignores it.`,
      });
    }
    const modelNames = model.getAllQuestions(false).map((q) => q.name).filter((n) => n in index || !["html", "image"].includes(String(model!.getQuestionByName(n)?.getType())));
    const missing = modelNames.filter((n) => !(n in index));
    const extra = Object.keys(index).filter((n) => !model!.getQuestionByName(n));
    for (const n of missing) errs.push({ file: fileOf(n), element: `question ${n}`, message: "survey-core sees this question but the question index does not" });
    for (const n of extra) errs.push({ file: fileOf(n), element: `question ${n}`, message: "the question index has this question but survey-core dropped it" });

    const originalWarn = console.warn;
    console.warn = () => {};
    let results: ReturnType<typeof model.validateExpressions>;
    try {
      results = model.validateExpressions();
    } finally {
      console.warn = originalWarn;
    }
    for (const r of results) {
      const obj = r.obj as unknown as Record<string, unknown> & { getType?: () => string; colOwner?: { name?: string } };
      const owner = ownerName(obj);
      const isColumn = obj.getType?.() === "matrixdropdowncolumn";
      for (const e of r.errors as { errorType: number; variableName?: string; functionName?: string }[]) {
        // {row.<column>} inside a matrix column's condition is valid but reported as unknown by 3.0.0
        if (isColumn && e.variableName?.startsWith("row.")) {
          const matrix = obj.colOwner?.name ? index[obj.colOwner.name] : undefined;
          if (matrix?.columns?.some((c) => c.name === e.variableName!.slice(4))) continue;
        }
        const what = e.functionName
          ? `unknown function "${e.functionName}" (register it in survey-definitions/functions.ts)`
          : e.variableName
            ? `unknown variable "{${e.variableName}}" (no question, row column or calculated value has that name)`
            : `invalid expression (error type ${e.errorType})`;
        errs.push({ file: fileOf(owner), element: `question ${owner} ${r.propertyName}`, message: what });
      }
    }
  } finally {
    model.dispose();
  }
  return errs;
}

const CONDITION_LITERAL = /\{([A-Za-z0-9_.]+)\}\s*(=|==|<>|!=|anyof|allof|noneof|contains|notcontains)\s*(\[[^\]]*\]|'[^']*'|"[^"]*")/gi;

function ownerName(obj: Record<string, unknown> & { colOwner?: { name?: string } }): string {
  // validators and columns do not carry the question name; find the owning question
  const o = obj as { name?: unknown; errorOwner?: { name?: string }; owner?: { name?: string }; colOwner?: { name?: string } };
  if (o.colOwner?.name) return `${o.colOwner.name}.${String(o.name)}`;
  if (o.errorOwner?.name) return o.errorOwner.name;
  if (typeof o.name === "string" && o.name) return o.name;
  if (o.owner?.name) return o.owner.name;
  return "(unknown)";
}
