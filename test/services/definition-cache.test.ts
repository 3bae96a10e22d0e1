import { describe, expect, it } from "vitest";
import { DefinitionCache, type DefinitionLike, type DefinitionSource } from "../../server/services/definition-cache.ts";
import type { Queryable } from "../../server/repositories/queryable.ts";

const survey = { pages: [{ name: "p1", elements: [{ type: "text", name: "q1" }, { type: "comment", name: "q2" }] }] };
const definition = { surveyId: "s", version: 1, hash: "h1", survey, catalogue: undefined, rules: undefined, estimate: undefined } as unknown as DefinitionLike;

function countingSource(): { source: () => Promise<DefinitionSource>; calls: () => number } {
  let calls = 0;
  return {
    calls: () => calls,
    source: async () => {
      calls++;
      return { current: () => definition, find: (id: string, v: number) => (id === "s" && v === 1 ? definition : undefined) };
    },
  };
}

// Only a version missing from the registry reads the database; these tests never ask for one.
const noDatabase = {} as Queryable;

describe("DefinitionCache", () => {
  it("compiles a definition once for requests that arrive together, so the first respondents do not each wait for a compile", async () => {
    const s = countingSource();
    const cache = new DefinitionCache(s.source);
    const ref = { surveyId: "s", definitionVersion: 1, definitionHash: "h1" };
    const all = await Promise.all([cache.forResponse(noDatabase, ref), cache.forResponse(noDatabase, ref), cache.forResponse(noDatabase, ref)]);
    expect(s.calls()).toBe(1);
    expect(all[1].structure).toBe(all[0].structure);
    expect(all[2].structure).toBe(all[0].structure);
    expect(all[0].structure.questions.has("q1")).toBe(true);
  });

  it("warmCurrent compiles the current definition ahead of the first request", async () => {
    const s = countingSource();
    const cache = new DefinitionCache(s.source);
    await cache.warmCurrent(noDatabase);
    const calls = s.calls();
    const r = await cache.forResponse(noDatabase, { surveyId: "s", definitionVersion: 1, definitionHash: "h1" });
    expect(s.calls()).toBe(calls);
    expect(r.version).toBe(1);
  });
});
