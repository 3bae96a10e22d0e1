import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  agreementOf,
  observedClass,
  predictedClass,
  summariseValidation,
  FINDING_RESULTS,
  PREDICTED_BANDS,
  type FindingForValidation,
  type FindingResult,
  type PredictedBand,
} from "../../../server/domain/case-study-fieldwork/validation.ts";

let seq = 0;
function finding(predictedBand: PredictedBand, result: FindingResult, extra: Partial<FindingForValidation> = {}): FindingForValidation {
  seq += 1;
  return { laCode: "202", indicatorId: `ind_${seq}`, result, reason: result === "produced" ? null : "incomplete", predictedBand, wave: 1, capabilityBand: "developing", ofstedTrajectory: "improved", ...extra };
}
const times = (n: number, f: () => FindingForValidation) => Array.from({ length: n }, f);

describe("agreement and Cohen's kappa", () => {
  it("match a hand-worked 3 x 3 table, with Not enough information counted apart", () => {
    // predicted ready: observed ready 4, develop 1, not 1; develop: ready 1, develop 2; not: develop 1, not 2; + 2 NEI
    const findings = [
      ...times(4, () => finding("ready_now", "produced")),
      finding("ready_now", "produced_manually"),
      finding("ready_now", "not_produced"),
      finding("feasible_with_development", "produced"),
      finding("feasible_with_development", "produced_with_differences"),
      finding("feasible_with_development", "produced_manually"),
      finding("not_feasible_now", "produced_with_differences"),
      ...times(2, () => finding("not_feasible_now", "not_produced")),
      ...times(2, () => finding("not_enough_information", "produced")),
    ];
    const a = agreementOf(findings);
    expect(a.n).toBe(12);
    expect(a.nNotEnoughInformation).toBe(2);
    expect(a.agreement).toBeCloseTo(8 / 12, 10);
    // po = 96/144, pe = (6*5 + 3*4 + 3*3)/144 = 51/144, kappa = 45/93
    expect(a.kappa).toBeCloseTo(45 / 93, 10);
    expect(a.confusion.find((c) => c.predicted === "ready" && c.observed === "notNow")!.count).toBe(1);
    expect(a.confusion.reduce((s, c) => s + c.count, 0)).toBe(12);
  });

  it("withholds agreement and kappa below 10 comparable findings and says so", () => {
    const a = agreementOf([...times(9, () => finding("ready_now", "produced")), ...times(5, () => finding("not_enough_information", "not_produced"))]);
    expect(a).toMatchObject({ n: 9, nNotEnoughInformation: 5, agreement: null, kappa: null });
    expect(a.note).toMatch(/Only 9 findings.*at least 10/);
  });

  it("perfect agreement across classes gives kappa 1; all in one class leaves kappa undefined", () => {
    const perfect = [...times(5, () => finding("ready_now", "produced")), ...times(5, () => finding("not_feasible_now", "not_produced"))];
    expect(agreementOf(perfect).kappa).toBeCloseTo(1, 10);
    const one = agreementOf(times(10, () => finding("ready_now", "produced")));
    expect(one.agreement).toBe(1);
    expect(one.kappa).toBeNull();
    expect(one.note).toMatch(/undefined/);
  });

  it("agree with a brute-force count over every pair of findings", () => {
    const arb = fc.array(fc.record({ band: fc.constantFrom(...PREDICTED_BANDS), result: fc.constantFrom(...FINDING_RESULTS) }), { minLength: 0, maxLength: 60 });
    fc.assert(
      fc.property(arb, (rows) => {
        const findings = rows.map((r) => finding(r.band, r.result));
        const a = agreementOf(findings);
        const comparable = findings.filter((f) => predictedClass(f.predictedBand) !== null);
        const n = comparable.length;
        expect(a.n).toBe(n);
        expect(a.nNotEnoughInformation).toBe(findings.length - n);
        if (n < 10) {
          expect(a.kappa).toBeNull();
          expect(a.agreement).toBeNull();
          return;
        }
        let same = 0;
        for (const f of comparable) if (predictedClass(f.predictedBand) === observedClass(f.result)) same += 1;
        // chance agreement: a prediction and an observation drawn independently from all findings agree
        let pairs = 0;
        for (const f of comparable) for (const g of comparable) if (predictedClass(f.predictedBand) === observedClass(g.result)) pairs += 1;
        const po = same / n;
        const pe = pairs / (n * n);
        expect(a.agreement).toBeCloseTo(po, 10);
        if (pe >= 1 - 1e-12) expect(a.kappa).toBeNull();
        else expect(a.kappa).toBeCloseTo((po - pe) / (1 - pe), 10);
      }),
      { numRuns: 300, seed: 20261205 },
    );
  });
});

describe("validation summary", () => {
  it("groups by indicator, LA, wave, capability band and trajectory, and lists mispredictions by reason", () => {
    const findings = [
      finding("ready_now", "not_produced", { laCode: "202", indicatorId: "ind_a", reason: "not_extractable", wave: 1 }),
      finding("ready_now", "not_produced", { laCode: "204", indicatorId: "ind_a", reason: "not_extractable", wave: 2, capabilityBand: "low" }),
      finding("not_feasible_now", "produced", { laCode: "204", indicatorId: "ind_b", wave: 2, capabilityBand: "low", ofstedTrajectory: "declined" }),
      finding("ready_now", "produced", { laCode: "202", indicatorId: "ind_b", wave: 1 }),
    ];
    const s = summariseValidation(findings);
    expect(s.byIndicator.map((g) => [g.key, g.n])).toEqual([["ind_a", 2], ["ind_b", 2]]);
    expect(s.byWave.map((g) => g.key)).toEqual(["1", "2"]);
    expect(s.byCapabilityBand.map((g) => g.key)).toEqual(["developing", "low"]);
    expect(s.byOfstedTrajectory.map((g) => g.key)).toEqual(["declined", "improved"]);
    expect(s.mispredictions[0]).toMatchObject({ predicted: "ready", observed: "notNow", direction: "over", reason: "not_extractable", count: 2 });
    expect(s.mispredictions[0].findings).toEqual([{ laCode: "202", indicatorId: "ind_a" }, { laCode: "204", indicatorId: "ind_a" }]);
    expect(s.mispredictions[1]).toMatchObject({ predicted: "notNow", observed: "ready", direction: "under", count: 1 });
  });
});
