import { describe, expect, it } from "vitest";
import {
  buildRequest,
  fieldOf,
  fullRequest,
  initialRunForm,
  inputIdFor,
  localErrors,
  requestBody,
  requestToForm,
  runFormReducer,
  type RunFormAction,
} from "../../../client/src/console/case-study-run-form-state.ts";
import { comparedRuns, type RunSummary } from "../../../client/src/console/case-study-runs-state.ts";
import { ATTRIBUTES } from "../../../client/src/console/case-study-result.tsx";

const edit = (...actions: RunFormAction[]) => actions.reduce(runFormReducer, initialRunForm());

describe("case-study selection form", () => {
  it("asks for 4 LAs in wave 1 with the default weights and no limits when nothing is changed", () => {
    const r = buildRequest(initialRunForm());
    expect(r).toMatchObject({ wave: 1, k: 4, seed: undefined, declined: [], keep: [], includeMaybe: false, leaveOutDeclined: true });
    // small LAs left out by default, and said so in the request
    expect(r.smallLas).toEqual({ handling: "exclude", minChildren: 5000 });
    expect(r.constraints).toEqual({ mustInclude: [], mustExclude: [], atMostOnePerRegion: false, minPerType: undefined, maxPerType: undefined });
    expect(r.weights).toEqual(Object.fromEntries(ATTRIBUTES.map((a) => [a.key, a.defaultWeight])));
    expect(localErrors(r)).toEqual({});
  });

  it("sends what was chosen: LAs once each, only the type limits filled in, a reset restoring the weights", () => {
    const form = edit(
      { type: "wave", wave: 2 },
      { type: "text", field: "k", value: "3" },
      { type: "text", field: "seed", value: "7" },
      { type: "las", field: "mustInclude", codes: ["205", "840", "205", "301"] },
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
      { type: "las", field: "mustInclude", codes: ["205"] },
      { type: "las", field: "mustExclude", codes: ["205"] },
      { type: "text", field: "minChildren", value: "-3" },
      { type: "weight", attribute: ATTRIBUTES[1].key, value: "" },
      { type: "typeLimit", limit: "maxPerType", laType: "unitary authority", value: "1.5" },
    );
    const e = localErrors(buildRequest(form));
    expect(e.k).toMatch(/1 to 6/);
    expect(e.mustExclude).toMatch(/both included and excluded/);
    expect(e.smallLas).toMatch(/whole number from 0/);
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

describe("kept runs", () => {
  const stored = {
    wave: 1 as const,
    k: 3,
    seed: 7,
    weights: { region: 0 },
    constraints: { mustInclude: ["202"], mustExclude: ["204"], atMostOnePerRegion: true },
    declined: ["330"],
    keep: ["886"],
    includeMaybe: true,
    smallLas: { handling: "nearestType" as const, minChildren: 2000 },
    leaveOutDeclined: false,
  };

  it("loads a kept run into the form so that running it again asks for the same picks", () => {
    const form = requestToForm(stored);
    expect(form).toMatchObject({ wave: 1, k: "3", seed: "7", includeMaybe: true, onePerRegion: true, smallHandling: "nearestType", minChildren: "2000", leaveOutDeclined: false });
    // kept picks are must-includes, declined LAs must-excludes: the engine treats them alike
    expect(form.mustInclude).toEqual(["202", "886"]);
    expect(form.mustExclude).toEqual(["204", "330"]);
    expect(form.weights.region).toBe("0");
    const body = requestBody(buildRequest(form));
    expect(body).toMatchObject({ wave: 1, k: 3, seed: 7, includeMaybe: true, leaveOutDeclined: false, smallLas: { handling: "nearestType", minChildren: 2000 } });
    expect(body.constraints).toMatchObject({ mustInclude: ["202", "886"], mustExclude: ["204", "330"], atMostOnePerRegion: true });
  });

  it("a run kept before the small-LA rule existed loads with no rule; a decline re-run keeps its lists apart", () => {
    expect(requestToForm({ wave: 1, k: 4 }).smallHandling).toBe("none");
    const r = fullRequest(stored);
    expect(r.constraints.mustInclude).toEqual(["202"]);
    expect(r.keep).toEqual(["886"]);
    expect(r.declined).toEqual(["330"]);
  });

  it("compares the two newest runs unless the address names others", () => {
    const runs = [{ id: "9" }, { id: "8" }, { id: "7" }] as RunSummary[];
    expect(comparedRuns(runs, "", "")).toEqual(["8", "9"]);
    expect(comparedRuns(runs, "7", "")).toEqual(["7", "9"]);
    expect(comparedRuns([], "", "")).toEqual([null, null]);
  });
});
