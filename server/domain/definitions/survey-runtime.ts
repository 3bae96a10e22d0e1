/** survey-core on the server with the project's custom functions registered (call before new Model()). */
import { FunctionFactory, Model, Serializer } from "survey-core";
import { registerSurveyFunctions, registerSurveyProperties } from "../../../survey-definitions/functions.ts";
import type { SurveyJson } from "./types.ts";

let registered = false;

export function ensureSurveyFunctions(): void {
  if (registered) return;
  registerSurveyFunctions(FunctionFactory);
  registerSurveyProperties(Serializer);
  registered = true;
}

/** A survey-core Model of a definition's survey JSON, with custom functions available. Dispose it after use. */
export function createSurveyModel(survey: SurveyJson): Model {
  ensureSurveyFunctions();
  return new Model(survey);
}
