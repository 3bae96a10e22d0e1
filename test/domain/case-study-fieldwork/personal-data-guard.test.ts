import { describe, expect, it } from "vitest";
import { findPersonalData, personalDataMessage } from "../../../server/domain/case-study-fieldwork/personal-data-guard.ts";

describe("personal data in consultation text", () => {
  it.each([
    ["Contact jo.bloggs@example.org for follow-up", "e-mail address"],
    ["Ring 07700 900123 after school", "phone number"],
    ["lives near SW1A 1AA", "postcode"],
    ["Mrs Patel said the review was late", "name"],
    ["a boy called Jayden felt unheard", "name"],
    ["DOB 12/03/2009", "date of birth"],
  ])("refuses %s", (text, kind) => {
    const found = findPersonalData(text);
    expect(found.map((f) => f.kind)).toContain(kind);
    expect(personalDataMessage("themes[0].theme", found)).toMatch(new RegExp(`^themes\\[0\\]\\.theme looks like it contains personal data \\(.*${kind}`));
  });

  it.each([
    "Care leavers wanted more say in pathway plans",
    "Parents found child protection conferences hard to follow; 3 of 8 had no interpreter",
    "Young people in Year 11 said changes of social worker (four in 2 years) hurt trust",
  ])("accepts themes without personal data: %s", (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });
});
