import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { classify, itemConsensus, stability, summarise, type Rating } from "../../../server/domain/delphi/consensus.ts";
import { DEFAULT_CONSENSUS } from "../../../server/domain/delphi/settings.ts";

const rule = DEFAULT_CONSENSUS;
const rep = (r: Rating, n: number): Rating[] => Array.from({ length: n }, () => r);

/** Brute-force reference: count each category by hand, compare as fractions. */
function reference(ratings: Rating[]): "in" | "out" | "none" {
  let low = 0, high = 0, n = 0;
  for (const r of ratings) {
    if (r === "unable") continue;
    n++;
    if (r <= 3) low++;
    if (r >= 7) high++;
  }
  if (n === 0) return "none";
  if (high * 100 >= 70 * n && low * 100 < 15 * n) return "in";
  if (low * 100 >= 70 * n && high * 100 < 15 * n) return "out";
  return "none";
}

const ratingArb = fc.oneof(fc.integer({ min: 1, max: 9 }), fc.constant("unable" as const));

describe("consensus on one item", () => {
  it("is in at exactly 70% rating 7-9 with under 15% rating 1-3", () => {
    expect(classify([...rep(8, 7), ...rep(5, 3)], rule)).toBe("in");
    expect(classify([...rep(8, 6), ...rep(5, 4)], rule)).toBe("none");
  });
  it("is not in when 15% or more rate 1-3, however many rate 7-9", () => {
    const ratings = [...rep(9, 17), ...rep(2, 3)]; // 85% high, 15% low
    expect(classify(ratings, rule)).toBe("none");
  });
  it("is out when 70% rate 1-3 and under 15% rate 7-9", () => {
    expect(classify([...rep(1, 8), ...rep(5, 2)], rule)).toBe("out");
  });
  it("leaves unable to rate out of the denominator", () => {
    expect(classify([...rep(8, 7), ...rep(5, 3), ...rep("unable", 10)], rule)).toBe("in");
    const s = summarise([7, 8, 9, "unable"]);
    expect(s).toMatchObject({ nRated: 3, nUnable: 1, pct7to9: 100, median: 8, q1: 7.5, q3: 8.5 });
    expect(s.distribution).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1]);
  });
  it("with nobody rating, gives no consensus and no median", () => {
    expect(classify(["unable"], rule)).toBe("none");
    expect(summarise([]).median).toBeNull();
  });
  it("agrees with a brute-force count on any ratings", () => {
    fc.assert(fc.property(fc.array(ratingArb, { maxLength: 60 }), (ratings) => classify(ratings, rule) === reference(ratings)));
  });
  it("percentages of the three categories add up to 100", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 60 }), (ratings) => {
        const s = summarise(ratings);
        return Math.abs(s.pct1to3! + s.pct4to6! + s.pct7to9! - 100) <= 0.15 && s.q1! <= s.median! && s.median! <= s.q3!;
      }),
    );
  });
});

describe("consensus across stakeholder groups", () => {
  it("needs every group with enough raters to agree with the overall result", () => {
    const groups = [
      { group: "practitioners", ratings: rep(9, 20) },
      { group: "policy", ratings: [...rep(9, 2), ...rep(5, 3)] }, // 40% high, 5 raters: judged, no consensus
    ];
    const c = itemConsensus(groups, rule);
    expect(c.overall).toBe("in");
    expect(c.byGroup).toEqual({ practitioners: "in", policy: "none" });
    expect(c.consensus).toBe("none");
    expect(itemConsensus(groups, { ...rule, scope: "overallOnly" }).consensus).toBe("in");
  });
  it("does not judge a group with fewer raters than the minimum", () => {
    const c = itemConsensus(
      [
        { group: "practitioners", ratings: rep(9, 20) },
        { group: "policy", ratings: [...rep(5, 4), "unable", "unable"] },
      ],
      rule,
    );
    expect(c.byGroup.policy).toBeNull();
    expect(c.consensus).toBe("in");
  });
});

describe("stability between rounds", () => {
  it("is the share of panellists rating in both rounds whose category changed", () => {
    const before = new Map<string, Rating>([["a", 2], ["b", 5], ["c", 8], ["d", 8], ["e", "unable"]]);
    const after = new Map<string, Rating>([["a", 3], ["b", 7], ["c", 9], ["d", 8], ["e", 9]]);
    expect(stability(before, after)).toBe(25); // b moved; e did not rate a number in round 1
  });
  it("matches a brute-force count", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(ratingArb, ratingArb), { maxLength: 40 }), (pairs) => {
        const a = new Map(pairs.map((p, i) => [String(i), p[0]]));
        const b = new Map(pairs.map((p, i) => [String(i), p[1]]));
        const cat = (r: number) => Math.ceil(r / 3);
        const both = pairs.filter(([x, y]) => x !== "unable" && y !== "unable");
        const moved = both.filter(([x, y]) => cat(x as number) !== cat(y as number)).length;
        const expected = both.length ? Math.round((1000 * moved) / both.length) / 10 : null;
        return stability(a, b) === expected;
      }),
    );
  });
});
