/**
 * Submit validation from a plan compiled once per definition version, instead of a survey-core
 * Model per submit (a Model of the current definition costs seconds to validate: its item matrices
 * build rendered tables). The plan is read from a survey-core Model of the definition, so defaults
 * and error texts are survey-core's; conditions (visibleIf, requiredIf, expression validators) run
 * on survey-core's own expression engine (ConditionRunner) against the response data, as the Model
 * does. It reproduces, in survey-core's order, exactly the checks survey-core makes for the element
 * kinds and properties the definitions use; a definition using anything else does not compile
 * (compileSubmitPlan returns the reason) and is validated by survey-core itself. survey-core stays
 * the reference: a property test compares both over thousands of generated responses.
 */
import { AnswerRequiredError, ConditionRunner, EmailValidator, Helpers, Model } from "survey-core";
import type { SurveyJson } from "../definitions/types.ts";
import { ensureSurveyFunctions } from "../definitions/survey-runtime.ts";
import type { SubmitError, SubmitValidation } from "./submit-validation.ts";

type AnyElement = any; // survey-core elements are typed per class; the plan reads a few common properties

type Check =
  | { kind: "expression"; runner: ConditionRunner; message: string }
  | { kind: "email"; message: string };

interface CellPlan {
  column: string;
  required: boolean;
  visibleIf: ConditionRunner | null;
  message: string; // "<column title>: <required text>"
}

interface QuestionPlan {
  name: string;
  page: string;
  /** conditions that must all hold for the question to be shown (page, then question) */
  visibleIf: ConditionRunner[];
  required: boolean;
  requiredIf: ConditionRunner | null;
  requiredMessage: string;
  /** selectbase with an "Other" choice that needs its text */
  other: { value: unknown; multiple: boolean; commentKey: string; message: string } | null;
  /** text inputType number/range with min / max */
  min: { value: number; message: string } | null;
  max: { value: number; message: string } | null;
  /** text inputType email without an explicit email validator */
  implicitEmail: string | null;
  validators: Check[];
  /** matrix with isAllRowRequired: its row values */
  allRows: { rows: string[]; message: string } | null;
  /** matrixdropdown: its rows and the cells to check in each */
  cells: { rows: string[]; columns: CellPlan[] } | null;
  /** keys cleared with the question when it is hidden */
  clears: string[];
}

export interface SubmitPlan {
  questions: QuestionPlan[];
}

const VALUE_TYPES = new Set(["text", "comment", "radiogroup", "checkbox", "dropdown", "boolean", "matrix", "matrixdropdown"]);
const NO_VALUE_TYPES = new Set(["html"]);

/** Properties whose presence the plan does not reproduce: such a definition is validated by survey-core. */
const UNSUPPORTED_QUESTION_PROPS = [
  "enableIf",
  "readOnly",
  "valueName",
  "defaultValue",
  "defaultValueExpression",
  "setValueIf",
  "resetValueIf",
  "choicesVisibleIf",
  "choicesEnableIf",
  "choicesByUrl",
  "choicesFromQuestion",
  "hideIfChoicesEmpty",
  "minSelectedChoices",
  "maxSelectedChoices",
  "showSelectAllItem",
  "showRefuseItem",
  "showDontKnowItem",
  "showCommentArea",
  "eachRowUnique",
  "rowsVisibleIf",
  "columnsVisibleIf",
  "hideIfRowsEmpty",
  "minLength",
  "step",
  "maskType",
  "requiredErrorText",
];

function isEmpty(value: unknown): boolean {
  // Question.isEmpty(): strings are trimmed first
  return Helpers.isValueEmpty(typeof value === "string" ? value.trim() : value);
}

function runner(expression: unknown): ConditionRunner | null {
  return typeof expression === "string" && expression.trim() !== "" ? new ConditionRunner(expression) : null;
}

function holds(r: ConditionRunner, values: Record<string, unknown>): boolean {
  return r.runValues(values) === true;
}

type Json = Record<string, unknown>;

