import { describe, expect, it } from "vitest";
import { editDistance, laMatches, normaliseForSearch } from "../../../client/src/console/la-search.ts";

const hf = ["Hammersmith and Fulham", "205", "London", "London borough"];

describe("forgiving LA search", () => {
  it("ignores case, accents and punctuation, and reads & as and", () => {
    expect(normaliseForSearch("St. Helens")).toBe("st helens");
    expect(laMatches("st helens", ["St. Helens", "342", "North West", "metropolitan district"])).toBe(true);
    expect(laMatches("HAMMERSMITH & FULHAM", hf)).toBe(true);
    expect(laMatches("kings lynn", ["King's Lynn and West Norfolk"])).toBe(true);
    expect(laMatches("bristol city of", ["Bristol, City of", "801"])).toBe(true);
  });

  it("allows one wrong, missing, extra or swapped letter in a word of four letters or more", () => {
    expect(laMatches("hamersmith", hf)).toBe(true); // missing
    expect(laMatches("hammersmitth", hf)).toBe(true); // extra
    expect(laMatches("hammersmiht", hf)).toBe(true); // swapped
    expect(laMatches("fulhan", hf)).toBe(true); // wrong
    expect(laMatches("hamer", hf)).toBe(true); // the start of a word, one letter off
    expect(laMatches("hmaersmiht", hf)).toBe(false); // two swaps
    expect(laMatches("camden", hf)).toBe(false);
    expect(laMatches("fulx", hf)).toBe(true);
    expect(laMatches("20x", hf)).toBe(false); // short words and codes must be exact
  });

  it("needs every word of the query to match", () => {
    expect(laMatches("london fulham", hf)).toBe(true);
    expect(laMatches("london camden", hf)).toBe(false);
    expect(laMatches("", hf)).toBe(true);
  });

  it("measures distance with adjacent swaps as one edit", () => {
    expect(editDistance("ab", "ba")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("abcd", "xyzw")).toBeGreaterThan(1);
  });
});
