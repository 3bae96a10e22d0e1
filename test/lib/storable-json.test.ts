import { describe, expect, it } from "vitest";
import { describeUnstorable, findUnstorableJson } from "../../server/lib/storable-json.ts";

describe("findUnstorableJson", () => {
  it("accepts ordinary answers, including emoji (paired surrogates), RTL text and SQL metacharacters", () => {
    expect(findUnstorableJson({ changes: { a: "👩🏽‍💻 ∑", b: ["x", 1, null], c: { d: "'; DROP TABLE x; --" } }, contributor: { name: "مرحبا" } })).toBeNull();
  });

  it("names the field holding a NUL, a lone surrogate, or a bad key", () => {
    expect(findUnstorableJson({ changes: { q1: "a\u0000b" } })).toEqual({ path: "changes.q1", problem: "contains a NUL character (U+0000)" });
    expect(findUnstorableJson({ changes: { q2: ["ok", "\ud800"] } })?.path).toBe("changes.q2.1");
    expect(findUnstorableJson({ changes: { q3: "x\udc00" } })?.problem).toMatch(/unpaired/);
    expect(findUnstorableJson({ uiState: { "k\u0000": 1 } })?.problem).toMatch(/key/);
  });

  it("refuses nesting deeper than the limit without recursing further", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    const found = findUnstorableJson({ x: deep }, 32);
    expect(found?.problem).toBe("is nested more than 32 levels deep");
    expect(describeUnstorable(found!).length).toBeLessThan(160);
    expect(findUnstorableJson({ a: { b: { c: 1 } } }, 3)).toBeNull();
  });
});
