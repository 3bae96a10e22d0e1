/**
 * Runs survey-core submit validation off the main thread: on the current definition a full
 * validate() takes seconds (it builds the item matrices' tables), which would otherwise stall every
 * other request, and the embedded database, for that long.
 */
import { parentPort } from "node:worker_threads";
import { validateForSubmit, type SubmitValidationOptions } from "../domain/responses/submit-validation.ts";
import type { SurveyJson } from "../domain/definitions/types.ts";

interface Request {
  id: number;
  key: string;
  survey?: SurveyJson;
  data: Record<string, unknown>;
  opts: SubmitValidationOptions;
}

const surveys = new Map<string, SurveyJson>();

parentPort!.on("message", async (m: Request) => {
  try {
    if (m.survey) surveys.set(m.key, m.survey);
    const survey = surveys.get(m.key);
    if (!survey) throw new Error(`survey ${m.key} not sent to the worker`);
    parentPort!.postMessage({ id: m.id, result: await validateForSubmit(survey, m.data, m.opts) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).message });
  }
});