/** Whether the definition sets `prop` on the element (in its JSON, which the Model keeps in order). */
function jsonHas(json: Json, prop: string): boolean {
  return Object.hasOwn(json, prop);
}

function jsonList(json: Json, key: string): Json[] {
  const list = json[key];
  return Array.isArray(list) ? list.map((x) => (x !== null && typeof x === "object" ? (x as Json) : {})) : [];
}

function planValidators(q: AnyElement, unsupported: (why: string) => never): Check[] {
  const title = q.getValidatorTitle();
  return (q.validators ?? []).map((v: AnyElement): Check => {
    const type = v.getType();
    if (type === "expressionvalidator") {
      const r = runner(v.expression);
      if (!r) unsupported(`${q.name}: expression validator without an expression`);
      return { kind: "expression", runner: r, message: String(v.createCustomError(title).getText()) };
    }
    if (type === "emailvalidator") return { kind: "email", message: String(v.createCustomError(title).getText()) };
    return unsupported(`${q.name}: ${type}`);
  });
}

/** The submit plan of a definition, or the reason it cannot be compiled (then survey-core validates). */
export function compileSubmitPlan(survey: SurveyJson): SubmitPlan | { unsupported: string } {
  ensureSurveyFunctions();
  const model = new Model(survey);
  try {
    return compileSubmitPlanOf(model, survey);
  } finally {
    model.dispose();
  }
}

/**
 * The submit plan read from a Model of `survey` the caller already has (the browser's, so its check
 * list runs the server's rules without building a second Model). The plan reads only the
 * definition, never the Model's answers, so a Model in use gives the same plan.
 */
