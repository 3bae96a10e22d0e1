/**
 * The stopping rule, IPRAS and attrition against examples worked by hand (the arithmetic is in the
 * comments), and IPRAS against an independent reference on random panels.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { attrition, disagreement, itemStopping, randUclaConsensus, studyStopping } from "../../../server/domain/delphi/stopping.ts";

describe("IPRAS disagreement (RAND/UCLA)", () => {
  it("a skewed but agreeing panel: no disagreement, median 8 counts as 'in'", () => {
    // sorted 1 2 3 7 8 9 9 9 9 (n = 9). P30 at (9-1)x0.3 = 2.4: 3 + 0.4x(7-3) = 4.6; P70 at 5.6: 9 + 0.6x(9-9) = 9.
    // IPR 4.4; centre 6.8, AI |5 - 6.8| = 1.8; IPRAS 2.35 + 1.5x1.8 = 5.05; DI 4.4 / 5.05 = 0.871
    const d = disagreement([9, 1, 8, 9, 2, 9, 3, 7, 9])!;
    expect(d).toEqual({ p30: 4.6, p70: 9, ipr: 4.4, asymmetry: 1.8, ipras: 5.05, index: 0.871, disagree: false });
    expect(randUclaConsensus(8, d)).toBe("in");
  });
  it("a polarised panel disagrees", () => {
    // five 1s and five 9s (n = 10): P30 at 2.7 = 1, P70 at 6.3 = 9; IPR 8; centre 5, AI 0; IPRAS 2.35; DI 8 / 2.35 = 3.404
    const d = disagreement([1, 1, 1, 1, 1, 9, 9, 9, 9, 9])!;
    expect(d).toMatchObject({ ipr: 8, asymmetry: 0, ipras: 2.35, index: 3.404, disagree: true });
    expect(randUclaConsensus(5, d)).toBe("none");
  });
  it("median 7 with disagreement is not consensus under the RAND/UCLA rule", () => {
    // 1 1 1 1 7 7 8 9 9 9: median 7; P30 at 2.7 = 1; P70 at 6.3 = 8 + 0.3x(9-8) = 8.3; IPR 7.3;
    // centre 4.65, AI 0.35; IPRAS 2.35 + 0.525 = 2.875; DI 7.3 / 2.875 = 2.539
    const d = disagreement([1, 1, 1, 1, 7, 7, 8, 9, 9, 9])!;
    expect(d).toMatchObject({ p30: 1, p70: 8.3, ipr: 7.3, ipras: 2.875, index: 2.539, disagree: true });
    expect(randUclaConsensus(7, d)).toBe("none");
  });
  it("a tight panel at the top, and 'unable to rate' left out", () => {
    // 7 7 8 8 8 8 9 9 9 9: P30 at 2.7 = 8, P70 at 6.3 = 9; IPR 1; centre 8.5, AI 3.5; IPRAS 7.6; DI 0.132
    expect(disagreement([7, 7, 8, 8, 8, 8, 9, 9, 9, 9, "unable"])).toMatchObject({ ipr: 1, ipras: 7.6, index: 0.132, disagree: false });
    expect(randUclaConsensus(2, disagreement([1, 2, 2, 3]))).toBe("out");
    expect(disagreement(["unable"])).toBeNull();
    expect(randUclaConsensus(null, null)).toBe("none");
  });
  it("matches an independent reference on random panels", () => {
    const reference = (xs: number[]) => {
      const s = [...xs].sort((a, b) => a - b);
      const at = (p: number) => {
        const pos = p * (s.length - 1);
        const below = s[Math.floor(pos)];
        const above = s[Math.min(s.length - 1, Math.floor(pos) + 1)];
        return below + (pos - Math.floor(pos)) * (above - below);
      };
      const ipr = at(0.7) - at(0.3);
      const ipras = 2.35 + 1.5 * Math.abs(5 - (at(0.3) + at(0.7)) / 2);
      return ipr > ipras;
    };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 40 }), (xs) => {
        const d = disagreement(xs)!;
        // the index is rounded to 3 places for display; the decision is taken on the exact ratio
        return d.disagree === reference(xs);
      }),
    );
  });
});

describe("item stopping rule", () => {
  const rule = { maxRounds: 3, stabilityThresholdPct: 15 };
  it("consensus or stability (the default)", () => {
    expect(itemStopping({ round: 2, consensus: "none", stability: 10 }, rule)).toMatchObject({ stopped: true, stable: true, consensusReached: false });
    expect(itemStopping({ round: 2, consensus: "in", stability: 40 }, rule)).toMatchObject({ stopped: true, stable: false, consensusReached: true });
    const going = itemStopping({ round: 2, consensus: "none", stability: 20 }, rule);
    expect(going).toMatchObject({ stopped: false, stable: false });
    expect(going.sentence).toBe("Round 2: no consensus; 20% moved category since the previous round (not below the 15% threshold). Rate again.");
    // exactly at the threshold is not below it
    expect(itemStopping({ round: 2, consensus: "none", stability: 15 }, rule).stopped).toBe(false);
    expect(itemStopping({ round: 1, consensus: "none", stability: null }, rule)).toMatchObject({ stopped: false, stable: null });
    expect(itemStopping(null, rule)).toMatchObject({ round: null, stopped: false });
  });
  it("consensus and stability; stability alone", () => {
    const both = { ...rule, stopWhen: "consensusAndStable" as const };
    expect(itemStopping({ round: 2, consensus: "in", stability: 40 }, both).stopped).toBe(false);
    expect(itemStopping({ round: 2, consensus: "out", stability: 10 }, both).stopped).toBe(true);
    const stable = { ...rule, stopWhen: "stable" as const };
    expect(itemStopping({ round: 1, consensus: "in", stability: null }, stable).stopped).toBe(false);
    expect(itemStopping({ round: 2, consensus: "none", stability: 0 }, stable).stopped).toBe(true);
  });
  it("recommends closing the study when every item of the last closed round has stopped, or at the maximum", () => {
    const stopped = itemStopping({ round: 2, consensus: "in", stability: 0 }, rule);
    const going = itemStopping({ round: 2, consensus: "none", stability: 50 }, rule);
    const earlier = itemStopping({ round: 1, consensus: "in", stability: null }, rule); // not rated in round 2
    const another = studyStopping(2, null, [stopped, going, earlier], rule);
    expect(another).toMatchObject({ close: false, itemsStopped: 1, itemsContinuing: 1, roundsHeld: 2 });
    expect(another.sentence).toBe("Another round is recommended: 1 of the 2 items rated in round 2 have not stopped under the stopping rule (1 more round is allowed).");
    expect(studyStopping(2, null, [stopped, earlier], rule)).toMatchObject({ close: true, itemsStopped: 1, itemsContinuing: 0 });
    expect(studyStopping(3, null, [going], { ...rule, maxRounds: 3 }).close).toBe(true);
    expect(studyStopping(0, 1, [], rule)).toMatchObject({ close: false, sentence: "No round has closed yet. Round 1 is still open." });
  });
});

describe("attrition by round and group", () => {
  it("counts, of those who submitted the previous round, who did not submit this one", () => {
    const r1 = { number: 1, participants: [["a1", "a", true], ["a2", "a", true], ["a3", "a", false], ["b1", "b", true], ["b2", "b", false]].map(([panellistId, group, submitted]) => ({ panellistId: panellistId as string, group: group as string, submitted: submitted as boolean })) };
    const r2 = { number: 2, participants: [["a1", "a", true], ["a2", "a", false], ["b1", "b", true]].map(([panellistId, group, submitted]) => ({ panellistId: panellistId as string, group: group as string, submitted: submitted as boolean })) };
    const [one, two] = attrition([r1, r2], ["a", "b"]);
    expect(one).toMatchObject({ round: 1, invited: 5, responded: 3, previousResponded: null, retained: null, attritionPct: null });
    // round 2: 3 submitted round 1 (a1, a2, b1); 2 of them submitted again: attrition 1/3 = 33.3%
    expect(two).toMatchObject({ round: 2, invited: 3, responded: 2, previousResponded: 3, retained: 2, attritionPct: 33.3 });
    expect(two.byGroup).toEqual([
      { group: "a", invited: 2, responded: 1, previousResponded: 2, retained: 1, attritionPct: 50 },
      { group: "b", invited: 1, responded: 1, previousResponded: 1, retained: 1, attritionPct: 0 },
    ]);
  });
});

describe("locked parts of the settings", () => {
  it("are compared whatever the order of their keys (the database and the API order them differently)", async () => {
    const { DEFAULT_SETTINGS, rulesChanged } = await import("../../../server/domain/delphi/settings.ts");
    const reordered = { ...DEFAULT_SETTINGS, consensus: Object.fromEntries(Object.entries(DEFAULT_SETTINGS.consensus).reverse()) as typeof DEFAULT_SETTINGS.consensus };
    expect(rulesChanged(DEFAULT_SETTINGS, reordered)).toBe(false);
    expect(rulesChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, stopping: { maxRounds: 5, stabilityThresholdPct: 10 } })).toBe(false);
    expect(rulesChanged(DEFAULT_SETTINGS, { ...DEFAULT_SETTINGS, consensus: { ...DEFAULT_SETTINGS.consensus, minGroupRaters: 4 } })).toBe(true);
  });
});

describe("attrition bias", () => {
  it("compares the round-1 ratings of those who stayed to the last round with those who left", async () => {
    const { attritionBias } = await import("../../../server/domain/delphi/stopping.ts");
    const part = (ids: string[], submitted: string[]) => ids.map((panellistId) => ({ panellistId, submitted: submitted.includes(panellistId) }));
    const r1 = {
      number: 1,
      participants: part(["a", "b", "c", "d", "e"], ["a", "b", "c", "d"]), // e never submitted: not counted
      ratings: [["a", 9], ["b", 8], ["c", 2], ["d", 3], ["e", 9]].map(([panellistId, rating]) => ({ panellistId: panellistId as string, itemId: "1", rating: rating as number })),
    };
    const r2 = { number: 2, participants: part(["a", "b", "c", "d"], ["a", "b"]), ratings: [] };
    // stayed: a 9, b 8 -> median 8.5, 100% 7-9; left: c 2, d 3 -> median 2.5, 0% 7-9
    expect(attritionBias([r1, r2], "1")).toEqual({ stayed: { n: 2, median: 8.5, pct7to9: 100 }, left: { n: 2, median: 2.5, pct7to9: 0 } });
    expect(attritionBias([r1], "1")).toBeNull();
    expect(attritionBias([r1, r2], "other")).toEqual({ stayed: { n: 0, median: null, pct7to9: null }, left: { n: 0, median: null, pct7to9: null } });
  });
});
