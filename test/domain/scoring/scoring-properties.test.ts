/**
 * Property tests (fast-check) of the scoring rules on the fixture rules, with both combine modes.
 * The same properties run against the real survey definitions in real-definitions.test.ts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Catalogue, ScoringRules } from "../../../server/domain/definitions/types.ts";
import { checkRulesOrder } from "../../../server/domain/scoring/rules-order.ts";
import { loadScoringFixture } from "../../fixtures/scoring/load-fixture.ts";
import { checkScoringProperties } from "./scoring-property-checks.ts";

const fixture = loadScoringFixture();
const weighted: { catalogue: Catalogue; rules: ScoringRules } = loadScoringFixture();
weighted.rules.item.combine = "weighted_mean";

describe.each([
  ["min", fixture],
  ["weighted_mean", weighted],
])("scoring properties (fixture rules, combine %s)", (_name, defs) => {
  it("has consistent rules (no higher-points value capped below a lower one)", () => {
    expect(checkRulesOrder(defs.rules)).toEqual([]);
  });
  checkScoringProperties(() => defs, { numRuns: 300 });
});

describe("checkRulesOrder", () => {
  it("flags a value that earns more points but is capped lower", () => {
    const fx = loadScoringFixture();
    fx.rules.item.gates.push({ aspect: "recorded", values: ["other_system"], cap: 20, explanation: "bad gate" });
    expect(checkRulesOrder(fx.rules)).toEqual([
      'recorded: "other_system" earns 50 points but is capped at 20, below "free_text" (40 points, cap 30)',
    ]);
  });
});

// keep fc referenced so a missing dev dependency fails loudly here
void fc;
