import { afterAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { SubmitValidator } from "../../server/services/submit-validator.ts";
import { validateForSubmit } from "../../server/domain/responses/submit-validation.ts";

const survey = JSON.parse(readFileSync(new URL("../fixtures/respondent/small-survey.json", import.meta.url), "utf8"));
const validator = new SubmitValidator();
afterAll(() => validator.close());

describe("SubmitValidator", () => {
  it("validates in a worker thread with the same result as in this thread, sending the survey once", async () => {
    const cases = [
      { has_dpo: true },
      { lead_name: "A", sign_off: "no", has_dpo: false, dpo_email: "old@example.org" },
      { lead_name: "A", sign_off: "yes", has_dpo: true, dpo_email: "nope", analysts: 900 },
    ];
    for (const data of cases) {
      expect(await validator.validate(survey, data, {}, "fixture@1")).toEqual(await validateForSubmit(survey, data));
    }
    expect(validator.stats).toEqual({ compiled: 0, worker: 3, inline: 0 });
  });

  it("after close it validates in this thread", async () => {
    await validator.close();
    const r = await validator.validate(survey, { has_dpo: true }, {}, "fixture@1");
    expect(r.valid).toBe(false);
    expect(validator.stats.inline).toBe(1);
  });
});
