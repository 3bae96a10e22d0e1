/**
 * Partial responses on the real v3 definition ("missing answers give Not enough information").
 * v3 requires recorded, extractable and completeness for an item to be scored; history stays optional
 * (weighted in the mean when given). A gate that already fixes the item at 0 (not recorded) still gives 0.
 */
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../../server/domain/definitions/load-definitions.ts";
import { itemQuestionName, type LoadedDefinition } from "../../../server/domain/definitions/types.ts";
import { scoreResponse } from "../../../server/domain/scoring/score-response.ts";

const registry = loadDefinitions();
const v2 = registry.get("la-data-audit", 2);
const v3 = registry.get("la-data-audit", 3);

const FULL = { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y5_plus" };

/** Every item answered FULL except `itemId`, which gets `row`. */
function score(def: LoadedDefinition, itemId: string, row: Record<string, string>) {
  const data: Record<string, Record<string, Record<string, string>>> = {};
  for (const item of def.catalogue.dataItems) {
    (data[itemQuestionName(item.area)] ??= {})[item.id] = item.id === itemId ? row : FULL;
  }
  const r = scoreResponse({ catalogue: def.catalogue, rules: def.rules, data });
  const item = r.items.find((i) => i.itemId === itemId)!;
  const needing = r.indicators.filter((ind) => ind.items.some((x) => x.itemId === itemId && x.required));
  return { item, needing };
}

// An item several indicators require, present in v2 and v3.
const target = v3.catalogue.indicators.flatMap((i) => i.dataItems.filter((d) => d.required).map((d) => d.id))[0];

describe("v3 scoring of partial item answers", () => {
  it("requires recorded, extractable and completeness; history is optional", () => {
    expect(v3.rules.item.requiredAspects).toEqual(["recorded", "extractable", "completeness"]);
    expect(v3.rules.item.combine).toBe("weighted_mean");
    expect(v3.catalogue.dataItems.some((d) => d.id === target)).toBe(true);
  });

  it("recorded: structured alone is not enough information (v2 scored it 100, Ready now)", () => {
    const old = score(v2, target, { recorded: "structured" });
    expect(old.item.score).toBe(100);

    const { item, needing } = score(v3, target, { recorded: "structured" });
    expect(item.score).toBeNull();
    expect(item.status).toBe("not_enough_information");
    expect(item.missingAspects).toEqual(["extractable", "completeness"]);
    expect(item.steps.join(" ")).toMatch(/Extractable at child level \(not answered\) and Completeness \(not answered\) are required aspects/);
    expect(needing.length).toBeGreaterThan(0);
    for (const ind of needing) {
      expect(ind.band).toBe("not_enough_information");
      expect(ind.score).toBeNull();
      expect(ind.weakestItemIds).toContain(target);
    }
  });

  it("a missing or don't-know completeness is not enough information, even with history answered", () => {
    for (const completeness of [undefined, "dont_know"]) {
      const row: Record<string, string> = { recorded: "structured", extractable: "yes", history: "y5_plus" };
      if (completeness) row.completeness = completeness;
      const { item, needing } = score(v3, target, row);
      expect(item.score, String(completeness)).toBeNull();
      expect(item.missingAspects).toEqual(["completeness"]);
      for (const ind of needing) expect(ind.band).toBe("not_enough_information");
    }
  });

  it("free text or another system with completeness missing is not enough information (their caps are above 0)", () => {
    for (const recorded of ["free_text", "other_system"]) {
      const { item } = score(v3, target, { recorded, extractable: "partly" });
      expect(item.score, recorded).toBeNull();
      expect(item.missingAspects).toEqual(["completeness"]);
    }
    // extractable "no" caps at 20, not 0: still not enough information without completeness
    expect(score(v3, target, { recorded: "structured", extractable: "no" }).item.score).toBeNull();
  });

  it("not recorded scores 0 (not NEI): the gate fixes the item at 0 whatever the hidden columns would say", () => {
    const { item, needing } = score(v3, target, { recorded: "not_recorded" });
    expect(item.score).toBe(0);
    expect(item.status).toBe("scored");
    expect(item.barriers).toContain("not_recorded");
    expect(item.gates.map((g) => [g.aspect, g.value, g.cap])).toEqual([["recorded", "not_recorded", 0]]);
    expect(item.steps.join(" ")).toMatch(/no answer there could raise the item above 0, so the item scores 0/);
    expect(needing.length).toBeGreaterThan(0);
    for (const ind of needing) {
      expect(ind.score).toBe(0);
      expect(ind.band).toBe("not_feasible_now");
    }
  });

  it("recorded don't know is not enough information", () => {
    expect(score(v3, target, { recorded: "dont_know" }).item.score).toBeNull();
  });

  it("the three required aspects answered, history blank: scored on them (history optional)", () => {
    const { item, needing } = score(v3, target, { recorded: "structured", extractable: "yes", completeness: "c90_100" });
    expect(item.score).toBe(100);
    for (const ind of needing) expect(ind.band).toBe("ready_now");
    const weaker = score(v3, target, { recorded: "structured", extractable: "yes", completeness: "c75_89" }).item.score;
    // weighted mean of recorded 100 (w4), extractable 100 (w3), completeness 75 (w2)
    expect(weaker).toBe(Math.round((4 * 100 + 3 * 100 + 2 * 75) / 9));
  });

  it("history, when given, is weighted into the mean", () => {
    const { item } = score(v3, target, { recorded: "structured", extractable: "yes", completeness: "c90_100", history: "y0_1" });
    expect(item.score).toBe(Math.round((4 * 100 + 3 * 100 + 2 * 100 + 1 * 25) / 10));
  });
});