export function compileSubmitPlanOf(model: Model, survey: SurveyJson): SubmitPlan | { unsupported: string } {
  ensureSurveyFunctions();
  class Unsupported extends Error {}
  const unsupported = (why: string): never => {
    throw new Unsupported(why);
  };
  try {
    if ((model as AnyElement).calculatedValues?.length) unsupported("calculatedValues");
    if ((model as AnyElement).triggers?.length) unsupported("triggers");
    if (model.checkErrorsMode === "onValueChanged" || (model as AnyElement).textUpdateMode === "onTyping") {
      // validate(true) behaves the same; noted only so a change here is reviewed
    }
    const questions: QuestionPlan[] = [];
    const pagesJson = jsonList(survey as Json, "pages");
    if (pagesJson.length !== model.pages.length) unsupported("pages not read as written");
    model.pages.forEach((page: AnyElement, p: number) => {
      const pageJson = pagesJson[p];
      if (jsonHas(pageJson, "enableIf") || jsonHas(pageJson, "readOnly")) unsupported(`page ${page.name}: enableIf/readOnly`);
      const pageIf = runner(page.visibleIf);
      const elementsJson = jsonList(pageJson, "elements");
      if (elementsJson.length !== page.elements.length) unsupported(`page ${page.name}: elements not read as written`);
      page.elements.forEach((el: AnyElement, e: number) => {
        const json = elementsJson[e];
        if (el.isPanel) unsupported(`panel ${el.name}`);
        if (json.name !== el.name) unsupported(`${el.name}: not read as written`);
        const type: string = el.getType();
        if (NO_VALUE_TYPES.has(type)) return;
        if (!VALUE_TYPES.has(type)) unsupported(`${el.name}: question type ${type}`);
        for (const p of UNSUPPORTED_QUESTION_PROPS) if (jsonHas(json, p)) unsupported(`${el.name}: ${p}`);
        if (el.validators?.length && (type === "matrix" || type === "matrixdropdown")) unsupported(`${el.name}: matrix validators`);
        const name: string = el.getValueName();
        const plan: QuestionPlan = {
          name,
          page: String(page.name ?? ""),
          visibleIf: [pageIf, runner(el.visibleIf)].filter((r): r is ConditionRunner => r !== null),
          required: Boolean(el.isRequired) && !jsonHas(json, "requiredIf"),
          requiredIf: runner(el.requiredIf),
          requiredMessage: String(new AnswerRequiredError(el.requiredErrorText, el).getText()),
          other: null,
          min: null,
          max: null,
          implicitEmail: null,
          validators: planValidators(el, unsupported),
          allRows: null,
          cells: null,
          clears: [name],
        };
        if (type === "radiogroup" || type === "checkbox" || type === "dropdown") {
          if (el.showOtherItem) {
            if (!el.getStoreOthersAsComment()) unsupported(`${name}: "other" stored in the value`);
            plan.other = {
              value: el.otherItem.value,
              multiple: type === "checkbox",
              commentKey: `${name}${(model as AnyElement).commentSuffix ?? "-Comment"}`,
              message: String(el.otherErrorText || el.getLocalizationString("otherRequiredError")),
            };
            plan.clears.push(plan.other.commentKey);
          }
        }
        if (type === "text") {
          const inputType: string = el.inputType ?? "text";
          if (!["text", "number", "email", "tel", "url"].includes(inputType)) unsupported(`${name}: inputType ${inputType}`);
          if (jsonHas(json, "minValueExpression") || jsonHas(json, "maxValueExpression")) unsupported(`${name}: min/max expressions`);
          if (!Helpers.isValueEmpty(el.renderedMin)) {
            if (typeof el.renderedMin !== "number") unsupported(`${name}: non-numeric min`);
            plan.min = { value: el.renderedMin, message: String(el.getMinMaxErrorText(el.minErrorText, el.renderedMin)) };
          }
          if (!Helpers.isValueEmpty(el.renderedMax)) {
            if (typeof el.renderedMax !== "number") unsupported(`${name}: non-numeric max`);
            plan.max = { value: el.renderedMax, message: String(el.getMinMaxErrorText(el.maxErrorText, el.renderedMax)) };
          }
          if (inputType === "email" && !plan.validators.some((v) => v.kind === "email")) {
            const v = new EmailValidator();
            v.owner = el;
            plan.implicitEmail = String(v.validate("x", el.getValidatorTitle())?.error?.getText());
          }
        }
        if (type === "matrix") {
          if (el.eachRowRequired) {
            plan.allRows = { rows: (el.rows as AnyElement[]).map((r) => String(r.value)), message: String(el.getLocalizationString("requiredInAllRowsError")) };
          }
        }
        if (type === "matrixdropdown") {
          if (el.isRequired || jsonHas(json, "requiredIf")) unsupported(`${name}: required matrixdropdown`);
          const columns: CellPlan[] = [];
          const columnsJson = jsonList(json, "columns");
          el.columns.forEach((col: AnyElement, k: number) => {
            const colJson = columnsJson[k] ?? {};
            if (colJson.name !== col.name) unsupported(`${name}.${col.name}: not read as written`);
            const cellType = col.cellType === "default" ? el.cellType : col.cellType;
            if (cellType !== "dropdown") unsupported(`${name}.${col.name}: cellType ${cellType}`);
            for (const p of ["enableIf", "requiredIf", "validators", "readOnly", "showOtherItem", "showNoneItem", "totalType", "isUnique", "defaultValue", "requiredErrorText"]) {
              if (jsonHas(colJson, p)) unsupported(`${name}.${col.name}: ${p}`);
            }
            columns.push({
              column: String(col.name),
              required: Boolean(col.isRequired),
              visibleIf: runner(col.visibleIf),
              message: `${col.title ?? col.name}: ${new AnswerRequiredError(undefined, el).getText()}`,
            });
          });
          plan.cells = { rows: (el.rows as AnyElement[]).map((r) => String(r.value)), columns };
        }
        questions.push(plan);
      });
    });
    return { questions };
  } catch (err) {
    if (err instanceof Unsupported) return { unsupported: err.message };
    throw err;
  }
}

/** An error and whether it is a broken rule (true) or a required answer missing (false). */
interface PlanError {
  message: string;
  rule: boolean;
}

