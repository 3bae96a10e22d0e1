import { describe, expect, it } from "vitest";
import {
  buildRequest,
  fieldOf,
  initialRunForm,
  inputIdFor,
  localErrors,
  runFormReducer,
  type RunFormAction,
} from "../../../client/src/console/case-study-run-form-state.ts";
import { NO_RUNS, nextRunNumber, runsReducer, type Run, type RunResponse } from "../../../client/src/console/case-study-runs-state.ts";
import { ATTRIBUTES } from "../../../client/src/console/case-study-result.tsx";

const edit = (...actions: RunFormAction[]) => actions.reduce(runFormReducer, initialRunForm());

describe("case-study selection form", () => {
  it("asks for 4 LAs in wave 1 with the default weights and no limits when nothing is changed", () => {
    const r = buildRequest(initialRunForm());
    expect(r).toMatchObject({ wave: 1, k: 4, seed: undefined, declined: [], keep: [], includeMaybe: false });
    expect(r.constraints).toEqual({ mustInclude: [], mustExclude: [], atMostOnePerRegion: false, minPerType: undefined, maxPerType: undefined });
    expect(r.weights).toEqual(Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a.defaultWeight])));
    expect(localErrors(r)).toEqual({});
  });

  it("sends what was typed: codes once each, only the type limits filled in, a reset restoring the weights", () => {
    const form = edit(
      { type: "wave", wave: 2 },
      { type: "text", field: "k", value: "3" },
      { type: "text", field: "seed", value: "7" },
      { type: "text", field: "mustInclude", value: "205, 840;205  301" },
      { type: "flag", field: "onePerRegion", value: true },
      { type: "typeLimit", limit: "minPerType", laType: "London borough", value: "1" },
      { type: "typeLimit", limit: "maxPerType", laType: "county council", value: "" },
      { type: "weight", attribute: ATTRIBUTES[0].key, value: "9" },
    );
    const r = buildRequest(form);
    expect(r).toMatchObject({ wave: 2, k: 3, seed: 7 });
    expect(r.constraints).toMatchObject({ mustInclude: ["205", "840", "301"], atMostOnePerRegion: true, minPerType: { "London borough": 1 }, maxPerType: undefined });
    expect(r.weights[ATTRIBUTES[0].key]).toBe(9);
    expect(buildRequest(runFormReducer(form, { type: "resetWeights" })).weights[ATTRIBUTES[0].key]).toBe(ATTRIBUTES[0].defaultWeight);
  });

  it("names the field of each mistake before asking the server", () => {
    const form = edit(
      { type: "text", field: "k", value: "7" },
      { type: "text", field: "mustExclude", value: "12a" },
      { type: "weight", attribute: ATTRIBUTES[1].key, value: "" },
      { type: "typeLimit", limit: "maxPerType", laType: "unitary authority", value: "1.5" },
    );
    const e = localErrors(buildRequest(form));
    expect(e.k).toMatch(/1 to 6/);
    expect(e.mustExclude).toMatch(/not a code: 12a/);
    expect(e[`weights.${ATTRIBUTES[1].key}`]).toMatch(new RegExp(`Weight for ${ATTRIBUTES[1].label.toLowerCase()}`));
    expect(e.maxPerType).toMatch(/Maximum for unitary authority/);
  });

  it("shows an API error by the field it names, and anything else with the constraints", () => {
    expect(fieldOf("body.constraints.mustInclude.0")).toBe("mustInclude");
    expect(fieldOf("weights.region")).toBe("weights.region");
    expect(fieldOf("declineSaved")).toBe("declined");
    expect(fieldOf("k")).toBe("k");
    expect(fieldOf("candidates")).toBe("constraints");
    expect(fieldOf(undefined)).toBe("constraints");
    expect(inputIdFor("weights.region")).toBe("cs-w-region");
    expect(inputIdFor("maxPerType")).toBe("cs-type-limits");
  });
});

describe("runs this session", () => {
  const run = (n: number): Run => ({ n, request: buildRequest(initialRunForm()), result: {} as Run["result"], saved: null });

  it("shows a new run at once and compares it with the one before", () => {
    let s = runsReducer(NO_RUNS, { type: "added", run: run(nextRunNumber(NO_RUNS)) });
    expect(s).toMatchObject({ shown: 1, compareA: null, compareB: 1 });
    s = runsReducer(s, { type: "added", run: run(nextRunNumber(s)) });
    expect(s).toMatchObject({ shown: 2, compareA: 1, compareB: 2 });
    s = runsReducer(s, { type: "show", n: 1 });
    s = runsReducer(s, { type: "compare", side: "b", n: 1 });
    expect(s).toMatchObject({ shown: 1, compareA: 1, compareB: 1 });
    const saved = { id: "x", createdAt: "2026-12-05T18:00:00Z" };
    s = runsReducer(s, { type: "saved", n: 2, response: { result: {} as Run["result"], parameters: {} as RunResponse["parameters"], saved, run: {} as RunResponse["run"] } });
    expect(s.runs.map((r) => r.saved)).toEqual([null, saved]);
  });
});
