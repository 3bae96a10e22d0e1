import { describe, expect, it } from "vitest";
import { checkDefinitions, type CheckError } from "../../../server/domain/definitions/check-definitions.ts";
import { bandGaps, parseRange } from "../../../server/domain/definitions/check-content-quality.ts";
import { readDefinitionsDir, type DefinitionsInput, type RawVersion } from "../../../server/domain/definitions/load-definitions.ts";

const pristine = readDefinitionsDir();

function planted(mutate: (v4: RawVersion, input: DefinitionsInput) => void): CheckError[] {
  const input = structuredClone(pristine);
  const v4 = input.versions.find((x) => x.surveyId === "la-data-audit" && x.version === 4)!;
  mutate(v4, input);
  return checkDefinitions(input, { skipPublishedHashFor: ["la-data-audit@4"] });
}
function element(v: RawVersion, name: string): Record<string, any> {
  for (const page of (v.questionnaire as any).pages) {
    const el = page.elements.find((e: any) => e.name === name);
    if (el) return el;
  }
  throw new Error(`no element ${name}`);
}
function expectOnly(errors: CheckError[], file: string, element: string | RegExp, message: RegExp) {
  const text = errors.map((e) => `${e.file}: ${e.element}: ${e.message}`).join("\n");
  expect(errors.length, text).toBeGreaterThan(0);
  for (const e of errors) {
    expect(e.file, text).toBe(file);
    expect(typeof element === "string" ? e.element === element : element.test(e.element), text).toBe(true);
    expect(e.message, text).toMatch(message);
  }
}
const ind = (v: RawVersion, id: string) => (v.catalogue as any).indicators.find((i: any) => i.id === id);

describe("content checks from v4 on (each with a planted mistake)", () => {
  it("v4 as published passes them all", () => {
    expect(checkDefinitions(pristine)).toEqual([]);
  });

  it("an item the numerator mentions but the indicator does not require (v3's ind_step_up_12m and the referral date)", () => {
    const errors = planted((v4) => {
      ind(v4, "ind_step_up_12m").dataItems.find((r: any) => r.id === "di_referral_date").required = false;
    });
    expectOnly(errors, "la-data-audit/v4/catalogue.json", "indicators ind_step_up_12m", /mentions "referred to children's social care" \(data item di_referral_date\) but the indicator does not list di_referral_date as required/);
  });

  it("a data item no indicator uses", () => {
    const errors = planted((v4) => {
      const cat = v4.catalogue as any;
      for (const i of cat.indicators) i.dataItems = i.dataItems.filter((r: any) => r.id !== "di_family_housing");
      cat.indicators = cat.indicators.filter((i: any) => i.dataItems.length > 0);
    });
    expectOnly(errors, "la-data-audit/v4/catalogue.json", "dataItems di_family_housing", /is not used by any indicator/);
  });

  it("an indicator without its National Framework mapping, production route or look-back", () => {
    const errors = planted((v4) => {
      const i = ind(v4, "ind_repeat_cpp");
      delete i.framework;
      delete i.production;
      delete i.lookBackMonths;
    });
    expectOnly(errors, "la-data-audit/v4/catalogue.json", "indicators ind_repeat_cpp", /has no (framework|production route|lookBackMonths)/);
    expect(errors).toHaveLength(3);
  });

  it("a locally produced indicator marked national", () => {
    const errors = planted((v4) => {
      ind(v4, "ind_fgdm_pre_proceedings").production = "national";
    });
    expectOnly(errors, "la-data-audit/v4/catalogue.json", "indicators ind_fgdm_pre_proceedings", /collectedNationally is false/);
  });

  it("a look-back no history answer can satisfy", () => {
    const errors = planted((v4) => {
      ind(v4, "ind_cl_22_25_eet").lookBackMonths = 96;
    });
    expectOnly(errors, "la-data-audit/v4/catalogue.json", "indicators ind_cl_22_25_eet", /could never be Ready now/);
  });

  it("numeric bands with a gap (v3's analyst FTE bands left out 2.5)", () => {
    const errors = planted((v4) => {
      const fte = element(v4, "cap_analyst_fte");
      fte.choices.find((c: any) => c.value === "f1_2").text = "1 to 2";
      fte.choices.find((c: any) => c.value === "f3_5").text = "3 to 5";
    });
    expectOnly(errors, "la-data-audit/v4/questionnaire.json", "question cap_analyst_fte choices", /numeric bands have a gap/);
    expect(errors[0].message).toMatch(/"1 to 2" then "3 to 5" leaves out values between 2 and 3/);
    expect(errors[1].message).toMatch(/"3 to 5" then "6 to under 11" leaves out values between 5 and 6/);
  });

  it("a substantive closed question or item column without Don't know", () => {
    const errors = planted((v4) => {
      const v = element(v4, "gov_validators");
      v.choices = v.choices.filter((c: any) => c.value !== "dont_know");
      delete (v4.questionnaire as any).dontKnowExempt;
    });
    expect(errors.map((e) => e.element).sort()).toEqual(["question cs_willing", "question gov_validators"]);
    expectOnly(errors, "la-data-audit/v4/questionnaire.json", /^question (gov_validators|cs_willing)$/, /without a "Don't know" choice/);
  });

  it("rules without the basis of their thresholds, or a capability dimension that reuses item feasibility", () => {
    const errors = planted((v4) => {
      const r = v4.rules as any;
      delete r.bandsBasis;
      r.capability.dimensions[0].includeItemFeasibility = { weight: 4 };
    });
    expectOnly(errors, "la-data-audit/v4/rules.json", /^(bandsBasis|capability\.dimensions data)$/, /state why the band thresholds|reuses item feasibility/);
    expect(errors).toHaveLength(2);
  });
});

describe("numeric band parsing", () => {
  it("reads ranges in the wordings the questionnaire uses", () => {
    expect(parseRange("1 to under 3")).toMatchObject({ lo: 1, hi: 3, hiInclusive: false });
    expect(parseRange("75% to 89%")).toMatchObject({ lo: 75, hi: 89, hiInclusive: true });
    expect(parseRange("Less than 1")).toMatchObject({ lo: 0, hi: 1 });
    expect(parseRange("11 or more")).toMatchObject({ lo: 11, hi: Infinity });
    expect(parseRange("3 years to under 5")).toMatchObject({ lo: 3, hi: 5, hiInclusive: false });
    expect(bandGaps(["Less than 50%", "50% to under 75%", "75% to under 90%", "90% or more"])).toEqual([]);
    expect(bandGaps(["Less than 50%", "50% to 74%", "75% to 89%", "90% or more"])).toHaveLength(2);
  });
});
