import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { checkChanges, compileStructure } from "../../../server/domain/responses/structure.ts";
import { mergeChanges, type MergeState } from "../../../server/domain/responses/merge.ts";

const survey = JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8"));
const structure = compileStructure(survey);

function save(state: MergeState, base: number, changes: Record<string, unknown>) {
  const checked = checkChanges(structure, changes);
  expect(checked.errors).toEqual([]);
  const result = mergeChanges(state, base, checked.changes, structure);
  if (result.ok) return { state: { data: result.data, version: result.version, fieldVersions: result.fieldVersions }, result };
  return { state, result };
}

const empty: MergeState = { data: {}, version: 0, fieldVersions: {} };

describe("mergeChanges", () => {
  it("two contributors changing different questions from the same base both keep their answers", () => {
    const a = save(empty, 0, { lead_name: "Ann" });
    const b = save(a.state, 0, { case_system: "mosaic" });
    expect(b.result.ok).toBe(true);
    expect(b.state.data).toEqual({ lead_name: "Ann", case_system: "mosaic" });
    expect(b.state.version).toBe(2);
    // the second contributor is told about the first one's answer
    expect(b.result.ok && b.result.updates).toEqual({ lead_name: "Ann" });
  });

  it("colleagues filling different rows of one matrix both keep their rows", () => {
    const a = save(empty, 0, { "items_safe.di_referral_date": { recorded: "structured" } });
    const b = save(a.state, 0, { "items_safe.di_cp_plan_start": { recorded: "free_text", extractable: "no" } });
    expect(b.result.ok).toBe(true);
    expect(b.state.data.items_safe).toEqual({
      di_referral_date: { recorded: "structured" },
      di_cp_plan_start: { recorded: "free_text", extractable: "no" },
    });
  });

  it("a change to a question someone else changed since the base version is a conflict with both values, and nothing is written", () => {
    const a = save(empty, 0, { lead_name: "Ann" });
    const b = save(a.state, 0, { lead_name: "Bob", case_system: "mosaic" });
    expect(b.result).toEqual({ ok: false, conflicts: [{ question: "lead_name", yours: "Bob", theirs: "Ann" }] });
    expect(b.state).toBe(a.state);
  });

  it("the same row of a matrix changed by two people is a conflict", () => {
    const a = save(empty, 0, { "maturity.quality": 2 });
    const b = save(a.state, 0, { maturity: { quality: 5 } });
    expect(b.result).toEqual({ ok: false, conflicts: [{ question: "maturity.quality", yours: 5, theirs: 2 }] });
  });

  it("saving the value already stored is not a conflict and does not bump the version", () => {
    const a = save(empty, 0, { lead_name: "Ann" });
    const b = save(a.state, 0, { lead_name: "Ann" });
    expect(b.result.ok).toBe(true);
    expect(b.state.version).toBe(1);
  });

  it("a change based on the latest version overwrites (the person saw the other value)", () => {
    const a = save(empty, 0, { lead_name: "Ann" });
    const b = save(a.state, 1, { lead_name: "Bob" });
    expect(b.result.ok).toBe(true);
    expect(b.state.data.lead_name).toBe("Bob");
    expect(b.result.ok && b.result.applied).toEqual([{ question: "lead_name", oldValue: "Ann", newValue: "Bob" }]);
  });

  it("clearing a row removes it, and clearing the last row removes the matrix", () => {
    const a = save(empty, 0, { "maturity.quality": 2 });
    const b = save(a.state, 1, { "maturity.quality": null });
    expect(b.state.data).toEqual({});
  });

  it("property: concurrent saves to disjoint fields never lose an answer", () => {
    const fields = ["lead_name", "notes", "maturity.governance", "maturity.quality", "items_safe.di_referral_date", "items_safe.di_cp_plan_start"];
    const valueFor = (f: string, i: number) =>
      f.startsWith("maturity") ? (i % 5) + 1 : f.startsWith("items_safe") ? { recorded: "structured" } : `v${i}`;
    fc.assert(
      fc.property(fc.shuffledSubarray(fields, { minLength: 1 }), fc.nat(50), (order, seed) => {
        let state = empty;
        const expected: Record<string, unknown> = {};
        order.forEach((f, i) => {
          const v = valueFor(f, seed + i);
          expected[f] = v;
          state = save(state, 0, { [f]: v }).state; // everyone based on version 0
        });
        for (const [f, v] of Object.entries(expected)) {
          const [q, row] = f.split(".");
          const stored = row ? (state.data[q] as Record<string, unknown>)[row] : state.data[q];
          expect(stored).toEqual(v);
        }
      }),
    );
  });
});

describe("mergeChanges purity", () => {
  it("never mutates the stored state it merges against", () => {
    const state: MergeState = { data: { maturity: { governance: 1 }, lead_name: "Ann" }, version: 1, fieldVersions: { "maturity.governance": 1, lead_name: 1 } };
    const snapshot = structuredClone(state);
    const checked = checkChanges(structure, { "maturity.quality": 3, "maturity.governance": null, lead_name: "Bob", notes: "x" });
    const r = mergeChanges(state, 1, checked.changes, structure);
    expect(r.ok).toBe(true);
    expect(state).toEqual(snapshot);
    expect(r.ok && r.data).toEqual({ maturity: { quality: 3 }, lead_name: "Bob", notes: "x" });
    expect(r.ok && r.touchedKeys.sort()).toEqual(["lead_name", "maturity", "notes"]);
  });
});