function questionErrors(q: QuestionPlan, value: unknown, data: Record<string, unknown>): PlanError[] {
  const errors: PlanError[] = [];
  const gap = (message: string) => errors.push({ message, rule: false });
  const rule = (message: string) => errors.push({ message, rule: true });
  const empty = isEmpty(value);
  const required = q.requiredIf ? holds(q.requiredIf, data) : q.required;
  if (required && empty) gap(q.requiredMessage);
  if (q.other) {
    const o = q.other;
    const selected = o.multiple ? Array.isArray(value) && value.some((v) => Helpers.isTwoValueEquals(v, o.value)) : Helpers.isTwoValueEquals(value, o.value);
    if (selected && !data[o.commentKey]) rule(o.message);
  }
  if (!empty) {
    if (q.min && (value as number) < q.min.value) rule(q.min.message);
    if (q.max && (value as number) > q.max.value) rule(q.max.message);
  }
  if (q.implicitEmail !== null && value && !EMAIL.test(value as string)) rule(q.implicitEmail);
  if (q.allRows) {
    const rows = (value ?? {}) as Record<string, unknown>;
    if (q.allRows.rows.some((r) => isEmpty(typeof rows === "object" ? rows[r] : undefined))) gap(q.allRows.message);
  }
  if (errors.length > 0) return errors;
  for (const v of q.validators) {
    if (v.kind === "expression") {
      if (!holds(v.runner, data)) rule(v.message);
    } else if (value && !EMAIL.test(value as string)) {
      rule(v.message);
    }
  }
  return errors;
}

// survey-core's EmailValidator pattern
const EMAIL = (new EmailValidator() as AnyElement).re as RegExp;

/** The errors of every shown question, in survey-core's order; `data` is not changed. */
function planErrors(plan: SubmitPlan, data: Record<string, unknown>, rulesOnly: boolean): (SubmitError & { rule: boolean })[] {
  const errors: (SubmitError & { rule: boolean })[] = [];
  for (const q of plan.questions) {
    const value = data[q.name];
    if (!q.visibleIf.every((r) => holds(r, data))) continue;
    for (const e of questionErrors(q, value, data)) if (e.rule || !rulesOnly) errors.push({ question: q.name, page: q.page, message: e.message, rule: e.rule });
    if (q.cells && !rulesOnly) {
      const matrix = value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
      for (const row of q.cells.rows) {
        const rowValue = (matrix[row] ?? {}) as Record<string, unknown>;
        const rowData = { ...data, row: rowValue };
        for (const c of q.cells.columns) {
          if (!c.required) continue;
          if (c.visibleIf && !holds(c.visibleIf, rowData)) continue;
          if (isEmpty(rowValue[c.column])) errors.push({ question: `${q.name}.${row}`, page: q.page, message: c.message, rule: false });
        }
      }
    }
  }
  return errors;
}

/**
 * The submit errors that are broken rules rather than missing answers ("Other" without its text, a
 * number out of range, an e-mail address that is not one, an expression validator that fails), with
 * the server's wording: the browser lists them before the person submits.
 */
export function ruleBreaks(plan: SubmitPlan, data: Record<string, unknown>): SubmitError[] {
  return planErrors(plan, data, true).map(({ question, page, message }) => ({ question, page, message }));
}

/** Validate a response with a compiled plan: the same result as validateForSubmit() with survey-core. */
export function validateWithPlan(plan: SubmitPlan, input: Record<string, unknown>): SubmitValidation {
  const data = structuredClone(input);
  const errors: SubmitError[] = planErrors(plan, data, false).map(({ question, page, message }) => ({ question, page, message }));
  const dropped: string[] = [];
  // Then, in order, answers to hidden questions are dropped; as in survey-core each drop can hide a
  // later question (its condition is evaluated on the data as it is by then).
  for (const q of plan.questions) {
    if (isEmpty(data[q.name]) || q.visibleIf.every((r) => holds(r, data))) continue;
    dropped.push(q.name);
    for (const key of q.clears) delete data[key];
  }
  return { valid: errors.length === 0, errors, data, dropped };
}
