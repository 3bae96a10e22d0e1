/**
 * Submit-time validation with survey-core, the same version the browser runs (notes/tech/01):
 * new Model(json) -> data -> clearIncorrectValues(true) -> validate(true, false, cb) -> errors per
 * question (with the page they are on) -> answers to hidden questions dropped.
 * Custom expression functions must be registered (survey-definitions/functions.ts) before calling.
 */
import { FunctionFactory, Model } from "survey-core";
import type { SurveyJson } from "../definitions/types.ts";
import { registerSurveyFunctions } from "../../../survey-definitions/functions.ts";

registerSurveyFunctions(FunctionFactory);

export interface SubmitError {
  question: string; // question name, or "<matrix>.<row>" for a matrix cell
  page: string;
  message: string;
}

export interface SubmitValidation {
  valid: boolean;
  errors: SubmitError[];
  /** Data to store: unknown keys and unknown choices removed, hidden answers dropped, expressions recomputed. */
  data: Record<string, unknown>;
  /** Names of questions whose (hidden) answers were dropped. */
  dropped: string[];
}

type AnyQuestion = any;

function isHidden(q: AnyQuestion): boolean {
  return !q.isVisible || !q.isParentVisible || (q.page != null && !q.page.isVisible);
}

export interface SubmitValidationOptions {
  /**
   * The data already passed checkData() against the compiled structure (only known questions and
   * listed choices), so survey-core's clearIncorrectValues() — the slowest step by far, about 10x
   * validate() on the v1 survey — has nothing to remove and is skipped.
   */
  shapeChecked?: boolean;
}

export async function validateForSubmit(
  surveyJson: SurveyJson,
  input: Record<string, unknown>,
  opts: SubmitValidationOptions = {},
): Promise<SubmitValidation> {
  const model = new Model(surveyJson);
  try {
    return await validateOnModel(model, input, opts);
  } finally {
    model.dispose();
  }
}

/**
 * validateForSubmit() on a Model the caller owns (a fresh one, or one reused across responses of
 * one definition, as the property test does to compare thousands of responses in reasonable time).
 */
export async function validateOnModel(model: Model, input: Record<string, unknown>, opts: SubmitValidationOptions = {}): Promise<SubmitValidation> {
  model.data = structuredClone(input);
  // a reused Model keeps the errors of its last validate() on questions not validated this time
  // (hidden ones); a fresh Model has none
  for (const q of model.getAllQuestions(false, false, true) as AnyQuestion[]) if (q.errors?.length) q.errors = [];
  if (!opts.shapeChecked) model.clearIncorrectValues(true);
  const valid = await new Promise<boolean>((resolve) => {
    const sync = model.validate(true, false, (hasErrors: boolean) => resolve(!hasErrors));
    if (typeof sync === "boolean") resolve(sync);
  });
  const errors: SubmitError[] = [];
  for (const q of model.getAllQuestions(false, false, true) as AnyQuestion[]) {
    if (!q.errors?.length) continue;
    const parent = q.parentQuestion;
    const rowName = q.data?.rowName;
    const name = parent ? (rowName != null ? `${parent.getValueName()}.${rowName}` : parent.getValueName()) : q.getValueName();
    const page = String((parent ?? q).page?.name ?? "");
    for (const e of q.errors) {
      const text = String(e.getText());
      errors.push({ question: name, page, message: parent ? `${q.title ?? q.name}: ${text}` : text });
    }
  }
  if (!valid && errors.length === 0) {
    errors.push({ question: "", page: "", message: "The survey is not complete" });
  }
  const dropped: string[] = [];
  for (const q of model.getAllQuestions(false) as AnyQuestion[]) {
    if (q.getType() === "expression") continue;
    if (isHidden(q) && !q.isEmpty()) {
      dropped.push(q.getValueName());
      q.clearValue();
    }
  }
  return { valid: valid && errors.length === 0, errors, data: model.data as Record<string, unknown>, dropped };
}
