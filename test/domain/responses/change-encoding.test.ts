import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { decodeOldValue, encodeOldValue } from "../../../server/domain/responses/change-encoding.ts";

describe("old values of long text edits in the change log", () => {
  it("any old value round-trips exactly, whatever the new value", () => {
    const text = fc.oneof(fc.string({ minLength: 150, maxLength: 600 }), fc.string({ unit: "grapheme", minLength: 150, maxLength: 400 }));
    fc.assert(
      fc.property(text, fc.nat(600), fc.nat(600), fc.string({ maxLength: 40 }), (old, at, cut, inserted) => {
        const i = Math.min(at, old.length);
        const edited = old.slice(0, i) + inserted + old.slice(Math.min(old.length, i + (cut % 30)));
        for (const [a, b] of [[old, edited], [edited, old]]) {
          const { stored, isEdit } = encodeOldValue(a, b);
          const json = JSON.parse(JSON.stringify(stored)); // what jsonb gives back
          expect(decodeOldValue(json, isEdit, b)).toBe(a);
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it("a keystroke in a long comment stores a few characters, not the text again", () => {
    const old = "The referral date is recorded in a structured field. ".repeat(40);
    const next = `${old.slice(0, 500)}x${old.slice(500)}`;
    const { stored, isEdit } = encodeOldValue(old, next);
    expect(isEdit).toBe(true);
    expect(JSON.stringify(stored).length).toBeLessThan(30);
  });

  it("short values, non-text values and rewrites are kept whole", () => {
    expect(encodeOldValue("short", "shorter")).toEqual({ stored: "short", isEdit: false });
    expect(encodeOldValue({ recorded: "structured" }, null)).toEqual({ stored: { recorded: "structured" }, isEdit: false });
    const a = "a".repeat(300);
    const b = "b".repeat(300);
    expect(encodeOldValue(a, b)).toEqual({ stored: a, isEdit: false });
    expect(encodeOldValue(a, null)).toEqual({ stored: a, isEdit: false });
  });

  it("never splits an emoji between the kept and the stored part", () => {
    const old = `${"x".repeat(250)}😀${"y".repeat(250)}`;
    const next = `${"x".repeat(250)}😃${"y".repeat(250)}`;
    const { stored, isEdit } = encodeOldValue(old, next);
    expect(isEdit).toBe(true);
    expect((stored as [number, number, string])[2]).toBe("😀");
    expect(decodeOldValue(stored, isEdit, next)).toBe(old);
  });
});
