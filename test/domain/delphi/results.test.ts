import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { feedbackFor, shuffledOrder, studyResults, type RoundInput } from "../../../server/domain/delphi/results.ts";
import { DEFAULT_SETTINGS } from "../../../server/domain/delphi/settings.ts";

const settings = { ...DEFAULT_SETTINGS, groups: [{ key: "a", label: "Group A" }, { key: "b", label: "Group B" }] };

function round(number: number, ratings: [string, string, number | "unable"][], submitted: string[] = []): RoundInput {
  const who = [...new Set(ratings.map(([p, g]) => `${p}:${g}`))];
  return {
    number,
    itemIds: ["1"],
    participants: who.map((w) => ({ panellistId: w.split(":")[0], group: w.split(":")[1], submitted: submitted.includes(w.split(":")[0]) })),
    ratings: ratings.map(([panellistId, group, rating]) => ({ panellistId, group, itemId: "1", rating })),
  };
}

describe("panellist feedback", () => {
  it("shows a group only where at least 5 of its panellists rated the item", () => {
    const five = Array.from({ length: 5 }, (_, i) => [`a${i}`, "a", 8] as [string, string, number]);
    const four = Array.from({ length: 4 }, (_, i) => [`b${i}`, "b", 2] as [string, string, number]);
    const fb = feedbackFor(round(1, [...five, ...four, ["b9", "b", "unable"]]), "1", "a0", settings, ["ok"])!;
    expect(fb.byGroup.map((g) => g.group)).toEqual(["a"]);
    expect(fb).toMatchObject({ nRated: 9, yourPrevious: 8, comments: ["ok"] });
    expect(feedbackFor(round(1, [...five, ...four]), "1", "b0", settings, [])!.yourPrevious).toBe(2);
    expect(feedbackFor(round(1, five), "1", "nobody", settings, [])!.yourPrevious).toBeNull();
  });
  it("is null for an item the previous round did not include", () => {
    expect(feedbackFor(round(1, []), "2", "a0", settings, [])).toBeNull();
  });
});

describe("results over rounds", () => {
  it("count invited and submitted, and stability from the item's previous round", () => {
    const r1 = round(1, [["p1", "a", 2], ["p2", "a", 8]], ["p1", "p2"]);
    const r2 = round(2, [["p1", "a", 8], ["p2", "a", 8]], ["p1"]);
    const [item] = studyResults(["1"], [r1, r2], settings);
    expect(item.rounds.map((r) => [r.round, r.nInvited, r.nResponded, r.stability])).toEqual([
      [1, 2, 2, null],
      [2, 2, 1, 50],
    ]);
    expect(item.rounds[1].consensus).toBe("in");
  });
});

describe("randomised order", () => {
  it("is a permutation that keeps each outcome area's items together", () => {
    const items = fc.array(fc.tuple(fc.constantFrom("x", "y", "z"), fc.integer()), { maxLength: 30 }).map((xs) => xs.map(([area], i) => ({ id: String(i), outcomeArea: area })));
    fc.assert(
      fc.property(items, fc.integer({ min: 1, max: 1e9 }), (list, seed) => {
        let s = seed;
        const random = () => ((s = (s * 16807) % 2147483647) / 2147483647);
        const order = shuffledOrder(list, random);
        if ([...order].sort().join() !== list.map((i) => i.id).sort().join()) return false;
        const areas = order.map((id) => list.find((i) => i.id === id)!.outcomeArea);
        const runs = areas.filter((a, i) => i === 0 || areas[i - 1] !== a);
        return new Set(runs).size === runs.length;
      }),
    );
  });
});
