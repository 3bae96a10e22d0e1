/**
 * The words about colleagues' changes, on the fixture survey's model: the arrival notice counts each
 * colleague's changes on the page the person is on and elsewhere; "who answered each section" tallies
 * who last changed each answer per section (a matrix row counts once); times say the day when not today.
 */
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { Model } from "survey-core";
import { arrivalNotice, changedByText, whenText } from "../../../client/src/respondent/colleague-changes.tsx";
import { authorsText, sectionAuthors } from "../../../client/src/respondent/section-panel.tsx";

const survey = new Model(JSON.parse(readFileSync(new URL("../../fixtures/respondent/small-survey.json", import.meta.url), "utf8")));
const now = new Date(2026, 11, 5, 15, 0);
const at = (h: number, m: number, day = 5) => new Date(2026, 11, day, h, m).toISOString();
const priya = (time: string) => ({ name: "Priya Shah", role: "Head of Performance", at: time });
const sam = (time: string) => ({ name: "Sam Jones", role: "Workforce analyst", at: time });

describe("colleagues' changes in words", () => {
  it("names who changed an answer and when, with the day when it was not today", () => {
    expect(changedByText(priya(at(14, 32)), now)).toBe("Priya Shah (Head of Performance) changed this at 14:32");
    expect(whenText(at(9, 5, 3), now)).toBe("3 Dec at 09:05");
    expect(changedByText(null, now)).toBe("A colleague changed this after you opened the page.");
  });

  it("counts each colleague's arriving changes on this page and elsewhere", () => {
    const by = { analysts: priya(at(14, 0)), tools: priya(at(14, 1)), "maturity.quality": priya(at(14, 2)), notes: sam(at(14, 3)) };
    expect(arrivalNotice(survey, "about", ["analysts", "tools"], by)).toBe("Priya Shah changed 2 answers on this page.");
    expect(arrivalNotice(survey, "about", ["analysts", "maturity.quality", "notes"], by)).toBe(
      "Priya Shah changed 1 answer on this page and 1 answer on other pages. Sam Jones changed 1 answer on other pages.",
    );
    expect(arrivalNotice(survey, "about", ["lead_name"], {})).toBe("A colleague changed 1 answer on this page.");
  });

  it("says who answered each section, most answers first, with the newest change", () => {
    const authors = sectionAuthors(survey, {
      lead_name: priya(at(10, 0)),
      analysts: priya(at(11, 0)),
      "items_safe.di_referral_date": sam(at(12, 0)),
      "maturity.quality": sam(at(12, 30)),
      notes: priya(at(13, 15)),
    });
    expect(authors.get("about")).toEqual({ people: ["Priya Shah (Head of Performance)"], lastAt: at(11, 0) });
    expect(authors.get("items")).toEqual({ people: ["Sam Jones (Workforce analyst)", "Priya Shah (Head of Performance)"], lastAt: at(13, 15) });
    expect(authors.get("final")).toBeUndefined();
    expect(authorsText(authors.get("items"))).toMatch(/^Answered by Sam Jones \(Workforce analyst\) and Priya Shah \(Head of Performance\); last change (\d+ \w+ at )?\d\d:\d\d\.$/); // the day is added on other days
    expect(authorsText(undefined)).toBe("Nobody has answered this section yet.");
  });
});
