/**
 * Custom SurveyJS expression functions used by the survey definitions.
 *
 * Loaded by BOTH the browser (survey-react-ui) and the server (survey-core validation, checker):
 * a function used in an expression but registered on one side only makes validation disagree
 * (see notes/tech/01-surveyjs-server-side.md). Keep this module free of Node imports.
 *
 * Pass in the FunctionFactory of the survey-core copy you use, so that the registration lands in
 * the same instance that evaluates expressions:
 *   import { FunctionFactory } from "survey-core";
 *   registerSurveyFunctions(FunctionFactory);
 */

/** The part of survey-core's FunctionFactory that we need (structural, so no import is required). */
export interface FunctionFactoryLike {
  Instance: {
    register(name: string, fn: (params: unknown[]) => unknown, isAsync?: boolean): void;
    hasFunction(name: string): boolean;
  };
}

/**
 * exclusiveChoice({question}, 'value'): true unless the checkbox answer contains `value` together
 * with any other choice. Used to stop "Don't know" being ticked alongside real answers.
 * Empty or non-array answers are valid (requiredness is checked separately).
 */
export function exclusiveChoice(params: unknown[]): boolean {
  const [answer, exclusive] = params;
  if (!Array.isArray(answer) || answer.length < 2) return true;
  return !answer.includes(exclusive);
}

/**
 * countAnswered({matrix}, 'column'): how many rows of a matrixdropdown value have a non-empty
 * answer in `column`. Handy for progress text such as "12 of 60 data items answered".
 */
export function countAnswered(params: unknown[]): number {
  const [matrix, column] = params;
  if (matrix === null || typeof matrix !== "object") return 0;
  let n = 0;
  for (const row of Object.values(matrix as Record<string, unknown>)) {
    if (row === null || typeof row !== "object") continue;
    const v = (row as Record<string, unknown>)[String(column)];
    if (v !== undefined && v !== null && v !== "") n++;
  }
  return n;
}

export const SURVEY_FUNCTIONS: Record<string, (params: unknown[]) => unknown> = {
  exclusiveChoice,
  countAnswered,
};

/** The part of survey-core's Serializer that we need. */
export interface SerializerLike {
  findProperty(className: string, propertyName: string): unknown;
  addProperty(className: string, propertyInfo: string): unknown;
}

/**
 * Custom JSON properties used by the definitions: matrix rows (and choices) may carry a
 * `description` (the data item's help text). Registering it keeps it on ItemValue objects
 * (`question.rows[i].description`) so the client can show it next to the row title.
 * `ordinal: true` on a question (or a matrixdropdown column) declares that its choices are an
 * ordered scale, in the order shown: the exports then declare it ordinal for SPSS, Stata and R,
 * and its "none" / "other" codes are not part of the scale (declared missing).
 */
export function registerSurveyProperties(serializer: SerializerLike): void {
  if (!serializer.findProperty("itemvalue", "description")) serializer.addProperty("itemvalue", "description:text");
  if (!serializer.findProperty("question", "ordinal")) serializer.addProperty("question", "ordinal:boolean");
  if (!serializer.findProperty("matrixdropdowncolumn", "ordinal")) serializer.addProperty("matrixdropdowncolumn", "ordinal:boolean");
}

/** Register every custom function; safe to call more than once. */
export function registerSurveyFunctions(factory: FunctionFactoryLike): void {
  for (const [name, fn] of Object.entries(SURVEY_FUNCTIONS)) {
    if (!factory.Instance.hasFunction(name)) factory.Instance.register(name, fn);
  }
}
