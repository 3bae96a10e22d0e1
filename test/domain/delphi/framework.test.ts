import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { FRAMEWORK_RULES, recommend, type Feasibility, type Importance } from "../../../server/domain/delphi/framework.ts";

const agreed: Importance = { kind: "consensus", consensus: "in", round: 2, pct7to9: 82, pct1to3: 4 };
const feas = (ready: number, dev: number, not: number, nei = 0): Feasibility => ({
  n: ready + dev + not + nei,
  readyNow: ready,
  feasibleWithDevelopment: dev,
  notFeasibleNow: not,
  notEnoughInformation: nei,
});

describe("framework recommendation", () => {
  it("recommends national collection when important and Ready now in at least 60% of submitted LAs", () => {
    const r = recommend({ importance: agreed, feasibility: feas(6, 2, 2), collectedNationally: false });
    expect(r.recommendation).toBe("recommend_national");
    expect(r.reason).toBe("The panel agreed it is critical in round 2 (82% rated 7–9), and 60% of 10 submitted LAs could supply it now.");
  });
  it("does not count Not enough information as feasible", () => {
    // 6 ready of 11 submitted: 54.5% ready now, so not recommended for national collection
    expect(recommend({ importance: agreed, feasibility: feas(6, 0, 4, 1), collectedNationally: false }).recommendation).toBe("development_priority");
    expect(recommend({ importance: agreed, feasibility: feas(2, 2, 1, 5), collectedNationally: false }).recommendation).toBe("local_use_only");
  });
  it("makes a development priority when most could supply it with development", () => {
    expect(recommend({ importance: agreed, feasibility: feas(2, 5, 3), collectedNationally: false }).recommendation).toBe("development_priority");
  });
  it("drops what the panel agreed is unimportant, and what the meeting excluded", () => {
    const out: Importance = { kind: "consensus", consensus: "out", round: 1, pct7to9: 5, pct1to3: 80 };
    expect(recommend({ importance: out, feasibility: feas(10, 0, 0), collectedNationally: false }).recommendation).toBe("drop");
    const excluded: Importance = { kind: "meeting", decision: "exclude", reason: "duplicate of another" };
    expect(recommend({ importance: excluded, feasibility: feas(10, 0, 0), collectedNationally: false }).reason).toContain("duplicate of another");
  });
  it("uses the meeting's include for items without consensus", () => {
    const included: Importance = { kind: "meeting", decision: "include", reason: "needed for outcome 3" };
    expect(recommend({ importance: included, feasibility: feas(7, 2, 1), collectedNationally: false }).recommendation).toBe("recommend_national");
  });
  it("says feasibility was not assessed for items without data items, and notes national returns", () => {
    expect(recommend({ importance: agreed, feasibility: null, collectedNationally: false }).recommendation).toBe("feasibility_not_assessed");
    expect(recommend({ importance: agreed, feasibility: feas(0, 0, 0), collectedNationally: false }).recommendation).toBe("feasibility_not_assessed");
    expect(recommend({ importance: agreed, feasibility: feas(1, 1, 8), collectedNationally: true }).recommendation).toBe("already_collected");
  });
  it("gives every input a class from the rule list, and a reason", () => {
    const importance = fc.oneof(
      fc.record({ kind: fc.constant("consensus" as const), consensus: fc.constantFrom("in" as const, "out" as const, "none" as const), round: fc.integer({ min: 1, max: 3 }), pct7to9: fc.nat(100), pct1to3: fc.nat(100) }),
      fc.record({ kind: fc.constant("meeting" as const), decision: fc.constantFrom("include" as const, "exclude" as const), reason: fc.string({ minLength: 1 }) }),
    );
    const feasibility = fc.option(fc.tuple(fc.nat(50), fc.nat(50), fc.nat(50), fc.nat(50)).map(([a, b, c, d]) => feas(a, b, c, d)));
    fc.assert(
      fc.property(importance, feasibility, fc.boolean(), (imp, f, nat) => {
        const r = recommend({ importance: imp, feasibility: f, collectedNationally: nat });
        if (!FRAMEWORK_RULES.some((rule) => rule.id === r.recommendation) || r.reason.length < 10) return false;
        // reference: recommend_national exactly when important, assessed, not national, ready ≥ 60%
        const important = imp.kind === "meeting" ? imp.decision === "include" : imp.consensus === "in";
        const expectNational = important && !!f && f.n > 0 && !nat && (f.readyNow * 100) / f.n >= 59.95;
        return (r.recommendation === "recommend_national") === expectNational;
      }),
    );
  });
});
